package org.leadport.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import org.leadport.model.Ids;

/**
 * The export-job table as its owners see it: jobs queued, found, listed, canceled and deleted by
 * workspace. The workers' side of the queue (claims under a lease and fencing token) is {@link
 * #leases()}. Thread-safe.
 */
public final class JobRepository {
  private final Jdbi jdbi;
  private final Clock clock;
  private final JobLeases leases;
  private final JobParts parts;

  public JobRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.leases = new JobLeases(jdbi, clock);
    this.parts = new JobParts(jdbi);
  }

  /** The parts of jobs published as parts (docs/parts.md). */
  public JobParts parts() {
    return parts;
  }

  /**
   * From now on, tells {@code to} of every job success and failure, in the transaction that records
   * it (the webhook events of a job's end); call before workers start.
   */
  public void announceEnds(JobEnds to) {
    leases.announceEnds(to);
  }

  /** The queue as workers take jobs from it, over the same table. */
  public JobLeases leases() {
    return leases;
  }

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
