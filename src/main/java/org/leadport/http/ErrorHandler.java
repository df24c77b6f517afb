package org.leadport.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.leadport.LeadportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP error responses. */
public final class ErrorHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);

  private ErrorHandler() {}

  public static void register(RoutesConfig routes) {
    routes.exception(LeadportException.class, ErrorHandler::leadport);
    routes.exception(HttpResponseException.class, ErrorHandler::javalin);
    routes.exception(Exception.class, ErrorHandler::unexpected);
  }

  static void leadport(LeadportException e, Context ctx) {
    // Raised before the route's own handler ran (a before-handler): still the route's shape.
    SurfaceErrors.Shape shape = SurfaceErrors.shapeOf(ctx);
    if (shape != null) {
      SurfaceErrors.render(ctx, e, shape);
      return;
    }
    if (e.status() == 401) {
      ctx.header("WWW-Authenticate", Authenticator.CHALLENGE);
    }
    if (e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
    Responses.json(ctx, e.status(), Responses.error(ctx, e.code(), e.getMessage(), e.param()));
  }

  /** Javalin's own responses: unknown route, wrong method, body over the server limit. */
  static void javalin(HttpResponseException e, Context ctx) {
    int status = e.getStatus();
    String code =
        switch (status) {
          case 404 -> "not_found";
          case 405 -> "method_not_allowed";
          case 413 -> "payload_too_large";
          default -> status >= 500 ? "internal_error" : "bad_request";
        };
    String message =
        switch (status) {
          case 404 -> "No endpoint " + ctx.method() + " " + ctx.path() + ".";
          case 405 -> "Method " + ctx.method() + " is not allowed on " + ctx.path() + ".";
          default -> e.getMessage();
        };
    Responses.json(ctx, status, Responses.error(ctx, code, message, null));
  }

  static void unexpected(Exception e, Context ctx) {
    LOG.error("request {} {} {} failed", Requests.id(ctx), ctx.method(), ctx.path(), e);
    Responses.json(
        ctx,
        500,
        Responses.error(
            ctx, "internal_error", "Something went wrong on our side; it has been logged.", null));
  }
}
