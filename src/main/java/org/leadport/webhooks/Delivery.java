package org.leadport.webhooks;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One message to one endpoint, as queued: its id (the {@code webhook-id} header, the same on every
 * attempt), the event, the exact payload that is signed and sent, and where its delivery stands.
 *
 * @param attempts attempts since it was queued or last redelivered by hand
 */
public record Delivery(
    String id,
    String endpointId,
    String workspaceId,
    String eventType,
    String payload,
    State state,
    int attempts,
    Instant nextAttemptAt,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant finishedAt) {

  /** Where a delivery stands. */
  public enum State {
    /** Waiting for its next attempt (or in one). */
    PENDING,
    /** An endpoint answered 2xx. */
    SUCCEEDED,
    /** Every attempt of the schedule failed. */
    FAILED;

    /** The name in the table and on the wire. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Maps a row of {@code webhook_deliveries}. */
  static Delivery read(ResultSet rs) throws SQLException {
    return new Delivery(
        rs.getString("id"),
        rs.getString("endpoint_id"),
        rs.getString("workspace_id"),
        rs.getString("event_type"),
        rs.getString("payload"),
        State.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
        rs.getInt("attempts"),
        rs.getTimestamp("next_attempt_at").toInstant(),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant(),
        Endpoint.instant(rs, "finished_at"));
  }
}
