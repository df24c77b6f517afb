package org.leadport.surface.close;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.jspecify.annotations.Nullable;
import org.leadport.http.Responses;
import org.leadport.http.SurfaceErrors;
import org.leadport.json.Json;

/**
 * Close's error shape on the Close routes ({@code /api/v1/export/...}, {@code
 * /api/v1/data/search/}): the native body ({@code code message param? request_id}) plus what
 * Close's clients read: {@code error} (the message), {@code errors} (messages not about one field)
 * and {@code field-errors} (by parameter or JSON path). Close's Python client raises its {@code
 * ValidationError} from the last two on a 400 and, on a 429, sleeps for the {@code reset} of the
 * {@code RateLimit: limit=…, remaining=…, reset=…} header (else {@code Retry-After}), which every
 * 429 here carries. See docs/close-exports.md. Stateless.
 */
final class CloseErrors {
  private final int exportQuota;
  private final long exportRowsQuota;

  /**
   * @param exportQuota exports per workspace per rolling 24 h, the limit of the quota's 429
   * @param exportRowsQuota rows per workspace per rolling 24 h, the limit of the rows quota's 429
   */
  CloseErrors(int exportQuota, long exportRowsQuota) {
    this.exportQuota = exportQuota;
    this.exportRowsQuota = exportRowsQuota;
  }

  /** {@code handler} (usually a guarded one) with every failure in Close's shape. */
  Handler wrap(Handler handler) {
    return SurfaceErrors.wrap(handler, this::render);
  }

  void render(
      Context ctx, int status, String code, @Nullable String message, @Nullable String param) {
    ObjectNode body = Responses.error(ctx, code, message, param);
    body.put("error", message);
    ObjectNode fieldErrors = Json.object();
    // A 400 about one parameter is a field error; anything else (a missing scope names the scope,
    // not a field) is a plain error.
    if (status == 400 && param != null && !param.isEmpty()) {
      body.putArray("errors");
      fieldErrors.put(param, message);
    } else {
      body.putArray("errors").add(message);
    }
    body.set("field-errors", fieldErrors);
    if (status == 429) {
      ctx.header("RateLimit", rateLimit(ctx, code));
    }
    Responses.json(ctx, status, body);
  }

  /**
   * The {@code RateLimit} header of a 429: the quota that refused, with nothing of it left: the
   * workspace's exports per 24 h, its rows per 24 h, or the key's per-minute bucket as the rate
   * limiter wrote it ({@code X-RateLimit-*}); {@code reset} is the Retry-After.
   */
  private String rateLimit(Context ctx, String code) {
    String retryAfter = ctx.res().getHeader("Retry-After");
    String reset = retryAfter == null ? "1" : retryAfter;
    String bucket = ctx.res().getHeader("X-RateLimit-Limit");
    String limit =
        switch (code == null ? "" : code) {
          case "export_quota_exceeded" -> Integer.toString(exportQuota);
          case "export_rows_quota_exceeded" -> Long.toString(exportRowsQuota);
          default -> bucket == null ? Integer.toString(exportQuota) : bucket;
        };
    return "limit=" + limit + ", remaining=0, reset=" + reset;
  }
}
