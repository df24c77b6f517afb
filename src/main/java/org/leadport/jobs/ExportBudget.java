package org.leadport.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.LongSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportProgress;
import org.leadport.export.writer.ExportRoute;

/**
 * One budget of exported rows per workspace and rolling 24 h ({@code LEADPORT_EXPORT_ROWS_QUOTA})
 * that covers every way to export everything: sync segments and JSON:API renders (recorded here)
 * and async jobs of every surface (the rows of the jobs that succeeded). See docs/operations.md,
 * "Quotas".
 *
 * <p>Reserve, then settle: an export reserves its rows before it writes the first one, and only
 * what fits in what is left of the budget is granted, so the exports of a workspace on every node
 * together never spend more than its budget. A sync segment is granted up to its limit (a shorter
 * segment when less is left); a render or a job, whose rows its snapshot counts before the first
 * byte, is granted all of them or refused. A reservation counts at once; settling replaces it with
 * the rows written (none when the export failed). A reservation never settled (its node died) stops
 * counting after {@link #RESERVATION_TTL}. Creating an async job checks {@link #admit} only: its
 * rows are reserved when it starts. Thread-safe.
 */
public final class ExportBudget {
  /** The rolling window of the budget. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** How long an unsettled reservation counts: the longest an export runs (its timeout). */
  static final Duration RESERVATION_TTL = Duration.ofHours(1);

  /** Prefix of the surface of a reservation not settled yet. */
  private static final String RESERVED = "reserved:";

  private final Jdbi jdbi;
  private final Clock clock;
  private final long rowsPerWindow;

  /**
   * @param rowsPerWindow rows a workspace may export per rolling 24 h
   */
  public ExportBudget(Jdbi jdbi, Clock clock, long rowsPerWindow) {
    if (rowsPerWindow < 1) {
      throw new IllegalArgumentException("rowsPerWindow must be at least 1, was " + rowsPerWindow);
    }
    this.jdbi = jdbi;
    this.clock = clock;
    this.rowsPerWindow = rowsPerWindow;
  }

  /** Rows a workspace may export per rolling 24 h. */
  public long rowsPerWindow() {
    return rowsPerWindow;
  }

  /** Rows exported (or reserved) at one time. */
  private record Spent(Instant at, long rows) {}

  /**
   * Rows granted to one export, counted against its workspace's budget until {@link #settle}d.
   *
   * @param rows the rows granted: the export writes no more
   */
  public record Reservation(String workspaceId, String surface, Instant at, long rows) {}

  /** Returns when the workspace has rows left to export now; throws the 429 otherwise. */
  public void admit(String workspaceId) {
    Instant now = clock.instant();
    List<Spent> spent = jdbi.withHandle(h -> spent(h, workspaceId, now));
    long used = spent.stream().mapToLong(Spent::rows).sum();
    if (used >= rowsPerWindow) {
      throw refused(spent, used, now, 1);
    }
  }

  /**
   * Reserves up to {@code most} rows (a sync segment's limit): what is left, if less.
   *
   * @throws LeadportException 429 {@code export_rows_quota_exceeded} when nothing is left
   */
  public Reservation reserveUpTo(String workspaceId, String surface, long most) {
    return reserve(workspaceId, surface, most, true);
  }

  /**
   * Reserves exactly {@code rows} (a render's or a job's, counted in its snapshot).
   *
   * @throws LeadportException 429 {@code export_rows_quota_exceeded} when they do not fit in what
   *     is left
   */
  public Reservation reserve(String workspaceId, String surface, long rows) {
    return reserve(workspaceId, surface, rows, false);
  }

  private Reservation reserve(String workspaceId, String surface, long rows, boolean partial) {
    if (rows < 0) {
      throw new IllegalArgumentException("cannot reserve " + rows + " rows");
    }
    // As PostgreSQL stores it, so that settle finds the row by it.
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return jdbi.inTransaction(h -> reserveIn(h, workspaceId, surface, rows, partial, now));
  }

