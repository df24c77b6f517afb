package org.leadport.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.leadport.LeadportException;
import org.leadport.query.ChangePosition;
import org.leadport.query.Sql;

/**
 * Reads the change log that triggers write in every lead-writing transaction (V15, docs/changes.md)
 * and keeps it to its retention. Only changes behind the horizon are read: transactions older than
 * the oldest still running, behind which nothing can commit any more, so a position once handed out
 * never has a change appear behind it. Thread-safe.
 */
public final class ChangeLog {
  /** The SQL of the horizon: changes of transactions below it can no longer appear or change. */
  private static final String HORIZON = "pg_snapshot_xmin(pg_current_snapshot())::text::bigint";

  /** The condition of {@link #page} that keeps every lead. */
  public static final Sql ALL_LEADS = Sql.text("true");

  private static final int PURGE_BATCH = 10_000;

  private final Jdbi jdbi;
  private final Duration retention;

  /**
   * @param retention how long changes are kept ({@code LEADPORT_CHANGES_RETENTION})
   */
  public ChangeLog(Jdbi jdbi, Duration retention) {
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
    this.jdbi = jdbi;
    this.retention = retention;
  }

  /** How long changes are kept. */
  public Duration retention() {
    return retention;
  }

  /** A page of changes and the position after it. */
  public record Page(List<Change> changes, ChangePosition next) {
    public Page {
      changes = List.copyOf(changes);
    }
  }

  /** The position right after the snapshot of {@code h}'s transaction: what it sees is behind. */
  public static ChangePosition position(Handle h) {
    return ChangePosition.ofSnapshot(
        h.createQuery("select pg_current_snapshot()::text").mapTo(String.class).one());
  }

  /** The position of now: every change committed so far is behind it. */
  public ChangePosition now() {
    return jdbi.withHandle(ChangeLog::position);
  }

  /** The oldest position the log still holds every change after, for a feed read from the start. */
  public ChangePosition earliest(String workspaceId) {
    return jdbi.withHandle(h -> ChangePosition.after(purgedThrough(h, workspaceId).orElse(0L)));
  }

  /**
   * Up to {@code limit} changes after {@code from}, in the feed's order, of leads {@code leads}
   * keeps (a condition over the lead as {@code l}; {@link #ALL_LEADS} for all), read on {@code h},
   * whose snapshot should also read the leads the changes name.
   *
   * @throws LeadportException 410 when retention has deleted changes after {@code from}
   */
  public Page page(Handle h, String workspaceId, ChangePosition from, Sql leads, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    expireBefore(h, workspaceId, from);
    // The horizon and the changes behind it come from one statement, hence one snapshot, whatever
    // the transaction's isolation: a later horizon could pass changes this read did not see.
    Sql query =
        Sql.text("select hz.h, c.xid, c.lead_id, c.op, c.changed_at from (select ")
            .append(HORIZON)
            .append(" as h) hz left join lateral (select c.xid, c.lead_id, c.op, c.changed_at")
            .append(" from lead_changes c where ")
            .append(unseen(workspaceId, from, "hz.h"));
    if (!leads.equals(ALL_LEADS)) {
      // A filter per change rather than a join: the changes are read in index order and the
      // limit stops the scan, where a join would have the planner sort every change after from.
      // The lead ids of changes sort byte-wise ("C"); comparing in the leads' own collation keeps
      // their primary key usable.
      query =
          query
              .append(" and (select (")
              .append(leads)
              .append(") from leads l where l.id = c.lead_id collate \"default\")");
    }
    Sql.Bound sql =
        query.append(" order by c.xid, c.lead_id limit ").bind(limit).append(") c on true").bound();
    long[] horizon = new long[1];
    List<Change> changes = new java.util.ArrayList<>();
    h.createQuery(sql.sql())
        .bindMap(sql.binds())
        .map((rs, ctx) -> {
          horizon[0] = rs.getLong(1);
          if (rs.getObject(2) != null) {
            changes.add(
                new Change(
                    rs.getLong(2),
                    rs.getString(3),
                    ChangeOp.of(rs.getString(4)),
                    rs.getTimestamp(5).toInstant()));
          }
          return 0;
        })
        .list();
    if (changes.size() == limit) {
      Change last = changes.get(changes.size() - 1);
      return new Page(changes, from.advance(last.xid(), last.leadId()));
    }
    // Every change behind the horizon has been read: the horizon alone is the next position, when
    // it is past everything the snapshot of from saw (else it would hand those out again).
    ChangePosition next = ChangePosition.after(horizon[0] - 1);
    return new Page(changes, beyond(next, from) ? next : from);
  }

