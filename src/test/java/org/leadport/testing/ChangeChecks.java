package org.leadport.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.leadport.app.Services;
import org.leadport.query.ChangePosition;
import org.leadport.query.LeadFilter;
import org.leadport.store.Change;
import org.leadport.store.ChangeLog;
import org.leadport.store.ChangeOp;

/**
 * What the lossless-sync tests check a copy against: the database beside the API (its live leads,
 * the cluster-wide horizon) and the change feed from a cursor, read with the feed's own reader.
 */
public final class ChangeChecks {
  private final TestServer server;
  private final Jdbi jdbi;

  public ChangeChecks(TestServer server) {
    this.server = server;
    this.jdbi = Jdbi.create(server.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
  }

  /** The test database, for writes beside the API (held-open transactions). */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** The workspace's live leads, id to display name, as the database holds them now. */
  public Map<String, String> liveLeads(String workspaceId, String source) {
    Map<String, String> out = new HashMap<>();
    jdbi.useHandle(h ->
        h.createQuery(
                "select id, display_name from leads where workspace_id = :ws and deleted_at is"
                    + " null and (cast(:source as text) is null or source = :source)")
            .bind("ws", workspaceId)
            .bind("source", source)
            .map((rs, ctx) -> out.put(rs.getString(1), rs.getString(2)))
            .list());
    return out;
  }

  /**
   * Every change after a cursor of the unfiltered feed, once the horizon has passed every
   * transaction begun so far.
   */
  public List<Change> feed(String workspaceId, String cursor) {
    awaitHorizonPast(currentXid());
    Services s = server.leadport().services();
    ChangePosition at =
        s.changeCursors()
            .decode(cursor, workspaceId, LeadFilter.NONE.changesFingerprint(), "cursor");
    List<Change> out = new ArrayList<>();
    while (true) {
      ChangeLog.Page page = s.changes().page(workspaceId, at, ChangeLog.ALL_LEADS, 100);
      out.addAll(page.changes());
      if (page.changes().size() < 100) {
        return out;
      }
      at = page.next();
    }
  }

  /**
   * Applies feed changes to a copy (id to display name) as a feed reader does with the lead each
   * item carries, read when the item is: a deleted lead leaves the copy, any other is put as it is.
   */
  public void apply(Map<String, String> copy, List<Change> changes) {
    for (Change c : changes) {
      String[] lead =
          jdbi.withHandle(h ->
              h.createQuery("select display_name, deleted_at is not null from leads where id = :id")
                  .bind("id", c.leadId())
                  .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2)})
                  .one());
      if (c.op() == ChangeOp.DELETED || lead[1].equals("t") || lead[1].equals("true")) {
        copy.remove(c.leadId());
      } else {
        copy.put(c.leadId(), lead[0]);
      }
    }
  }

  /** A new transaction's id: every transaction begun so far is below it. */
  public long currentXid() {
    return jdbi.withHandle(
        h -> h.createQuery("select pg_current_xact_id()::text::bigint").mapTo(Long.class).one());
  }

  /** Waits (with a deadline) until the cluster-wide horizon has passed transaction {@code xid}. */
  public void awaitHorizonPast(long xid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (jdbi.withHandle(
            h ->
                h.createQuery("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                    .mapTo(Long.class)
                    .one())
        <= xid) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the horizon did not pass transaction " + xid);
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
