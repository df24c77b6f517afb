package org.leadport.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import org.leadport.store.Ids;

/**
 * The export-job table as a queue. Claims take the oldest pending job of a workspace whose older
 * jobs are all finished (one running job per workspace, in order), round-robin over workspaces,
 * with {@code FOR UPDATE SKIP LOCKED} so workers on any number of nodes never take the same row.
 * Every claim increments the job's fencing token; heartbeats, progress and publishing succeed only
 * with the current token. Thread-safe.
 */
public final class JobRepository {
  private final Jdbi jdbi;
  private final Clock clock;

  public JobRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A claimed job and the fencing token that proves the claim. */
  public record Claim(ExportJob job, long token) {}

  /** Queues a new job and returns it. */
  public ExportJob create(
      String workspaceId, String apiKeyId, String surface, JsonNode spec, JsonNode request) {
    String id = Ids.next("expo_");
    Timestamp now = now();
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into export_jobs (id, workspace_id, api_key_id, surface, spec, request,
                  state, created_at, updated_at)
                values (:id, :ws, :key, :surface, cast(:spec as jsonb), cast(:request as jsonb),
                  'queued', :now, :now)
                """)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("key", apiKeyId)
            .bind("surface", surface)
            .bind("spec", Json.text(spec))
            .bind("request", Json.text(request))
            .bind("now", now)
            .execute());
    return find(workspaceId, id).orElseThrow();
  }

  public Optional<ExportJob> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select * from export_jobs where workspace_id = :ws and id = :id and deleted_at is null")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map((rs, ctx) -> ExportJob.read(rs))
            .findOne());
  }

  /** The workspace's job by its number (HubSpot's task id). */
  public Optional<ExportJob> findBySeq(String workspaceId, long seq) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select * from export_jobs where workspace_id = :ws and seq = :seq"
                    + " and deleted_at is null")
            .bind("ws", workspaceId)
            .bind("seq", seq)
            .map((rs, ctx) -> ExportJob.read(rs))
            .findOne());
  }

  /** How many jobs are in {@code state} across all workspaces (a gauge of the queue). */
  public long countIn(JobState state) {
    return jdbi.withHandle(h ->
        h.createQuery("select count(*) from export_jobs where state = :state")
            .bind("state", state.wireName())
            .mapTo(Long.class)
            .one());
  }

  /** A live job by id whatever its workspace (download links carry no workspace). */
  public Optional<ExportJob> findAnywhere(String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from export_jobs where id = :id and deleted_at is null")
            .bind("id", id)
            .map((rs, ctx) -> ExportJob.read(rs))
            .findOne());
  }

  /** The workspace's jobs, newest first. */
  public List<ExportJob> list(String workspaceId, int skip, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select * from export_jobs where workspace_id = :ws and deleted_at is null
                order by created_at desc, id desc offset :skip limit :limit
                """)
            .bind("ws", workspaceId)
            .bind("skip", skip)
            .bind("limit", limit)
            .map((rs, ctx) -> ExportJob.read(rs))
            .list());
  }

  /**
   * The workspace's jobs created through {@code surface}, newest first; with {@code endpoint}, only
   * those created at that endpoint of the surface.
   */
  public List<ExportJob> list(
      String workspaceId, String surface, @Nullable String endpoint, int skip, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select * from export_jobs where workspace_id = :ws and deleted_at is null
                  and surface = :surface
                  and (cast(:endpoint as text) is null or request ->> 'endpoint' = :endpoint)
                order by created_at desc, id desc offset :skip limit :limit
                """)
            .bind("ws", workspaceId)
            .bind("surface", surface)
            .bind("endpoint", endpoint)
            .bind("skip", skip)
            .bind("limit", limit)
            .map((rs, ctx) -> ExportJob.read(rs))
            .list());
  }

  /** When the workspace's jobs since {@code since} were created, oldest first (the 24 h quota). */
  public List<Instant> createdSince(String workspaceId, Instant since) {
    return jdbi.withHandle(h ->
        h
            .createQuery(
                """
                select created_at from export_jobs
                where workspace_id = :ws and created_at >= :since order by created_at
                """)
            .bind("ws", workspaceId)
            .bind("since", Timestamp.from(since))
            .mapTo(Timestamp.class)
            .list()
            .stream()
            .map(Timestamp::toInstant)
            .toList());
  }

  /**
   * Claims the next runnable job for {@code owner}: a queued job, or a running one whose lease
   * expired (its worker died), that is the oldest unfinished job of its workspace. Workspaces take
   * turns: of the runnable jobs, the one whose workspace last started a job longest ago (or never)
   * goes first, so a small export of one workspace waits for at most one running job per worker,
   * never behind the whole queue of another (docs/operations.md, "Limits").
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
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set state = 'succeeded', file_key = :key,
                  file_size = :size, file_sha256 = :sha, rows_done = :rows,
                  file_name = :name, content_type = :type, content_encoding = :encoding,
                  rows_total = :rows, lease_owner = null, lease_expires_at = null,
                  finished_at = :now, updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                """)
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
            .execute())
        == 1;
  }

  /** Records a failure; false when the claim was lost meanwhile. */
  public boolean fail(String id, long token, String code, @Nullable String message) {
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set state = 'failed', error_code = :code,
                  error_message = :message, lease_owner = null, lease_expires_at = null,
                  finished_at = :now, updated_at = :now
                where id = :id and fencing_token = :token and state = 'running'
                """)
            .bind("code", code)
            .bind("message", message)
            .bind("now", now)
            .bind("id", id)
            .bind("token", token)
            .execute())
        == 1;
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

  /**
   * Cancels a queued or running job; the fencing token moves on so a running worker's next
   * heartbeat fails and it stops. False when the job had already finished.
   */
  public boolean cancel(String workspaceId, String id) {
    Timestamp now = now();
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set state = 'canceled', fencing_token = fencing_token + 1,
                  lease_owner = null, lease_expires_at = null, finished_at = :now,
                  updated_at = :now
                where workspace_id = :ws and id = :id and state in ('queued', 'running')
                """)
            .bind("now", now)
            .bind("ws", workspaceId)
            .bind("id", id)
            .execute())
        == 1;
  }

  /**
   * Deletes a job for its owner: a queued or running job is canceled on the way (its fencing token
   * moves on), and the job as it was is returned so its file can be removed.
   */
  public Optional<ExportJob> delete(String workspaceId, String id) {
    Timestamp now = now();
    return jdbi.inTransaction(h -> {
      Optional<ExportJob> before =
          h.createQuery(
                  "select * from export_jobs where workspace_id = :ws and id = :id"
                      + " and deleted_at is null for update")
              .bind("ws", workspaceId)
              .bind("id", id)
              .map((rs, ctx) -> ExportJob.read(rs))
              .findOne();
      if (before.isPresent()) {
        h.createUpdate(
                """
                update export_jobs set deleted_at = :now, updated_at = :now,
                  state = case when state in ('queued', 'running') then 'canceled' else state end,
                  fencing_token = fencing_token + 1, lease_owner = null, lease_expires_at = null,
                  finished_at = coalesce(finished_at, :now), file_key = null,
                  file_deleted_at = case when file_key is null then file_deleted_at else :now end
                where id = :id
                """)
            .bind("now", now)
            .bind("id", id)
            .execute();
      }
      return before;
    });
  }

  private Timestamp now() {
    return Timestamp.from(clock.instant());
  }
}
