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
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.model.Ids;

/**
 * Admits new export jobs to the queue: the rolling quota per workspace and idempotency keys,
 * decided under one advisory lock per workspace so that concurrent requests on any node count
 * exactly. Thread-safe.
 */
public final class JobSubmissions {
  private final Jdbi jdbi;
  private final Clock clock;

  public JobSubmissions(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * A job to queue: who asked, through which surface, what to run, and how to treat repeats.
   *
   * @param requires what a node must know to run it ({@link Capabilities}); only such a node claims
   *     it
   */
  public record NewJob(
      String workspaceId,
      String apiKeyId,
      String surface,
      JsonNode spec,
      JsonNode request,
      @Nullable String idempotencyKey,
      boolean email,
      List<String> requires) {
    public NewJob {
      requires = List.copyOf(requires);
    }
  }

  /** The queued job, or the earlier job an idempotent repeat of its request answers with. */
  public record Submitted(ExportJob job, boolean repeated) {}

  /**
   * Queues a job unless the workspace created {@code quota} jobs within {@code window} (429 with
   * the seconds until the oldest of them ages out). A request repeated with the same idempotency
   * key within the window returns the first job; the same key with another request is a 422.
   * Submissions of one workspace are serialised so that the count and the insert agree.
   */
  public Submitted submit(NewJob n, int quota, Duration window) {
    return submit(n, quota, window, ws -> {});
  }

  /**
   * As {@link #submit(NewJob, int, Duration)}, with {@code admit} run on the workspace id after the
   * idempotency check (so a repeat still answers with its job) and before the count: it throws when
   * the workspace may not export now (the rows budget, {@link ExportBudget}).
   */
  public Submitted submit(
      NewJob n, int quota, Duration window, java.util.function.Consumer<String> admit) {
    return jdbi.inTransaction(h -> {
      h.execute(
          "select pg_advisory_xact_lock(hashtextextended(?, 0))", "export_jobs:" + n.workspaceId());
      Instant now = clock.instant();
      if (n.idempotencyKey() != null) {
        Optional<ExportJob> prior =
            h.createQuery(
                    "select * from export_jobs where workspace_id = :ws and idempotency_key = :key")
                .bind("ws", n.workspaceId())
                .bind("key", n.idempotencyKey())
                .map((rs, ctx) -> ExportJob.read(rs))
                .findOne();
        if (prior.isPresent() && prior.get().createdAt().isAfter(now.minus(window))) {
          if (!prior.get().request().equals(n.request())) {
            throw new LeadportException(
                422,
                "idempotency_key_reused",
                "The Idempotency-Key "
                    + n.idempotencyKey()
                    + " was used with a different request in the last 24 hours; use a new key.",
                "Idempotency-Key");
          }
          return new Submitted(prior.get(), true);
        }
        // An expired key may be used again: the old job lets go of it.
        h.createUpdate(
                "update export_jobs set idempotency_key = null"
                    + " where workspace_id = :ws and idempotency_key = :key")
            .bind("ws", n.workspaceId())
            .bind("key", n.idempotencyKey())
            .execute();
      }
      admit.accept(n.workspaceId());
      List<Timestamp> recent =
          h.createQuery(
                  "select created_at from export_jobs where workspace_id = :ws"
                      + " and created_at > :since order by created_at")
              .bind("ws", n.workspaceId())
              .bind("since", Timestamp.from(now.minus(window)))
              .mapTo(Timestamp.class)
              .list();
      if (recent.size() >= quota) {
        Instant free = recent.get(recent.size() - quota).toInstant().plus(window);
        long seconds = (Duration.between(now, free).toMillis() + 999) / 1000;
        throw LeadportException.tooMany(
            "export_quota_exceeded",
            "This workspace created "
                + recent.size()
                + " exports in the last 24 hours, its limit is "
                + quota
                + "; the next one can be created in "
                + seconds
                + " seconds.",
            seconds);
      }
      String id = Ids.next("expo_");
      Timestamp ts = Timestamp.from(now);
      h.createUpdate(
              """
              insert into export_jobs (id, workspace_id, api_key_id, surface, spec, request,
                idempotency_key, notify, requires, state, created_at, updated_at)
              values (:id, :ws, :key, :surface, cast(:spec as jsonb), cast(:request as jsonb),
                :idem, :notify, :requires, 'queued', :now, :now)
              """)
          .bind("id", id)
          .bind("ws", n.workspaceId())
          .bind("key", n.apiKeyId())
          .bind("surface", n.surface())
          .bind("spec", Json.text(n.spec()))
          .bind("request", Json.text(n.request()))
          .bind("idem", n.idempotencyKey())
          .bind("notify", n.email() ? "pending" : "none")
          .bindArray("requires", String.class, n.requires())
          .bind("now", ts)
          .execute();
      return new Submitted(
          h.createQuery("select * from export_jobs where id = :id")
              .bind("id", id)
              .map((rs, ctx) -> ExportJob.read(rs))
              .one(),
          false);
    });
  }
}
