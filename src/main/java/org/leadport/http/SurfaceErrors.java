package org.leadport.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a surface's handler and renders every failure in that surface's own error shape (HubSpot's,
 * JSON:API's), with the headers every shape shares: {@code WWW-Authenticate} on a 401 and {@code
 * Retry-After} when the error knows when to retry. Stateless.
 */
public final class SurfaceErrors {
  private static final Logger LOG = LoggerFactory.getLogger(SurfaceErrors.class);

  /** Writes one error in a surface's shape. */
  @FunctionalInterface
  public interface Shape {
    /**
     * Renders one error.
     *
     * @param about the parameter, header or JSON path the error is about, or null
     */
    void render(
        Context ctx, int status, String code, @Nullable String message, @Nullable String about);
  }

  private SurfaceErrors() {}

  /**
   * A route's handler together with the error shape of its surface, so that a failure raised before
   * the handler runs (such as a malformed query string, see {@link QueryStringCheck}) is rendered
   * in the same shape by {@link ErrorHandler}.
   */
  public record Shaped(Shape shape, Handler handler) implements Handler {
    @Override
    public void handle(Context ctx) throws Exception {
      handler.handle(ctx);
    }
  }

  /** {@code handler} (usually a guarded one) with every failure rendered as {@code shape}. */
  public static Handler wrap(Handler handler, Shape shape) {
    return new Shaped(shape, guarded(handler, shape));
  }

  /**
   * The error shape of the route a request matched, or null when it has none of its own (the native
   * shape).
   */
  public static @Nullable Shape shapeOf(Context ctx) {
    var endpoint = ctx.endpoints().matchedHttpEndpoint();
    return endpoint != null && endpoint.handler instanceof Shaped s ? s.shape() : null;
  }

  private static Handler guarded(Handler handler, Shape shape) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (LeadportException e) {
        if (ctx.res().isCommitted()) {
          StreamedBody.abort(ctx, e);
          return;
        }
        // Rows of a body that was being prepared but not yet sent do not precede the error.
        ctx.res().resetBuffer();
        render(ctx, e, shape);
      } catch (HttpResponseException e) {
        if (ctx.res().isCommitted()) {
          StreamedBody.abort(ctx, e);
          return;
        }
        shape.render(ctx, e.getStatus(), "http_" + e.getStatus(), e.getMessage(), null);
      } catch (Exception e) {
        if (ctx.res().isCommitted()) {
          // A body was being streamed, so no error document can follow its first bytes: the
          // connection is broken off, so the client cannot take the part for the whole.
          StreamedBody.abort(ctx, e);
          return;
        }
        ctx.res().resetBuffer();
        LeadportException unavailable = ErrorHandler.unavailable(ctx, e);
        if (unavailable != null) {
          render(ctx, unavailable, shape);
          return;
        }
        LOG.error("request {} {} {} failed", Requests.id(ctx), ctx.method(), ctx.path(), e);
        shape.render(
            ctx,
            500,
            "internal_error",
            "Something went wrong on our side; it has been logged.",
            null);
      }
    };
  }

  /** A Leadport failure in {@code shape}, with the headers its status calls for. */
  public static void render(Context ctx, LeadportException e, Shape shape) {
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", Authenticator.CHALLENGE);
    }
    if (e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    shape.render(ctx, e.status(), e.code(), e.getMessage(), e.param());
  }
}
