package org.leadport.jobs;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * What happens to finished jobs: their done email, claimed once so that no job is ever mailed twice
 * (not even after a takeover or by two sweepers), and the removal of files past retention.
 * Thread-safe.
 */
public final class JobHousekeeping {
  private final Jdbi jdbi;
  private final Clock clock;
  private final JobParts parts;

  public JobHousekeeping(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.parts = new JobParts(jdbi);
  }

  /**
   * Forgets the parts of a job whose file was just forgotten and returns the keys of those that are
   * files of their own (part 1 is the job's file); none for a job of one file.
   */
  public List<String> forgetParts(StoredFile file) {
    return parts.forget(file.jobId()).stream()
        .map(JobPart::fileKey)
        .filter(k -> !k.equals(file.key()))
        .toList();
  }

  /** A published file: the job it belongs to and its key. */
  public record StoredFile(String jobId, String key) {}

  /**
   * Takes the job's pending done email, once: the first caller gets the finished job, every later
   * (or concurrent) caller gets nothing.
   */
  public Optional<ExportJob> claimEmail(String jobId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                update export_jobs set notify = 'sending'
                where id = :id and notify = 'pending' and state in ('succeeded', 'failed')
                  and deleted_at is null
                returning *
                """)
            .bind("id", jobId)
            .map((rs, ctx) -> ExportJob.read(rs))
            .findOne());
  }

  /** Records how sending the claimed email went; {@code error} null for success. */
  public void emailed(String jobId, @Nullable String error) {
    jdbi.useHandle(h ->
        h.createUpdate(
                "update export_jobs set notify = :state, notify_error = :error"
                    + " where id = :id and notify = 'sending'")
            .bind("state", error == null ? "sent" : "failed")
            .bind("error", error)
            .bind("id", jobId)
            .execute());
  }

  /**
   * Jobs finished since {@code since} whose done email nobody has claimed (their worker died before
   * it). Older ones are left alone: their news, and their links, are stale.
   */
  public List<String> unsentEmails(Instant since, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select id from export_jobs
                where notify = 'pending' and state in ('succeeded', 'failed')
                  and deleted_at is null and finished_at > :since
                order by finished_at limit :limit
                """)
            .bind("since", Timestamp.from(since))
            .bind("limit", limit)
            .mapTo(String.class)
            .list());
  }

  /** Files of jobs that finished before {@code before}, oldest first. */
  public List<StoredFile> filesFinishedBefore(Instant before, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select id, file_key from export_jobs
                where file_key is not null and finished_at < :before
                order by finished_at limit :limit
                """)
            .bind("before", Timestamp.from(before))
            .bind("limit", limit)
            .map((rs, ctx) -> new StoredFile(rs.getString(1), rs.getString(2)))
            .list());
  }

  /** Forgets a file the sweeper is about to delete; false when it was already forgotten. */
  public boolean forgetFile(StoredFile file) {
    Timestamp now = Timestamp.from(clock.instant());
    return jdbi.withHandle(h ->
        h.createUpdate(
                """
                update export_jobs set file_key = null, file_deleted_at = :now,
                  updated_at = :now
                where id = :id and file_key = :key
                """)
            .bind("now", now)
            .bind("id", file.jobId())
            .bind("key", file.key())
            .execute())
        == 1;
  }
}