  /** As {@link #page(Handle, String, ChangePosition, Sql, int)}, in a snapshot of its own. */
  public Page page(String workspaceId, ChangePosition from, Sql leads, int limit) {
    return jdbi.inTransaction(
        TransactionIsolationLevel.REPEATABLE_READ,
        h -> {
          h.execute("set transaction read only");
          return page(h, workspaceId, from, leads, limit);
        });
  }

  /**
   * The ids of the workspace's leads changed after {@code from} and behind the horizon, as a {@code
   * select lead_id}, each id possibly more than once: what a delta export or the sync walk's
   * catch-up reads.
   */
  public static Sql changedLeads(String workspaceId, ChangePosition from) {
    return Sql.text("select c.lead_id collate \"default\" from lead_changes c where ")
        .append(unseen(workspaceId, from, HORIZON));
  }

  /**
   * Refuses a position retention has moved past: some of its changes are gone.
   *
   * @throws LeadportException 410 {@code cursor_expired}
   */
  public void expireBefore(Handle h, String workspaceId, ChangePosition from) {
    Optional<Long> through = purgedThrough(h, workspaceId);
    if (through.isPresent() && through.get() >= from.xmin() && through.get() >= from.afterXid()) {
      throw new LeadportException(
          410,
          "cursor_expired",
          "The cursor is older than the "
              + kept()
              + " of changes the feed keeps, so changes after it are gone. To resync, export the"
              + " leads again and continue the feed from the changes cursor that export hands"
              + " over (X-Changes-Cursor on a sync export's last segment, changes_cursor on an"
              + " async export's status).",
          "cursor");
    }
  }

  /** The retention in words: whole days as such ("90 days"), else ISO 8601 ("PT1H"). */
  private String kept() {
    long days = retention.toDays();
    return days > 0 && retention.equals(Duration.ofDays(days))
        ? days + (days == 1 ? " day" : " days")
        : retention.toString();
  }

  /** Deletes changes older than the retention at {@code now}; the number deleted. */
  public long purge(Instant now) {
    java.sql.Timestamp before = java.sql.Timestamp.from(now.minus(retention));
    long total = 0;
    int deleted;
    do {
      deleted =
          jdbi.inTransaction(h -> {
            // One purger at a time: two nodes deleting the same rows could deadlock. The other
            // node's round finds the lock taken and leaves the work to the one purging.
            if (!h.createQuery("select pg_try_advisory_xact_lock(hashtext('lead_changes purge'))")
                .mapTo(Boolean.class)
                .one()) {
              return 0;
            }
            return h.createQuery(
                    """
                    with gone as (
                      delete from lead_changes where ctid in (
                        select ctid from lead_changes where changed_at < :before limit :batch)
                      returning workspace_id, xid)
                    , marked as (
                      insert into lead_changes_purged (workspace_id, through_xid)
                      select workspace_id, max(xid) from gone group by workspace_id
                      on conflict (workspace_id) do update
                      set through_xid = greatest(lead_changes_purged.through_xid,
                                                 excluded.through_xid))
                    select count(*) from gone
                    """)
                .bind("before", before)
                .bind("batch", PURGE_BATCH)
                .mapTo(Integer.class)
                .one();
          });
      total += deleted;
    } while (deleted > 0);
    return total;
  }

  private static Optional<Long> purgedThrough(Handle h, String workspaceId) {
    return h.createQuery("select through_xid from lead_changes_purged where workspace_id = :ws")
        .bind("ws", workspaceId)
        .mapTo(Long.class)
        .findOne();
  }

  /** Changes of the workspace after {@code from} (not seen by its snapshot), behind the horizon. */
  private static Sql unseen(String workspaceId, ChangePosition from, String horizon) {
    Sql sql =
        Sql.text("c.workspace_id = ")
            .bind(workspaceId)
            .append(" and c.xid < ")
            .append(horizon)
            .append(" and c.xid >= ")
            .bind(Math.max(from.xmin(), from.afterXid()))
            .append(" and (c.xid >= ")
            .bind(from.xmax());
    for (long running : from.running()) {
      sql = sql.append(" or c.xid = ").bind(running);
    }
    sql = sql.append(")");
    if (from.afterXid() > 0) {
      sql =
          sql.append(" and (c.xid, c.lead_id) > (")
              .bind(from.afterXid())
              .append(", ")
              .bind(from.afterLead())
              .append(")");
    }
    return sql;
  }

  /** Whether {@code a} is past {@code b}: every change {@code b} has behind it, {@code a} has. */
  private static boolean beyond(ChangePosition a, ChangePosition b) {
    return a.afterXid() == 0 && a.xmin() > Math.max(b.afterXid(), b.xmax() - 1);
  }
}