  private Reservation reserveIn(
      Handle h, String workspaceId, String surface, long rows, boolean partial, Instant now) {
    noFlushWait(h);
    // One reservation of a workspace at a time, on every node.
    h.execute(
        "select pg_advisory_xact_lock(hashtextextended(?, 0))", "export_budget:" + workspaceId);
    List<Spent> spent = spent(h, workspaceId, now);
    long used = spent.stream().mapToLong(Spent::rows).sum();
    long left = rowsPerWindow - used;
    if (left <= 0 || (!partial && rows > left)) {
      // A segment takes whatever is left, so it waits for one row to free up.
      throw refused(spent, used, now, partial ? 1 : Math.max(1, rows));
    }
    long granted = Math.min(rows, left);
    h.createUpdate(
            "insert into export_usage (workspace_id, surface, rows, at)"
                + " values (:ws, :surface, :rows, :at)")
        .bind("ws", workspaceId)
        .bind("surface", RESERVED + surface)
        .bind("rows", granted)
        .bind("at", Timestamp.from(now))
        .execute();
    return new Reservation(workspaceId, surface, now, granted);
  }

  /**
   * Replaces the reservation with the rows the export wrote: fewer give the rest back, 0 when it
   * failed. An async job settles with 0: its rows count from its success on.
   */
  public void settle(Reservation r, long rows) {
    if (rows < 0 || rows > r.rows()) {
      throw new IllegalArgumentException(
          "settled " + rows + " rows of a reservation of " + r.rows());
    }
    jdbi.useTransaction(h -> settleIn(h, r, rows));
  }

  private void settleIn(Handle h, Reservation r, long rows) {
    noFlushWait(h);
    h.createUpdate(
            """
            update export_usage set surface = :surface, rows = :rows
            where ctid = (select ctid from export_usage where workspace_id = :ws
              and surface = :reserved and at = :at and rows = :granted limit 1)
            """)
        .bind("ws", r.workspaceId())
        .bind("surface", r.surface())
        .bind("reserved", RESERVED + r.surface())
        .bind("at", Timestamp.from(r.at()))
        .bind("granted", r.rows())
        .bind("rows", rows)
        .execute();
    h.createUpdate("delete from export_usage where workspace_id = :ws and at <= :before")
        .bind("ws", r.workspaceId())
        .bind("before", Timestamp.from(clock.instant().minus(WINDOW)))
        .execute();
  }

