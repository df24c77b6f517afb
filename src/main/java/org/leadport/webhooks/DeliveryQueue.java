package org.leadport.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * The delivery table as a queue that workers take messages from, as {@code jobs.JobLeases} does
 * with export jobs: a claim takes the most overdue pending message of an enabled endpoint with
 * {@code FOR UPDATE SKIP LOCKED} (so workers on any number of nodes never take the same one), holds
 * it under a lease and moves its fencing token on; the attempt's outcome is recorded only under the
 * current token. A node that dies mid-delivery leaves its lease to expire, and then any worker
 * claims the message again: at least once. Thread-safe.
 */
public final class DeliveryQueue {
  private final Jdbi jdbi;
  private final Clock clock;

  /** A claimed delivery, its endpoint as it was at the claim, and the token that proves it. */
  public record Claim(Delivery delivery, Endpoint endpoint, long token) {}

  /**
   * How recording an attempt went.
   *
   * @param held whether the claim still held (a taken-over attempt records only its log line)
   * @param disabled the endpoint, when this attempt is what disabled it
   */
  public record Recorded(boolean held, @Nullable Endpoint disabled) {}

  public DeliveryQueue(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** Claims the most overdue deliverable message for {@code owner}, or empty when none is due. */
  public Optional<Claim> claim(String owner, Duration lease) {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbi.inTransaction(h -> {
      Optional<Claimed> claimed =
          h.createQuery(
                  """
                  with next as (
                    select d.id from webhook_deliveries d
                    join webhook_endpoints e on e.id = d.endpoint_id
                    where d.state = 'pending' and d.next_attempt_at <= :now
                      and (d.lease_expires_at is null or d.lease_expires_at < :now)
                      and e.disabled_at is null and e.deleted_at is null
                    order by d.next_attempt_at, d.id
                    limit 1
                    for update of d skip locked)
                  update webhook_deliveries d set lease_owner = :owner,
                    lease_expires_at = :expires, fencing_token = d.fencing_token + 1,
                    attempts = d.attempts + 1, updated_at = :now
                  from next where d.id = next.id
                  returning d.*
                  """)
              .bind("now", now)
              .bind("owner", owner)
              .bind("expires", Timestamp.from(now.toInstant().plus(lease)))
              .map((rs, ctx) -> new Claimed(Delivery.read(rs), rs.getLong("fencing_token")))
              .findOne();
      return claimed.map(
          c -> new Claim(c.delivery(), endpoint(h, c.delivery().endpointId()), c.token()));
    });
  }

  /**
   * Records {@code attempt} of a claimed delivery in the delivery log, and, while the claim holds,
   * what it leads to: delivered, retried at a time, failed for good with its endpoint disabled, or
   * its endpoint disabled because it is gone. One transaction.
   */
  public Recorded record(Claim claim, Attempt attempt, String owner, Settlement settlement) {
    Timestamp now = Timestamp.from(clock.instant());
    String id = claim.delivery().id();
    return jdbi.inTransaction(h -> {
      h.createUpdate(
              """
              insert into webhook_attempts (delivery_id, attempted_at, duration_ms, status_code,
                error, owner)
              values (:id, :at, :ms, :status, :error, :owner)
              """)
          .bind("id", id)
          .bind("at", Timestamp.from(attempt.at()))
          .bind("ms", (int) Math.min(Integer.MAX_VALUE, attempt.took().toMillis()))
          .bindByType("status", attempt.statusCode(), Integer.class)
          .bind("error", attempt.error())
          .bind("owner", owner)
          .execute();
      String state =
          switch (settlement) {
            case Settlement.Delivered d -> "succeeded";
            case Settlement.GiveUp g -> "failed";
            case Settlement.RetryAt r -> "pending";
            case Settlement.Gone g -> "pending";
          };
      Instant next =
          switch (settlement) {
            case Settlement.RetryAt r -> r.at();
            case Settlement.Gone g -> g.at();
            default -> claim.delivery().nextAttemptAt();
          };
      boolean held =
          h.createUpdate(
                      """
                      update webhook_deliveries set state = :state, next_attempt_at = :next,
                        lease_owner = null, lease_expires_at = null, updated_at = :now,
                        finished_at = :finished
                      where id = :id and fencing_token = :token and state = 'pending'
                      """)
                  .bind("state", state)
                  .bind("next", Timestamp.from(next))
                  .bind("now", now)
                  .bind("finished", state.equals("pending") ? null : now)
                  .bind("id", id)
                  .bind("token", claim.token())
                  .execute()
              == 1;
      String reason =
          switch (settlement) {
            case Settlement.GiveUp g -> g.reason();
            case Settlement.Gone g -> g.reason();
            default -> null;
          };
      Endpoint disabled =
          held && reason != null ? disable(h, claim.endpoint().id(), reason, now) : null;
      return new Recorded(held, disabled);
    });
  }

  /** Disables an endpoint that is still enabled; the endpoint when this call disabled it. */
  private static @Nullable Endpoint disable(
      Handle h, String endpointId, String reason, Timestamp now) {
    return h.createQuery(
            """
            update webhook_endpoints set disabled_at = :now, disabled_reason = :reason,
              updated_at = :now
            where id = :id and disabled_at is null and deleted_at is null
            returning *
            """)
        .bind("now", now)
        .bind("reason", reason)
        .bind("id", endpointId)
        .map((rs, ctx) -> Endpoint.read(rs))
        .findOne()
        .orElse(null);
  }

  private static Endpoint endpoint(Handle h, String id) {
    return h.createQuery("select * from webhook_endpoints where id = :id")
        .bind("id", id)
        .map((rs, ctx) -> Endpoint.read(rs))
        .one();
  }

  private record Claimed(Delivery delivery, long token) {}
}
