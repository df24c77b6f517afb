package org.leadport.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A webhook endpoint as stored: where deliveries go, which events it wants, its signing secrets
 * (the previous one signs too until {@code previousSecretUntil}), and whether it was disabled.
 *
 * @param apiKeyId the key that created it; its email address hears when the endpoint is disabled
 */
public record Endpoint(
    String id,
    String workspaceId,
    @Nullable String apiKeyId,
    String url,
    Set<EventType> events,
    @Nullable String description,
    WebhookSecret secret,
    @Nullable WebhookSecret previousSecret,
    @Nullable Instant previousSecretUntil,
    @Nullable Instant disabledAt,
    @Nullable String disabledReason,
    Instant createdAt,
    Instant updatedAt) {

  public Endpoint {
    events = Set.copyOf(events);
  }

  /** Whether deliveries go out to it. */
  public boolean enabled() {
    return disabledAt == null;
  }

  /** The secrets a delivery made at {@code now} is signed with: the current one first. */
  public List<WebhookSecret> signingSecrets(Instant now) {
    List<WebhookSecret> keys = new ArrayList<>(2);
    keys.add(secret);
    if (previousSecret != null
        && previousSecretUntil != null
        && now.isBefore(previousSecretUntil)) {
      keys.add(previousSecret);
    }
    return keys;
  }

  /** Maps a row of {@code webhook_endpoints}. */
  static Endpoint read(ResultSet rs) throws SQLException {
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    Array array = rs.getArray("events");
    for (Object name : (Object[]) array.getArray()) {
      EventType.fromWire((String) name).ifPresent(events::add);
    }
    String previous = rs.getString("previous_secret");
    return new Endpoint(
        rs.getString("id"),
        rs.getString("workspace_id"),
        rs.getString("api_key_id"),
        rs.getString("url"),
        events,
        rs.getString("description"),
        WebhookSecret.parse(rs.getString("secret")),
        previous == null ? null : WebhookSecret.parse(previous),
        instant(rs, "previous_secret_until"),
        instant(rs, "disabled_at"),
        rs.getString("disabled_reason"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