  /**
   * Runs a sync segment's reservation and settlement once for {@code workspaceId} in a transaction
   * that is rolled back: the start-up warm-up's ({@code app.StartupWarmup}), so that a client's
   * first segment does not run this code or these statements for the first time. Writes nothing.
   */
  public void warmUp(String workspaceId) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    jdbi.useTransaction(h -> {
      Reservation r = reserveIn(h, workspaceId, "warmup", 1, true, now);
      settleIn(h, r, 0);
      h.rollback();
    });
  }

  /**
   * Lets the transaction's commit return before PostgreSQL has flushed it to disk. A sync segment
   * commits a reservation before its first byte and a settlement after its last, and waiting for
   * two WAL flushes was a measurable part of a segment (bench/log/2026-12-07-issue18.md, session
   * 26). Other sessions see the row at once either way. Only a crash of PostgreSQL itself can lose
   * what it committed in the last moments (its WAL writer's delay, 200 ms by default): a settlement
   * lost leaves its reservation counting until {@link #RESERVATION_TTL} (more than was spent, never
   * less); a reservation lost mostly belonged to an export that died with the same server, and at
   * worst a workspace's budget misses the rows of the segments of those moments. A budget is a
   * fair-use limit, not a ledger: that is the trade.
   */
  private static void noFlushWait(Handle h) {
    h.execute("set local synchronous_commit = off");
  }

  /**
   * Runs {@code export} on the reservation {@code r}, which it must not write more rows than:
   * settled with the rows it returns, or with none when it fails.
   */
  public long spend(Reservation r, LongSupplier export) {
    long rows;
    try {
      rows = export.getAsLong();
    } catch (RuntimeException | Error e) {
      try {
        settle(r, 0);
      } catch (RuntimeException s) {
        e.addSuppressed(s);
      }
      throw e;
    }
    settle(r, rows);
    return rows;
  }

  /**
   * Progress of a whole export (a render, a job) that reserves its rows when its snapshot has
   * counted them, before the first is written; {@code inner} hears the rest.
   */
  public Reserving reserving(String workspaceId, String surface, ExportProgress inner) {
    return new Reserving(workspaceId, surface, inner);
  }

  /** See {@link #reserving}. Confined to the exporting thread. */
  public final class Reserving implements ExportProgress {
    private final String workspaceId;
    private final String surface;
    private final ExportProgress inner;
    private @Nullable Reservation reservation;

    private Reserving(String workspaceId, String surface, ExportProgress inner) {
      this.workspaceId = workspaceId;
      this.surface = surface;
      this.inner = inner;
    }

    /**
     * @throws LeadportException 429 {@code export_rows_quota_exceeded} when the rows do not fit
     */
    @Override
    public void total(long rows) {
      settle(0);
      reservation = reserve(workspaceId, surface, rows);
      inner.total(rows);
    }

    @Override
    public void rows(long done) {
      inner.rows(done);
    }

    @Override
    public void route(ExportRoute route) {
      inner.route(route);
    }

    @Override
    public void snapshot(org.leadport.query.ChangePosition position) {
      inner.snapshot(position);
    }

    /** Settles the reservation, if one was made, with the rows written. */
    public void settle(long rows) {
      if (reservation != null) {
        ExportBudget.this.settle(reservation, rows);
        reservation = null;
      }
    }

    /** {@link #settle}s with none when {@code failure} ends the export. */
    public void failed(Throwable failure) {
      try {
        settle(0);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  /**
   * The 429 of a workspace that cannot export {@code wanted} rows now. Retry-After is when enough
   * spent rows have aged out (the oldest first) for {@code wanted} to fit, or the whole window when
   * they never will (more than the whole budget).
   */
  private LeadportException refused(List<Spent> spent, long used, Instant now, long wanted) {
    long left = used;
    Instant free = now.plus(WINDOW);
    for (Spent s : spent) {
      left -= s.rows();
      if (rowsPerWindow - left >= wanted) {
        free = s.at().plus(WINDOW);
        break;
      }
    }
    long seconds = (Duration.between(now, free).toMillis() + 999) / 1000;
    String size = wanted > 1 ? "this export has " + wanted + " rows; " : "";
    return LeadportException.tooMany(
        "export_rows_quota_exceeded",
        "This workspace exported "
            + used
            + " rows in the last 24 hours, its budget is "
            + rowsPerWindow
            + " rows; "
            + size
            + "the next export can start in "
            + seconds
            + " seconds.",
        seconds);
  }

  /**
   * The workspace's exports and live reservations of the window up to {@code now}, oldest first.
   */
  private static List<Spent> spent(Handle h, String workspaceId, Instant now) {
    return h.createQuery(
            """
            select at, rows from export_usage where workspace_id = :ws and at > :since
              and (surface not like 'reserved:%' or at > :unsettled)
            union all
            select finished_at, rows_done from export_jobs
            where workspace_id = :ws and state = 'succeeded' and finished_at > :since
            order by 1
            """)
        .bind("ws", workspaceId)
        .bind("since", Timestamp.from(now.minus(WINDOW)))
        .bind("unsettled", Timestamp.from(now.minus(RESERVATION_TTL)))
        .map((rs, ctx) -> new Spent(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
        .list();
  }
}
