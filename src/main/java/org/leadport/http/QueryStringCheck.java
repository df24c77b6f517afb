package org.leadport.http;

import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;

/**
 * Refuses a request whose query string is not well-formed: a {@code %} without two hex digits, or
 * bytes that are not UTF-8 once decoded. Javalin decodes such a value leniently into some other
 * text, so a corrupted cursor would silently restart an export; here it is a 400 naming the
 * parameter instead, on every endpoint, rendered in the shape of the surface the route belongs to
 * (see {@link ErrorHandler}). Runs once per matched request, on the raw query string. Stateless.
 */
public final class QueryStringCheck {
  private QueryStringCheck() {}

  /** The before-handler: throws the 400 when the request's query string is malformed. */
  public static void check(Context ctx) {
    check(ctx.queryString());
  }

  /**
   * Passes when every name and value of {@code rawQuery} (as sent, without {@code ?}; null when
   * absent) is well-formed percent-encoded UTF-8.
   *
   * @throws LeadportException 400 {@code invalid_parameter} naming the first malformed parameter
   */
  public static void check(@Nullable String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      String name;
      try {
        name = PercentDecoding.decode(rawName, true);
      } catch (PercentDecoding.MalformedException e) {
        throw LeadportException.invalid(
            rawName,
            "The name of query parameter " + rawName + " is not valid: " + e.getMessage() + ".");
      }
      if (eq < 0) {
        continue;
      }
      try {
        PercentDecoding.decode(pair.substring(eq + 1), true);
      } catch (PercentDecoding.MalformedException e) {
        throw LeadportException.invalid(
            name,
            "Query parameter " + name + " is not valid percent-encoding: " + e.getMessage() + ".");
      }
    }
  }
}
