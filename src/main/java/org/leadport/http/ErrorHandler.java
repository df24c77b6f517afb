package org.leadport.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.store.TransientFailures;
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
    if (ctx.res().isCommitted()) {
      StreamedBody.abort(ctx, e);
      return;
    }
    // Rows of a body that was being prepared but not yet sent do not precede the error.
    ctx.res().resetBuffer();
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
    if (ctx.res().isCommitted()) {
      StreamedBody.abort(ctx, e);
      return;
    }
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

  /**
   * The 503 of a failure that is no fault of the request and passes (PostgreSQL unavailable, a
   * statement timeout), logged as a warning; null for any other failure.
   */
  static @Nullable LeadportException unavailable(Context ctx, Exception e) {
    LeadportException answer = null;
    if (TransientFailures.databaseUnavailable(e)) {
      answer = LeadportException.databaseUnavailable(TransientFailures.RETRY_AFTER_SECONDS);
    } else if (TransientFailures.statementCanceled(e)) {
      answer = LeadportException.queryTimeout(TransientFailures.RETRY_AFTER_SECONDS);
    }
    if (answer != null && ClientDisconnects.clientLeft(ctx)) {
      // Nobody reads this answer: the statement was cancelled because the client went away.
      LOG.debug("request {} {} {}: client gone", Requests.id(ctx), ctx.method(), ctx.path(), e);
    } else if (answer != null) {
      LOG.warn(
          "request {} {} {}: {}", Requests.id(ctx), ctx.method(), ctx.path(), answer.code(), e);
    }
    return answer;
  }

  /**
   * A failure of ours: after the headers went out the connection is aborted, never completed with
   * an error appended to the body; an unavailable database or a statement timeout is a 503 with
   * {@code Retry-After}; anything else a logged 500.
   */
  static void unexpected(Exception e, Context ctx) {
    if (ctx.res().isCommitted()) {
      StreamedBody.abort(ctx, e);
      return;
    }
    LeadportException unavailable = unavailable(ctx, e);
    if (unavailable != null) {
      leadport(unavailable, ctx);
      return;
    }
    LOG.error("request {} {} {} failed", Requests.id(ctx), ctx.method(), ctx.path(), e);
    ctx.res().resetBuffer();
    Responses.json(
        ctx,
        500,
        Responses.error(
            ctx, "internal_error", "Something went wrong on our side; it has been logged.", null));
  }
}
