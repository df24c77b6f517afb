package org.leadport.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.query.ChangePosition;

/**
 * The export-job table as a queue that workers take jobs from. Claims take the oldest pending job
 * of a workspace whose older jobs are all finished (one running job per workspace, in order),
 * round-robin over workspaces, with {@code FOR UPDATE SKIP LOCKED} so workers on any number of
 * nodes never take the same row, and only jobs whose every requirement this node knows ({@link
 * Capabilities}: a job a newer node created for something this one cannot run waits for a newer
 * node, and holds back its workspace's later jobs as any unfinished job does). Every claim
 * increments the job's fencing token; heartbeats, progress, publishing and every other end of a
 * claim succeed only with the current token. Thread-safe.
 */
public final class JobLeases {
  private final Jdbi jdbi;
  private final Clock clock;

  /** What this node can run ({@link Capabilities#KNOWN}): the claim takes nothing else. */
  private final List<String> known;

  private volatile JobEnds ends = JobEnds.NONE;

  /** A claimed job and the fencing token that proves the claim. */
  public record Claim(ExportJob job, long token) {}

  JobLeases(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.known = Capabilities.KNOWN.stream().sorted().toList();
  }

  /** From now on, tells {@code to} of every success and failure, in the transaction of each. */
  void announceEnds(JobEnds to) {
    this.ends = to;
  }

  /**
   * Claims the next runnable job for {@code owner}: a queued job, or a running one whose lease
   * expired (its worker died), that is the oldest unfinished job of its workspace and requires
   * nothing this node does not know. Workspaces take turns: of the runnable jobs, the one whose
   * workspace last started a job longest ago (or never) goes first, so a small export of one
   * workspace waits for at most one running job per worker, never behind the whole queue of another
   * (docs/operations.md, "Limits").
   */
  public Optional<Claim> claim(String owner, Duration lease) {
    Timestamp now = now();
    return jdbi.inTransaction(h ->
        h.createQuery(
                """
                with next as (
                  select j.id from export_jobs j
                  where (j.state = 'queued'
                         or (j.state = 'running' and j.lease_expires_at < :now))
                    and j.requires <@ cast(:known as text[])
                    and not exists (
                      select 1 from export_jobs o
                      where o.workspace_id = j.workspace_id
                        and o.state in ('queued', 'running')
                        and (o.created_at, o.id) < (j.created_at, j.id))
                  order by (select max(s.started_at) from export_jobs s
                            where s.workspace_id = j.workspace_id) nulls first,
                    j.created_at, j.id
                  limit 1
                  for update skip locked)
                update export_jobs j set state = 'running', lease_owner = :owner,
                  lease_expires_at = :expires, fencing_token = j.fencing_token + 1,
                  attempts = j.attempts + 1, rows_done = 0, rows_total = null,
                  started_at = coalesce(j.started_at, :now), updated_at = :now
                from next where j.id = next.id
                returning j.*
                """)
            .bind("now", now)
            .bind("owner", owner)
            .bindArray("known", String.class, known)
            .bind("expires", Timestamp.from(now.toInstant().plus(lease)))
            .map((rs, ctx) -> new Claim(ExportJob.read(rs), rs.getLong("fencing_token")))
            .findOne());
  }

  /** Extends the lease; false when the claim was lost (taken over or canceled). */
  public boolean heartbeat(String id, long token, Duration lease, long rowsDone) {
    return heartbeat(id, token, lease, rowsDone, null);
  }

