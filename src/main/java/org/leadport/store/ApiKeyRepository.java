package org.leadport.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;

/**
 * Stores API keys as SHA-256 hashes of their secrets and finds the key a secret belongs to.
 * Thread-safe.
 */
public final class ApiKeyRepository {
  private static final String PREFIX = "lp_";
  private static final char[] ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

  /** 43 base-62 characters carry 256 bits; far more than the 128 asked for. */
  private static final int SECRET_CHARS = 43;

  /** Last-used times are kept to the minute so that a busy key does not write on every call. */
  private static final Duration LAST_USED_RESOLUTION = Duration.ofMinutes(1);

  private final SecureRandom random = new SecureRandom();
  private final Jdbi jdbi;
  private final Clock clock;

  public ApiKeyRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A key as the admin API shows it: never with its secret. */
  public record ApiKey(
      String id,
      String workspaceId,
      String name,
      Set<Scope> scopes,
      @Nullable String email,
      Instant createdAt) {}

  /** A freshly created key with the secret, which exists only in this value. */
  public record CreatedKey(ApiKey key, String secret) {}

  /** The key a request authenticated with, and the state of its workspace. */
  public record Principal(
      String keyId, String workspaceId, Set<Scope> scopes, Workspace.Status workspaceStatus) {}

  public CreatedKey create(
      String workspaceId, String name, Set<Scope> scopes, @Nullable String email) {
    String secret = newSecret();
    String id = Ids.apiKey();
    Instant now = clock.instant();
    List<String> scopeNames = scopes.stream().map(Scope::wireName).sorted().toList();
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into api_keys (id, workspace_id, name, key_hash, scopes, email, created_at)
                values (:id, :ws, :name, :hash, :scopes, :email, :now)
                """)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("name", name)
            .bind("hash", hash(secret))
            .bindArray("scopes", String.class, scopeNames)
            .bind("email", email)
            .bind("now", Timestamp.from(now))
            .execute());
    return new CreatedKey(new ApiKey(id, workspaceId, name, scopes, email, now), secret);
  }

  /**
   * The live key whose secret is {@code secret}; empty for unknown, revoked or malformed secrets
   * alike, so callers cannot tell them apart.
   */
  public Optional<Principal> authenticate(String secret) {
    if (secret == null || !secret.startsWith(PREFIX) || secret.length() > 200) {
      return Optional.empty();
    }
    byte[] presented = hash(secret);
    Optional<Row> row =
        jdbi.withHandle(h ->
            h.createQuery(
                    """
                    select k.id, k.workspace_id, k.scopes, k.key_hash, k.last_used_at,
                           w.status
                    from api_keys k join workspaces w on w.id = k.workspace_id
                    where k.key_hash = :hash and k.revoked_at is null
                    """)
                .bind("hash", presented)
                .map((rs, ctx) ->
                    new Row(
                        rs.getString("id"),
                        rs.getString("workspace_id"),
                        scopes(rs.getArray("scopes")),
                        rs.getBytes("key_hash"),
                        rs.getTimestamp("last_used_at"),
                        Workspace.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT))))
                .findOne());
    // The index found the row by hash; compare again in constant time so timing says nothing.
    if (row.isEmpty() || !MessageDigest.isEqual(presented, row.get().hash())) {
      return Optional.empty();
    }
    Row r = row.get();
    touch(r);
    return Optional.of(new Principal(r.id(), r.workspaceId(), r.scopes(), r.status()));
  }

  /** Revokes a key at once; an unknown or already revoked key is a 404. */
  public void revoke(String id) {
    int updated =
        jdbi.withHandle(h ->
            h.createUpdate(
                    "update api_keys set revoked_at = :now where id = :id and revoked_at is null")
                .bind("now", Timestamp.from(clock.instant()))
                .bind("id", id)
                .execute());
    if (updated == 0) {
      throw LeadportException.notFound("API key", id);
    }
  }

  /** The email address done-emails for this key's exports go to, if one was given. */
  public Optional<String> email(String keyId) {
    return jdbi.withHandle(h ->
        h.createQuery("select email from api_keys where id = :id")
            .bind("id", keyId)
            .mapTo(String.class)
            .findOne());
  }

  /** The names of the workspace's keys among {@code ids}, by id (revoked keys included). */
  public java.util.Map<String, String> names(String workspaceId, java.util.Collection<String> ids) {
    if (ids.isEmpty()) {
      return java.util.Map.of();
    }
    java.util.Map<String, String> out = new java.util.HashMap<>();
    jdbi.useHandle(h ->
        h.createQuery("select id, name from api_keys where workspace_id = :ws and id in (<ids>)")
            .bind("ws", workspaceId)
            .bindList("ids", List.copyOf(new java.util.TreeSet<>(ids)))
            .map((rs, ctx) -> java.util.Map.entry(rs.getString("id"), rs.getString("name")))
            .forEach(e -> out.put(e.getKey(), e.getValue())));
    return out;
  }

  /** When the key was last used, to the minute; empty when never. */
  public Optional<Instant> lastUsed(String keyId) {
    return jdbi.withHandle(h ->
        h.createQuery("select last_used_at from api_keys where id = :id")
            .bind("id", keyId)
            .mapTo(Timestamp.class)
            .findOne()
            .map(Timestamp::toInstant));
  }

  private void touch(Row r) {
    Instant now = clock.instant();
    if (r.lastUsed() != null && r.lastUsed().toInstant().plus(LAST_USED_RESOLUTION).isAfter(now)) {
      return;
    }
    jdbi.useTransaction(h -> {
      // A key's first request of a minute should not wait for a WAL flush: last_used_at is
      // informational (to the minute), and a crash of PostgreSQL within its WAL writer's delay
      // only loses the stamp of those moments, which the key's next request writes again.
      h.execute("set local synchronous_commit = off");
      h.createUpdate("update api_keys set last_used_at = :now where id = :id")
          .bind("now", Timestamp.from(now))
          .bind("id", r.id())
          .execute();
    });
  }

  private String newSecret() {
    char[] out = new char[SECRET_CHARS];
    for (int i = 0; i < out.length; i++) {
      out[i] = ALPHABET[random.nextInt(ALPHABET.length)];
    }
    return PREFIX + new String(out);
  }

  /** SHA-256 of the secret's UTF-8 bytes. */
  public static byte[] hash(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static Set<Scope> scopes(Array array) throws SQLException {
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (Object o : (Object[]) array.getArray()) {
      Scope.fromWireName((String) o).ifPresent(out::add);
    }
    return out;
  }

  private record Row(
      String id,
      String workspaceId,
      Set<Scope> scopes,
      byte[] hash,
      Timestamp lastUsed,
      Workspace.Status status) {}
}
