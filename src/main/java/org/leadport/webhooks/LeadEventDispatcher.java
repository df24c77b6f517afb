package org.leadport.webhooks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.query.ChangePosition;
import org.leadport.query.Sql;
import org.leadport.store.Change;
import org.leadport.store.ChangeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the change feed into {@code lead.created|updated|deleted} deliveries: for each workspace
 * with an enabled endpoint that wants lead events, reads the feed from the workspace's stored
 * position and queues one delivery per endpoint per change, moving the position on in the same
 * transaction, so each change is queued once even when a node dies mid-dispatch. The row lock on
 * the position ({@code SKIP LOCKED}) lets every node run a dispatcher without doubling up. An
 * endpoint gets only the changes its creation snapshot did not see. Payloads are small, {@code
 * {"id", "op", "changed_at", "position"}}: receivers read the lead from the native API.
 * Thread-safe.
 */
public final class LeadEventDispatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeadEventDispatcher.class);

  /** Changes one workspace's dispatch reads per transaction. */
  static final int PAGE = 500;

  /** Most pages one workspace dispatches per round, so one busy workspace cannot hold a round. */
  private static final int PAGES_PER_ROUND = 20;

  private static final String LEAD_EVENTS =
      "array['lead.created', 'lead.updated', 'lead.deleted']::text[]";

  private final Jdbi jdbi;
  private final ChangeLog changes;
  private final WebhookEvents events;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("webhook-lead-events").factory());

  /** What one page's dispatch did: deliveries queued, and whether the feed may hold more now. */
  private record Dispatched(int queued, boolean more) {}

  /** An enabled endpoint following the feed: its events and the snapshot it starts after. */
  private record Follower(String id, List<String> events, ChangePosition from) {}

  public LeadEventDispatcher(Jdbi jdbi, ChangeLog changes, WebhookEvents events, Clock clock) {
    this.jdbi = jdbi;
    this.changes = changes;
    this.events = events;
    this.clock = clock;
  }

  /** Dispatches every {@code every}, starting after one period. */
  public LeadEventDispatcher start(Duration every) {
    // Runs until close(); each round catches its own failures, so the future holds nothing.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                runOnce();
              } catch (RuntimeException e) {
                // The next round retries from the stored positions; nothing was half queued.
                LOG.error("lead event dispatch failed", e);
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round over every following workspace; returns how many deliveries it queued. */
  public int runOnce() {
    List<String> workspaces =
        jdbi.withHandle(h ->
            h.createQuery(
                    "select c.workspace_id from webhook_lead_cursors c where exists (select 1"
                        + " from webhook_endpoints e where e.workspace_id = c.workspace_id"
                        + " and e.disabled_at is null and e.deleted_at is null"
                        + " and e.lead_from is not null and e.events && "
                        + LEAD_EVENTS
                        + ") order by c.updated_at")
                .mapTo(String.class)
                .list());
    int queued = 0;
    for (String ws : workspaces) {
      for (int i = 0; i < PAGES_PER_ROUND; i++) {
        Optional<Dispatched> page = jdbi.inTransaction(h -> dispatchPage(h, ws));
        if (page.isEmpty()) {
          break;
        }
        queued += page.get().queued();
        if (!page.get().more()) {
          break;
        }
      }
    }
    return queued;
  }

  /**
   * Dispatches one page of {@code ws}'s feed in {@code h}'s transaction: the deliveries queued, or
   * empty when another node holds the workspace or the feed had nothing new.
   */
  private Optional<Dispatched> dispatchPage(Handle h, String ws) {
    Optional<ChangePosition> from =
        h.createQuery(
                "select snapshot, after_xid, after_lead from webhook_lead_cursors"
                    + " where workspace_id = :ws for update skip locked")
            .bind("ws", ws)
            .map((rs, ctx) -> position(rs.getString(1), rs.getLong(2), rs.getString(3)))
            .findOne();
    if (from.isEmpty()) {
      return Optional.empty();
    }
    ChangeLog.Page page;
    try {
      page = changes.page(h, ws, from.get(), Sql.text("true"), PAGE);
    } catch (LeadportException e) {
      if (e.status() != 410) {
        throw e;
      }
      // Retention took changes this dispatch never read (no node ran it for that long): what is
      // gone cannot be sent; carry on from now rather than stall for good.
      LOG.warn("webhook lead events of workspace {} skip to now: {}", ws, e.getMessage());
      save(h, ws, ChangeLog.position(h));
      return Optional.empty();
    }
    if (page.changes().isEmpty() && page.next().equals(from.get())) {
      return Optional.empty();
    }
    List<Follower> followers = followers(h, ws);
    int queued = 0;
    for (Change c : page.changes()) {
      EventType type = type(c);
      List<String> to = new ArrayList<>();
      for (Follower f : followers) {
        if (f.events().contains(type.wireName()) && !f.from().sees(c.xid())) {
          to.add(f.id());
        }
      }
      queued += events.enqueue(h, ws, to, type, c.changedAt(), data(c));
    }
    save(h, ws, page.next());
    return Optional.of(new Dispatched(queued, page.changes().size() == PAGE));
  }

  private static List<Follower> followers(Handle h, String ws) {
    return h.createQuery(
            "select id, events, lead_from from webhook_endpoints where workspace_id = :ws"
                + " and disabled_at is null and deleted_at is null and lead_from is not null")
        .bind("ws", ws)
        .map((rs, ctx) ->
            new Follower(
                rs.getString(1),
                List.of((String[]) rs.getArray(2).getArray()),
                ChangePosition.ofSnapshot(rs.getString(3))))
        .list();
  }

  private void save(Handle h, String ws, ChangePosition at) {
    h.createUpdate(
            """
            update webhook_lead_cursors set snapshot = :snapshot, after_xid = :xid,
              after_lead = :lead, updated_at = :now
            where workspace_id = :ws
            """)
        .bind("snapshot", at.snapshot())
        .bind("xid", at.afterXid())
        .bind("lead", at.afterLead())
        .bind("now", Timestamp.from(clock.instant()))
        .bind("ws", ws)
        .execute();
  }

  private static ChangePosition position(String snapshot, long afterXid, String afterLead) {
    ChangePosition s = ChangePosition.ofSnapshot(snapshot);
    return new ChangePosition(s.xmin(), s.xmax(), s.running(), afterXid, afterLead);
  }

  private static EventType type(Change c) {
    return switch (c.op()) {
      case CREATED -> EventType.LEAD_CREATED;
      case UPDATED -> EventType.LEAD_UPDATED;
      case DELETED -> EventType.LEAD_DELETED;
    };
  }

  private static ObjectNode data(Change c) {
    ObjectNode data = Json.object();
    data.put("id", c.leadId());
    data.put("op", c.op().wireName());
    data.put("changed_at", Times.iso(c.changedAt()));
    data.put("position", c.position());
    return data;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