  /** Extends the lease and records progress; false when the claim was lost. */
  public boolean heartbeat(
      String id, long token, Duration lease, long rowsDone, @Nullable Long rowsTotal) {
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set lease_expires_at = :expires, rows_done = :rows,
                  rows_total = coalesce(:total, rows_total), updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                """)
            .bind("expires", Timestamp.from(now.toInstant().plus(lease)))
            .bind("rows", rowsDone)
            .bindByType("total", rowsTotal, Long.class)
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .execute())
        == 1;
  }

  /** Records the published file and success; false when the claim was lost meanwhile. */
  public boolean succeed(
      String id, long token, String fileKey, long size, String sha256, long rows) {
    return succeed(id, token, fileKey, size, sha256, rows, null);
  }

  /** Records the published file, how it is served, and success; false when the claim was lost. */
  public boolean succeed(
      String id,
      long token,
      String fileKey,
      long size,
      String sha256,
      long rows,
      JobHandler.@Nullable FileInfo file) {
    return succeed(id, token, fileKey, size, sha256, rows, file, null);
  }

  /**
   * Records the published file, how it is served, the change position of the export's snapshot and
   * success; false when the claim was lost.
   */
  public boolean succeed(
      String id,
      long token,
      String fileKey,
      long size,
      String sha256,
      long rows,
      JobHandler.@Nullable FileInfo file,
      @Nullable ChangePosition changes) {
    return succeed(id, token, fileKey, size, sha256, rows, file, changes, List.of());
  }

  /**
   * Records the published file, how it is served, the change position of the export's snapshot, the
   * export's parts (none for one file; docs/parts.md) and success, in one transaction under the
   * fencing token; false when the claim was lost. The parts replace any recorded before.
   */
  public boolean succeed(
      String id,
      long token,
      String fileKey,
      long size,
      String sha256,
      long rows,
      JobHandler.@Nullable FileInfo file,
      @Nullable ChangePosition changes,
      List<JobPart> parts) {
    Timestamp now = now();
    return ended(h -> {
      Optional<ExportJob> ended =
          h.createQuery(
                  """
                  update export_jobs set state = 'succeeded', file_key = :key, parts = :parts,
                    file_size = :size, file_sha256 = :sha, rows_done = :rows,
                    file_name = :name, content_type = :type, content_encoding = :encoding,
                    rows_total = :rows, lease_owner = null, lease_expires_at = null,
                    finished_at = :now, updated_at = :now, changes_position = :changes
                  where id = :id and fencing_token = :token and state = 'running'
                  returning *
                  """)
              .bind("parts", parts.size())
              .bind("changes", changes == null ? null : changes.snapshot())
              .bind("key", fileKey)
              .bind("size", size)
              .bind("sha", sha256)
              .bind("rows", rows)
              .bind("name", file == null ? null : file.name())
              .bind("type", file == null ? null : file.contentType())
              .bind("encoding", file == null ? null : file.contentEncoding())
              .bind("now", now)
              .bind("id", id)
              .bind("token", token)
              .map((rs, ctx) -> ExportJob.read(rs))
              .findOne();
      if (ended.isPresent()) {
        JobParts.replace(h, id, parts);
      }
      return ended;
    });
  }

  /** Records a failure; false when the claim was lost meanwhile. */
  public boolean fail(String id, long token, String code, @Nullable String message) {
    Timestamp now = now();
    return ended(h ->
        h.createQuery(
                """
                update export_jobs set state = 'failed', error_code = :code,
                  error_message = :message, lease_owner = null, lease_expires_at = null,
                  finished_at = :now, updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                returning *
                """)
            .bind("code", code)
            .bind("message", message)
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .map((rs, ctx) -> ExportJob.read(rs))
            .findOne());
  }

  /**
   * Runs {@code update} (a success or failure under the fencing token) and tells {@link #ends} of
   * the job it ended, in one transaction; false when the claim was lost and nothing was ended.
   */
  private boolean ended(
      org.jdbi.v3.core.HandleCallback<Optional<ExportJob>, RuntimeException> update) {
    JobEnds to = ends;
    return jdbi.inTransaction(h -> {
      Optional<ExportJob> job = update.withHandle(h);
      job.ifPresent(j -> to.ended(h, j));
      return job.isPresent();
    });
  }

  /**
   * Ends a claim after a transient failure so that the job runs again once {@code wait} has passed:
   * its lease is set to expire then, and the claim takes a running job with an expired lease over
   * (a new attempt, counted). The fencing token moves on, so a late heartbeat of the failed attempt
   * cannot extend the lease. False when the claim was lost meanwhile.
   */
  public boolean retry(String id, long token, Duration wait) {
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set lease_owner = null, lease_expires_at = :at,
                  fencing_token = fencing_token + 1, updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                """)
            .bind("at", Timestamp.from(now.toInstant().plus(wait)))
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .execute())
        == 1;
  }

  /** Puts a running job back in the queue (worker shutting down); false when no longer ours. */
  public boolean release(String id, long token) {
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set state = 'queued', lease_owner = null,
                  lease_expires_at = null, updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                """)
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .execute())
        == 1;
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
