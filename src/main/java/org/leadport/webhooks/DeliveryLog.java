package org.leadport.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.query.KeysetCursor;

/**
 * An endpoint's delivery log, as its owner reads it: messages newest first, each with its attempts
 * (newest first), paged with signed keyset cursors bound to the endpoint; and manual redelivery of
 * one message. Thread-safe.
 */
public final class DeliveryLog {
  /** Most attempts shown per message (the newest). */
  public static final int ATTEMPTS_SHOWN = 20;

  private final Jdbi jdbi;
  private final Clock clock;
  private final KeysetCursor cursors;

  /** A message and its newest attempts. */
  public record Entry(Delivery delivery, List<Attempt> attempts) {}

  /** One page and the cursor of the next, null at the end. */
  public record Page(List<Entry> entries, @Nullable String nextCursor) {}

  public DeliveryLog(Jdbi jdbi, Clock clock, KeysetCursor cursors) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cursors = cursors;
  }

  /** A page of the endpoint's log after {@code cursor} (400 naming {@code cursor} if foreign). */
  public Page page(Endpoint endpoint, @Nullable String cursor, int limit) {
    KeysetCursor.Position after =
        cursor == null
            ? null
            : cursors.decode(cursor, endpoint.workspaceId(), endpoint.id(), "cursor");
    List<Delivery> deliveries =
        jdbi.withHandle(h ->
            h.createQuery(
                    """
                    select * from webhook_deliveries where endpoint_id = :endpoint
                      and (cast(:at as timestamptz) is null or (created_at, id) < (:at, :id))
                    order by created_at desc, id desc limit :limit
                    """)
                .bind("endpoint", endpoint.id())
                .bind("at", after == null ? null : Timestamp.from(after.updatedAt()))
                .bind("id", after == null ? "" : after.id())
                .bind("limit", limit + 1)
                .map((rs, ctx) -> Delivery.read(rs))
                .list());
    List<Delivery> shown = deliveries.subList(0, Math.min(limit, deliveries.size()));
    Map<String, List<Attempt>> attempts = attempts(shown);
    List<Entry> entries = new ArrayList<>();
    for (Delivery d : shown) {
      entries.add(new Entry(d, attempts.getOrDefault(d.id(), List.of())));
    }
    String next = null;
    if (deliveries.size() > limit) {
      Delivery last = shown.getLast();
      next =
          cursors.encode(
              new KeysetCursor.Position(last.createdAt(), last.id()),
              endpoint.workspaceId(),
              endpoint.id());
    }
    return new Page(entries, next);
  }

  private Map<String, List<Attempt>> attempts(List<Delivery> deliveries) {
    Map<String, List<Attempt>> out = new HashMap<>();
    if (deliveries.isEmpty()) {
      return out;
    }
    jdbi.useHandle(h ->
        h.createQuery(
                """
                select * from (
                  select a.*, row_number() over (
                    partition by delivery_id order by attempted_at desc, id desc) as n
                  from webhook_attempts a where delivery_id = any(:ids)) t
                where n <= :shown order by delivery_id, attempted_at desc, id desc
                """)
            .bindArray("ids", String.class, deliveries.stream().map(Delivery::id).toList())
            .bind("shown", ATTEMPTS_SHOWN)
            .map((rs, ctx) -> {
              Integer status = (Integer) rs.getObject("status_code");
              out.computeIfAbsent(rs.getString("delivery_id"), k -> new ArrayList<>())
                  .add(
                      new Attempt(
                          rs.getTimestamp("attempted_at").toInstant(),
                          Duration.ofMillis(rs.getInt("duration_ms")),
                          status,
                          rs.getString("error")));
              return 1;
            })
            .list());
    return out;
  }

  /**
   * Sends a message of the endpoint again, now, with a fresh retry schedule and the same {@code
   * webhook-id} (receivers that dedupe on it see the same message). A message in an attempt right
   * now is claimed anew, so that attempt's outcome no longer counts. 404 when the endpoint has no
   * such message; 409 when the endpoint is disabled (enable it first).
   */
  public Delivery redeliver(Endpoint endpoint, String deliveryId) {
    if (!endpoint.enabled()) {
      throw LeadportException.conflict(
          "webhook_disabled",
          "Webhook "
              + endpoint.id()
              + " is disabled; enable it (POST /api/v1/webhooks/"
              + endpoint.id()
              + "/enable) before redelivering.");
    }
    Timestamp now = Timestamp.from(clock.instant());
    return jdbi.withHandle(h ->
            h.createQuery(
                    """
                    update webhook_deliveries set state = 'pending', attempts = 0,
                      next_attempt_at = :now, lease_owner = null, lease_expires_at = null,
                      fencing_token = fencing_token + 1, finished_at = null, updated_at = :now
                    where id = :id and endpoint_id = :endpoint
                    returning *
                    """)
                .bind("now", now)
                .bind("id", deliveryId)
                .bind("endpoint", endpoint.id())
                .map((rs, ctx) -> Delivery.read(rs))
                .findOne())
        .orElseThrow(() -> LeadportException.notFound("Delivery", deliveryId));
  }
}
