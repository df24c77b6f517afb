package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.RateLimiter;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.http.SurfaceErrors;
import org.leadport.json.Json;

/**
 * HubSpot's error shape for the {@code /crm/v3/objects/...} surface: {@code
 * {"status":"error","message","correlationId","category","errors":[{"message","in"?,"code"}]}} with
 * the HTTP status of the failure. Native routes keep the native shape.
 */
final class HubSpotErrors {

  private HubSpotErrors() {}

  /**
   * {@code handler} (usually a guarded one: authentication, rate limit and scope failures too) with
   * every failure rendered in HubSpot's shape.
   */
  static Handler wrap(Handler handler) {
    return SurfaceErrors.wrap(handler, HubSpotErrors::render);
  }

  static void render(Context ctx, LeadportException e) {
    SurfaceErrors.render(ctx, e, HubSpotErrors::render);
  }

  static void render(
      Context ctx, int status, String code, @Nullable String message, @Nullable String in) {
    if (status == 429 && RateLimiter.TEN_SECONDLY_ROLLING.equals(code)) {
      rateLimited(ctx, message);
      return;
    }
    ObjectNode body = Json.object();
    body.put("status", "error");
    body.put("message", message);
    body.put("correlationId", correlationId(ctx));
    body.put("category", category(status, code));
    ObjectNode error = body.putArray("errors").addObject();
    error.put("message", message);
    if (in != null && !in.isEmpty()) {
      error.put("in", in);
    }
    error.put("code", code.toUpperCase(Locale.ROOT));
    Responses.json(ctx, status, body);
  }

  /**
   * HubSpot's 429 for its ten-second limit, in HubSpot's documented shape ({@code status}, {@code
   * message}, {@code errorType}, {@code correlationId}, {@code policyName}, {@code requestId}):
   * HubSpot's clients retry it after ten seconds when {@code policyName} is {@code
   * TEN_SECONDLY_ROLLING}.
   */
  private static void rateLimited(Context ctx, @Nullable String message) {
    ObjectNode body = Json.object();
    body.put("status", "error");
    body.put("message", message);
    body.put("errorType", "RATE_LIMIT");
    body.put("correlationId", correlationId(ctx));
    body.put("policyName", "TEN_SECONDLY_ROLLING");
    body.put("requestId", Requests.id(ctx));
    Responses.json(ctx, 429, body);
  }

  /** A UUID derived from the request id (sent as {@code X-Request-Id}), so logs correlate. */
  static String correlationId(Context ctx) {
    return UUID.nameUUIDFromBytes(Requests.id(ctx).getBytes(StandardCharsets.UTF_8)).toString();
  }

  static String category(int status, String code) {
    return switch (status) {
      case 400, 413, 415 -> "VALIDATION_ERROR";
      case 401 -> "INVALID_AUTHENTICATION";
      case 403 -> "insufficient_scope".equals(code) ? "MISSING_SCOPES" : "FORBIDDEN";
      case 404 -> "OBJECT_NOT_FOUND";
      case 405 -> "METHOD_NOT_ALLOWED";
      case 409 -> "CONFLICT";
      case 429 -> "RATE_LIMITS";
      default -> status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR";
    };
  }
}
