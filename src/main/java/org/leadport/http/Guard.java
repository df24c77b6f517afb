package org.leadport.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
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
  private final RateLimiter limiter;
  private final KeyGate gate = new KeyGate();

  public Guard(Authenticator auth, RateLimiter limiter) {
    this.auth = auth;
    this.limiter = limiter;
  }

  /**
   * Authenticates (a 401, or a 429 once the client address failed too often, see {@link
   * RateLimiter}), takes a token of the key's rate limit (429 when none is left; the {@code
   * X-RateLimit-*} headers from here on), then checks the scope (403) and runs {@code handler}.
   */
  public Handler scope(Scope scope, AuthedHandler handler) {
    return scope(scope, ctx -> null, handler);
  }

  /**
   * As {@link #scope(Scope, AuthedHandler)}, for endpoints where a client may present its key
   * outside the {@code Authorization} header: {@code presentedKey} returns that key (null when the
   * request brings none; it may refuse the request itself). The key is only ever compared, never
   * logged or echoed.
   */
  public Handler scope(
      Scope scope, Function<Context, @Nullable String> presentedKey, AuthedHandler handler) {
    return ctx -> {
      Principal principal;
      try {
        String presented = presentedKey.apply(ctx);
        principal = presented == null ? auth.authenticate(ctx) : auth.authenticateKey(presented);
      } catch (LeadportException e) {
        if (e.status() == 401) {
          limiter.authenticationFailed(ctx);
        }
        throw e;
      }
      // One request of a key at a time waits for its bucket's row lock (and so for a connection).
      gate.serially(principal.keyId(), () -> limiter.acquire(ctx, principal.keyId()));
      handler.handle(ctx, auth.authorize(principal, scope));
    };
  }

  public Handler admin(Handler handler) {
    return ctx -> {
      auth.requireAdmin(ctx);
      handler.handle(ctx);
    };
  }
}
