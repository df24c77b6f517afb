package org.leadport.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.leadport.LeadportException;

/**
 * One budget of exported rows per workspace and rolling 24 h ({@code LEADPORT_EXPORT_ROWS_QUOTA})
 * that covers every way to export everything: sync segments and JSON:API renders (recorded here
 * when they end) and async jobs of every surface (the rows of the jobs that succeeded). An export
 * is admitted while the workspace's rows of the last 24 h are below the budget, so the export that
 * crosses it still completes (a sync segment holds at most 10,000 rows, so a walk stops within one
 * segment of it); after that every export route answers 429 {@code export_rows_quota_exceeded} with
 * the seconds until enough rows have aged out. See docs/operations.md, "Quotas". Thread-safe.
 */
public final class ExportBudget {
  /** The rolling window of the budget. */
  public static final Duration WINDOW = Duration.ofHours(24);

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

  /** Rows exported at one time. */
  private record Spent(Instant at, long rows) {}

  /** Returns when the workspace may start an export now; throws the 429 otherwise. */
  public void admit(String workspaceId) {
    Instant now = clock.instant();
    List<Spent> spent = spent(workspaceId, now.minus(WINDOW));
    long used = spent.stream().mapToLong(Spent::rows).sum();
    if (used < rowsPerWindow) {
      return;
    }
    // The oldest rows age out first: the budget is back once the rest are below it.
    long left = used;
    Instant free = now;
    for (Spent s : spent) {
      left -= s.rows();
      if (left < rowsPerWindow) {
        free = s.at().plus(WINDOW);
        break;
      }
    }
    long seconds = (Duration.between(now, free).toMillis() + 999) / 1000;
    throw LeadportException.tooMany(
        "export_rows_quota_exceeded",
        "This workspace exported "
            + used
            + " rows in the last 24 hours, its budget is "
            + rowsPerWindow
            + " rows; the next export can start in "
            + seconds
            + " seconds.",
        seconds);
  }

  /** Records the rows a streamed export (sync segment, render) of the workspace just wrote. */
  public void record(String workspaceId, String surface, long rows) {
    Instant now = clock.instant();
    jdbi.useTransaction(h -> {
      h.createUpdate(
              "insert into export_usage (workspace_id, surface, rows, at)"
                  + " values (:ws, :surface, :rows, :at)")
          .bind("ws", workspaceId)
          .bind("surface", surface)
          .bind("rows", rows)
          .bind("at", Timestamp.from(now))
          .execute();
      h.createUpdate("delete from export_usage where workspace_id = :ws and at <= :before")
          .bind("ws", workspaceId)
          .bind("before", Timestamp.from(now.minus(WINDOW)))
          .execute();
    });
  }

  /** The workspace's exports since {@code since}, oldest first. */
  private List<Spent> spent(String workspaceId, Instant since) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select at, rows from export_usage where workspace_id = :ws and at > :since
                union all
                select finished_at, rows_done from export_jobs
                where workspace_id = :ws and state = 'succeeded' and finished_at > :since
                order by 1
                """)
            .bind("ws", workspaceId)
            .bind("since", Timestamp.from(since))
            .map((rs, ctx) -> new Spent(rs.getTimestamp(1).toInstant(), rs.getLong(2)))
            .list());
  }
}
