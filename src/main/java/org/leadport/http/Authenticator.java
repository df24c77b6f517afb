package org.leadport.http;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import org.leadport.LeadportException;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;
import org.leadport.store.Workspace;

/**
 * Authenticates requests: API keys (Bearer, or Basic with the key as user name and an empty
 * password) for the public API, the admin token for the admin API. Thread-safe.
 */
public final class Authenticator {
  /** Sent with every 401 so both kinds of clients know what to send. */
  public static final String CHALLENGE = "Basic realm=\"leadport\", Bearer realm=\"leadport\"";

  private final ApiKeyRepository keys;
  private final byte[] adminToken;

  public Authenticator(ApiKeyRepository keys, String adminToken) {
    this.keys = keys;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The principal of a request that must hold {@code scope}: 401 without a live key, 403 for a
   * suspended workspace or a missing scope.
   */
  public Principal require(Context ctx, Scope scope) {
    return authorize(authenticate(ctx), scope);
  }

  /** The principal of a request's live API key; the same 401 for every way of failing. */
  public Principal authenticate(Context ctx) {
    return credential(ctx).flatMap(keys::authenticate).orElseThrow(Authenticator::denied);
  }

  /**
   * The principal of a live API key presented outside the {@code Authorization} header (the query
   * parameter of a download link a browser follows); the same 401 for every way of failing.
   */
  public Principal authenticateKey(String key) {
    Optional<Principal> p =
        key == null || key.isEmpty() ? Optional.empty() : keys.authenticate(key);
    return p.orElseThrow(Authenticator::denied);
  }

  /**
   * {@code p} itself when it may act with {@code scope}: 403 for a suspended workspace or a missing
   * scope.
   */
  public Principal authorize(Principal p, Scope scope) {
    if (p.workspaceStatus() != Workspace.Status.ACTIVE) {
      throw new LeadportException(403, "workspace_suspended", "This workspace is suspended.");
    }
    if (!p.scopes().contains(scope)) {
      throw new LeadportException(
          403,
          "insufficient_scope",
          "This API key lacks the " + scope.wireName() + " scope.",
          scope.wireName());
    }
    return p;
  }

  /** Checks the admin bearer token in constant time; 401 otherwise. */
  public void requireAdmin(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw denied();
    }
    byte[] presented = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(presented, adminToken)) {
      throw denied();
    }
  }

  /** The same 401 for every way of failing, so callers learn nothing about keys. */
  public static LeadportException denied() {
    return new LeadportException(401, "unauthorized", "Missing or invalid credentials.");
  }

  private static Optional<String> credential(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null) {
      return Optional.empty();
    }
    header = header.trim();
    if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.of(header.substring(7).trim());
    }
    if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
      try {
        String decoded =
            new String(
                Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        return user.isEmpty() ? Optional.empty() : Optional.of(user);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }
}
