package org.leadport.http;

import io.javalin.http.Context;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;

/** Per-request helpers: the request id and strict query-parameter checks. */
public final class Requests {
  private static final String REQUEST_ID = "leadport.requestId";

  private Requests() {}

  /**
   * Gives the request its id and echoes it in {@code X-Request-Id}; refuses a path holding U+0000,
   * which no id can contain and PostgreSQL cannot compare.
   */
  public static void assignId(Context ctx) {
    String id = Ids.request();
    ctx.attribute(REQUEST_ID, id);
    ctx.header("X-Request-Id", id);
    if (ctx.path().indexOf('\u0000') >= 0) {
      throw LeadportException.invalid("path", "The path must not contain the NUL character.");
    }
  }

  public static String id(Context ctx) {
    String id = ctx.attribute(REQUEST_ID);
    return id != null ? id : "req_unknown";
  }

  /** Rejects query parameters outside {@code allowed}: nothing sent is ever silently ignored. */
  public static void allowQueryParams(Context ctx, Set<String> allowed) {
    for (String name : ctx.queryParamMap().keySet()) {
      // A stray '&' (as in "?limit=5&") names nothing; it is not a parameter to reject.
      if (!allowed.contains(name) && !name.isEmpty()) {
        throw LeadportException.invalid(
            name,
            "Unknown query parameter "
                + name
                + (allowed.isEmpty()
                    ? "; this endpoint takes none."
                    : "; valid parameters are " + new TreeSet<>(allowed) + "."));
      }
    }
    for (var entry : ctx.queryParamMap().entrySet()) {
      for (String value : entry.getValue()) {
        if (value.indexOf('\u0000') >= 0) {
          throw LeadportException.invalid(
              entry.getKey(), entry.getKey() + " must not contain the NUL character.");
        }
      }
      if (entry.getValue().size() > 1) {
        throw LeadportException.invalid(
            entry.getKey(), "Query parameter " + entry.getKey() + " may be given only once.");
      }
    }
  }

  /** A query parameter's value, or null when absent. */
  public static @Nullable String query(Context ctx, String name) {
    return ctx.queryParam(name);
  }

  /** An integer query parameter within [min, max], or {@code fallback} when absent. */
  public static int intQuery(Context ctx, String name, int min, int max, int fallback) {
    String raw = ctx.queryParam(name);
    if (raw == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(raw);
      if (value >= min && value <= max) {
        return value;
      }
      throw outOfRange(name, min, max);
    } catch (NumberFormatException e) {
      throw outOfRange(name, min, max);
    }
  }

  private static LeadportException outOfRange(String name, int min, int max) {
    return LeadportException.invalid(
        name, name + " must be a whole number between " + min + " and " + max + ".");
  }
}
