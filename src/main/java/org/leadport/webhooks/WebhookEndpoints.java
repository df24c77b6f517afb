package org.leadport.webhooks;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;
import org.leadport.query.ChangePosition;
import org.leadport.store.ChangeLog;

/**
 * The webhook endpoints of workspaces: created with a fresh secret (returned once), listed, found,
 * deleted, their secret rotated with an overlap, and enabled again after they were disabled.
 * Deleted endpoints are kept (their delivery log refers to them) but never found or delivered to.
 * Thread-safe.
 */
public final class WebhookEndpoints {
  /** Most endpoints one workspace may have. */
  public static final int MAX_PER_WORKSPACE = 50;

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration overlap;

  /** An endpoint just created or rotated, with the secret shown this once. */
  public record WithSecret(Endpoint endpoint, WebhookSecret secret) {}

  /**
   * @param overlap how long the previous secret keeps signing after a rotation
   */
  public WebhookEndpoints(Jdbi jdbi, Clock clock, Duration overlap) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.overlap = overlap;
  }

  public WithSecret create(
      String workspaceId,
      @Nullable String apiKeyId,
      String url,
      Set<EventType> events,
      @Nullable String description) {
    String id = Ids.next("whep_");
    WebhookSecret secret = WebhookSecret.generate();
    Timestamp now = Timestamp.from(clock.instant());
    Endpoint created =
        jdbi.inTransaction(h -> {
          // One row lock per workspace, so two concurrent creates cannot both pass the limit.
          h.createQuery("select id from workspaces where id = :ws for update")
              .bind("ws", workspaceId)
              .mapTo(String.class)
              .findOne();
          long count =
              h.createQuery(
                      "select count(*) from webhook_endpoints where workspace_id = :ws"
                          + " and deleted_at is null")
                  .bind("ws", workspaceId)
                  .mapTo(Long.class)
                  .one();
          if (count >= MAX_PER_WORKSPACE) {
            throw LeadportException.conflict(
                "too_many_webhooks",
                "A workspace may have at most "
                    + MAX_PER_WORKSPACE
                    + " webhook endpoints; delete one first.");
          }
          return h.createQuery(
                  """
                  insert into webhook_endpoints (id, workspace_id, api_key_id, url, events,
                    description, secret, lead_from, created_at, updated_at)
                  values (:id, :ws, :key, :url, :events, :description, :secret, :leadFrom, :now,
                    :now)
                  returning *
                  """)
              .bind("id", id)
              .bind("ws", workspaceId)
              .bind("key", apiKeyId)
              .bind("url", url)
              .bindArray(
                  "events",
                  String.class,
                  events.stream().map(EventType::wireName).sorted().toList())
              .bind("description", description)
              .bind("secret", secret.text())
              .bind("now", now)
              .bind("leadFrom", leadFrom(h, workspaceId, events))
              .map((rs, ctx) -> Endpoint.read(rs))
              .one();
        });
    return new WithSecret(created, secret);
  }

  /**
   * For an endpoint with {@code lead.*} events, the feed position it starts at: now, the snapshot
   * of its creating transaction, so it gets what that snapshot did not see and no history. The
   * workspace's dispatch cursor starts there too unless another endpoint already follows the feed.
   */
  private @Nullable String leadFrom(Handle h, String workspaceId, Set<EventType> events) {
    if (events.stream().noneMatch(EventType::lead)) {
      return null;
    }
    ChangePosition now = ChangeLog.position(h);
    h.createUpdate(
            """
            insert into webhook_lead_cursors (workspace_id, snapshot, updated_at)
            values (:ws, :snapshot, :now)
            on conflict (workspace_id) do update
              set snapshot = excluded.snapshot, after_xid = 0, after_lead = '',
                updated_at = excluded.updated_at
              where not exists (
                select 1 from webhook_endpoints e where e.workspace_id = :ws
                  and e.deleted_at is null and e.lead_from is not null)
            """)
        .bind("ws", workspaceId)
        .bind("snapshot", now.snapshot())
        .bind("now", Timestamp.from(clock.instant()))
        .execute();
    return now.snapshot();
  }

  /** The workspace's endpoints, oldest first. */
  public List<Endpoint> list(String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select * from webhook_endpoints where workspace_id = :ws and deleted_at is null
                order by created_at, id
                """)
            .bind("ws", workspaceId)
            .map((rs, ctx) -> Endpoint.read(rs))
            .list());
  }

  public Optional<Endpoint> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select * from webhook_endpoints where workspace_id = :ws and id = :id"
                    + " and deleted_at is null")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map((rs, ctx) -> Endpoint.read(rs))
            .findOne());
  }

  /**
   * Deletes an endpoint: nothing more is delivered to it, and its queued messages end as failed (so
   * the queue's scans do not keep stepping over them). 404 when there is none.
   */
  public void delete(String workspaceId, String id) {
    Timestamp now = Timestamp.from(clock.instant());
    int n =
        jdbi.inTransaction(h -> {
          int deleted =
              h.createUpdate(
                      """
                      update webhook_endpoints set deleted_at = :now, updated_at = :now
                      where workspace_id = :ws and id = :id and deleted_at is null
                      """)
                  .bind("now", now)
                  .bind("ws", workspaceId)
                  .bind("id", id)
                  .execute();
          h.createUpdate(
                  """
                  update webhook_deliveries set state = 'failed', lease_owner = null,
                    lease_expires_at = null, fencing_token = fencing_token + 1,
                    finished_at = :now, updated_at = :now
                  where endpoint_id = :id and state = 'pending'
                  """)
              .bind("now", now)
              .bind("id", id)
              .execute();
          return deleted;
        });
    if (n == 0) {
      throw LeadportException.notFound("Webhook", id);
    }
  }

  /**
   * Gives the endpoint a new secret; the one it had keeps signing (a second signature in the same
   * header) for the overlap, so receivers can switch without a gap. A secret still in its overlap
   * from an earlier rotation stops signing now. 404 when there is no such endpoint.
   */
  public WithSecret rotate(String workspaceId, String id) {
    WebhookSecret secret = WebhookSecret.generate();
    Timestamp now = Timestamp.from(clock.instant());
    Endpoint rotated =
        jdbi.withHandle(h ->
                h.createQuery(
                        """
                        update webhook_endpoints set previous_secret = secret, secret = :secret,
                          previous_secret_until = :until, updated_at = :now
                        where workspace_id = :ws and id = :id and deleted_at is null
                        returning *
                        """)
                    .bind("secret", secret.text())
                    .bind("until", Timestamp.from(now.toInstant().plus(overlap)))
                    .bind("now", now)
                    .bind("ws", workspaceId)
                    .bind("id", id)
                    .map((rs, ctx) -> Endpoint.read(rs))
                    .findOne())
            .orElseThrow(() -> LeadportException.notFound("Webhook", id));
    return new WithSecret(rotated, secret);
  }

  /**
   * Enables a disabled endpoint: its pending deliveries go out again, and new events reach it. 404
   * when there is no such endpoint.
   */
  public Endpoint enable(String workspaceId, String id) {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbi.withHandle(h ->
            h.createQuery(
                    """
                    update webhook_endpoints set disabled_at = null, disabled_reason = null,
                      updated_at = :now
                    where workspace_id = :ws and id = :id and deleted_at is null
                    returning *
                    """)
                .bind("now", now)
                .bind("ws", workspaceId)
                .bind("id", id)
                .map((rs, ctx) -> Endpoint.read(rs))
                .findOne())
        .orElseThrow(() -> LeadportException.notFound("Webhook", id));
  }
}
