package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Requests;
import org.leadport.http.SurfaceErrors;
import org.leadport.json.Json;

/**
 * JSON:API's error shape for the {@code /api/v2/...} surface: {@code
 * {"errors":[{"id","status","code","title","detail","source"?}]}} as {@code
 * application/vnd.api+json}, with the HTTP status of the failure. {@code id} is the request id
 * (also sent as {@code X-Request-Id}); {@code source} says where the problem is: a JSON pointer
 * into the request document ({@code pointer}), a query parameter ({@code parameter}) or a header
 * ({@code header}). Native routes keep the native shape.
 */
final class JsonApiErrors {

  /** The media type of every JSON:API response of this surface. */
  static final String MEDIA_TYPE = "application/vnd.api+json; charset=utf-8";

  /** Request headers an error can be about; anything else named is a query parameter. */
  private static final Set<String> HEADERS =
      Set.of("accept", "authorization", "content-length", "content-type");

  private JsonApiErrors() {}

  /**
   * {@code handler} (usually a guarded one: authentication, rate limit and scope failures too) with
   * every failure rendered in JSON:API's shape.
   */
  static Handler wrap(Handler handler) {
    return SurfaceErrors.wrap(
        handler,
        (ctx, status, code, detail, about) ->
            render(ctx, status, code.startsWith("http_") ? code(status) : code, detail, about));
  }

  static void render(Context ctx, LeadportException e) {
    SurfaceErrors.render(ctx, e, JsonApiErrors::render);
  }

  /**
   * Writes {@code {"errors":[…]}} with one error. {@code about} is a JSON pointer (starting with
   * {@code /}), a header or query parameter name, or null.
   */
  static void render(
      Context ctx, int status, String code, @Nullable String detail, @Nullable String about) {
    // Headers of a file response that was being prepared do not describe the error.
    ctx.res().setHeader("Content-Disposition", null);
    ObjectNode body = Json.object();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("id", Requests.id(ctx));
    error.put("status", Integer.toString(status));
    error.put("code", code);
    error.put("title", title(status));
    error.put("detail", detail);
    if (about != null && !about.isEmpty()) {
      if (about.startsWith("/")) {
        error.putObject("source").put("pointer", about);
      } else if (HEADERS.contains(about.toLowerCase(Locale.ROOT))) {
        error.putObject("source").put("header", about);
      } else if (ctx.queryParamMap().containsKey(about)) {
        error.putObject("source").put("parameter", about);
      }
    }
    ctx.status(status);
    ctx.contentType(MEDIA_TYPE);
    ctx.result(Json.bytes(body));
  }

  /** The error code of a status the framework (not Leadport) decided on. */
  static String code(int status) {
    return switch (status) {
      case 404 -> "not_found";
      case 405 -> "method_not_allowed";
      case 413 -> "payload_too_large";
      default -> status >= 500 ? "internal_error" : "bad_request";
    };
  }

  /** The HTTP reason phrase, JSON:API's {@code title}: the same for every error of a kind. */
  static String title(int status) {
    return switch (status) {
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 406 -> "Not Acceptable";
      case 409 -> "Conflict";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 422 -> "Unprocessable Content";
      case 429 -> "Too Many Requests";
      case 503 -> "Service Unavailable";
      default -> status >= 500 ? "Internal Server Error" : "Client Error";
    };
  }
}
