package org.leadport.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.model.Ids;

/**
 * Turns an event into deliveries: one message per enabled endpoint of the workspace that subscribed
 * to the event, queued on the caller's handle, so the event commits or rolls back with the write
 * that caused it (a job marked done, a lead change read from the feed) and is never lost between
 * the two. The payload is Standard Webhooks' shape, {@code {"type", "timestamp", "data"}}, as
 * compact JSON; it is stored as the exact text that is signed and sent. Thread-safe.
 */
public final class WebhookEvents {
  private final Clock clock;

  public WebhookEvents(Clock clock) {
    this.clock = clock;
  }

  /**
   * Queues {@code type} with {@code data} for every subscribed endpoint of {@code workspaceId}, due
   * at once; returns how many deliveries were queued.
   *
   * @param occurredAt when the event happened (the payload's {@code timestamp})
   */
  public int enqueue(
      Handle h, String workspaceId, EventType type, Instant occurredAt, ObjectNode data) {
    List<String> endpoints =
        h.createQuery(
                """
                select id from webhook_endpoints
                where workspace_id = :ws and :type = any(events)
                  and disabled_at is null and deleted_at is null
                """)
            .bind("ws", workspaceId)
            .bind("type", type.wireName())
            .mapTo(String.class)
            .list();
    return enqueue(h, workspaceId, endpoints, type, occurredAt, data);
  }

  /**
   * Queues {@code type} with {@code data} for each of {@code endpoints} (enabled endpoints of
   * {@code workspaceId} that want it, as the caller chose them), due at once; returns how many.
   */
  public int enqueue(
      Handle h,
      String workspaceId,
      List<String> endpoints,
      EventType type,
      Instant occurredAt,
      ObjectNode data) {
    if (endpoints.isEmpty()) {
      return 0;
    }
    String payload = payload(type, occurredAt, data);
    Timestamp now = Timestamp.from(clock.instant());
    PreparedBatch batch =
        h.prepareBatch(
            """
            insert into webhook_deliveries (id, endpoint_id, workspace_id, event_type, payload,
              next_attempt_at, created_at, updated_at)
            values (:id, :endpoint, :ws, :type, :payload, :now, :now, :now)
            """);
    for (String endpoint : endpoints) {
      batch
          .bind("id", Ids.next("msg_"))
          .bind("endpoint", endpoint)
          .bind("ws", workspaceId)
          .bind("type", type.wireName())
          .bind("payload", payload)
          .bind("now", now)
          .add();
    }
    batch.execute();
    return endpoints.size();
  }

  /** Whether any enabled endpoint of the workspace wants {@code type}. */
  public static boolean wanted(Handle h, String workspaceId, EventType type) {
    return h.createQuery(
            """
            select exists (select 1 from webhook_endpoints
              where workspace_id = :ws and :type = any(events)
                and disabled_at is null and deleted_at is null)
            """)
        .bind("ws", workspaceId)
        .bind("type", type.wireName())
        .mapTo(Boolean.class)
        .one();
  }

  /** The body every endpoint receives for this event. */
  static String payload(EventType type, Instant occurredAt, ObjectNode data) {
    ObjectNode body = Json.object();
    body.put("type", type.wireName());
    body.put("timestamp", Times.iso(occurredAt));
    body.set("data", data);
    return Json.text(body);
  }
}
