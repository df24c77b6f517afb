package org.leadport.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;

/** Wraps handlers so that they run only for an authenticated caller with the right scope. */
public final class Guard {
  /** A handler that receives the caller's principal. */
  @FunctionalInterface
  public interface AuthedHandler {
    void handle(Context ctx, Principal principal) throws Exception;
  }

  private final Authenticator auth;

  public Guard(Authenticator auth) {
    this.auth = auth;
  }

  public Handler scope(Scope scope, AuthedHandler handler) {
    return ctx -> handler.handle(ctx, auth.require(ctx, scope));
  }

  public Handler admin(Handler handler) {
    return ctx -> {
      auth.requireAdmin(ctx);
      handler.handle(ctx);
    };
  }
}
