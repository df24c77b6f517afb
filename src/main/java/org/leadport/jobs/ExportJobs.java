package org.leadport.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.files.FileStore;
import org.leadport.json.Json;

/**
 * What every async surface does with export jobs, in surface-neutral terms: submit a spec (quota,
 * idempotency, validation up front), read, list, cancel and delete. Surfaces only translate.
 * Thread-safe.
 */
public final class ExportJobs {
  /** The rolling window of the export quota and of idempotency keys. */
  public static final Duration WINDOW = Duration.ofHours(24);

  /** Longest accepted Idempotency-Key. */
  static final int MAX_KEY = 255;

  private final JobRepository jobs;
  private final JobSubmissions submissions;
  private final Exporter exporter;
  private final FileStore files;
  private final int quota;
  private final boolean mail;
  private final ExportBudget budget;
  private final int maxAttempts;

  /**
   * @param mail whether this deployment sends done emails (LEADPORT_SMTP_URL is set); without it no
   *     job waits for one
   * @param budget the rows every workspace may export a day, which a new job must fit in too
   * @param maxAttempts the attempts a job gets before a transient failure fails it, which every
   *     surface shows beside the job's attempts
   */
  public ExportJobs(
      JobRepository jobs,
      JobSubmissions submissions,
      Exporter exporter,
      FileStore files,
      int quota,
      boolean mail,
      ExportBudget budget,
      int maxAttempts) {
    this.jobs = jobs;
    this.submissions = submissions;
    this.exporter = exporter;
    this.files = files;
    this.quota = quota;
    this.mail = mail;
    this.budget = budget;
    this.maxAttempts = maxAttempts;
  }

  /**
   * The attempts a job gets before a transient failure fails it ({@code LEADPORT_JOB_ATTEMPTS}).
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The rows budget every export route of a workspace spends (docs/operations.md, "Quotas"). */
  public ExportBudget budget() {
    return budget;
  }

  /**
   * Queues an export of {@code spec}, packaged as {@code delivery}, for the key {@code apiKeyId}.
   *
   * @param endpoint the surface's endpoint, so one idempotency key cannot span two endpoints
   * @param body the request as received, what a repeat is compared with
   * @param idempotencyKey the {@code Idempotency-Key} header, or null
   * @param email whether the key's owner gets a done email
   */
  public JobSubmissions.Submitted submit(
      ExportSpec spec,
      Delivery delivery,
      String apiKeyId,
      String surface,
      String endpoint,
      JsonNode body,
      @Nullable String idempotencyKey,
      boolean email) {
    if (idempotencyKey != null
        && (idempotencyKey.isEmpty()
            || idempotencyKey.length() > MAX_KEY
            || !idempotencyKey.chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
      throw LeadportException.invalid(
          "Idempotency-Key",
          "Idempotency-Key must be 1 to " + MAX_KEY + " visible ASCII characters.");
    }
    // Unknown fields and the like fail now, with a 400, not later in the worker.
    exporter.columns(spec);
    JsonNode request = Json.object().put("endpoint", endpoint).set("body", body);
    return submissions.submit(
        new JobSubmissions.NewJob(
            spec.workspaceId(),
            apiKeyId,
            surface,
            ExportSpecJson.write(spec).set("delivery", delivery.toJson()),
            request,
            idempotencyKey,
            email && mail,
            Capabilities.required(spec, delivery)),
        quota,
        WINDOW,
        budget::admit);
  }

  /** The workspace's job, or a 404 naming it. */
  public ExportJob get(String workspaceId, String id) {
    return jobs.find(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Export", id));
  }

  /** The workspace's job by number, or a 404 naming it. */
  public ExportJob getBySeq(String workspaceId, long seq) {
    return jobs.findBySeq(workspaceId, seq)
        .orElseThrow(() -> LeadportException.notFound("Export", Long.toString(seq)));
  }

  /** How many rows {@code spec} would export now (for formats with a row limit). */
  public long count(ExportSpec spec) {
    return exporter.count(spec);
  }

  public Optional<ExportJob> find(String workspaceId, String id) {
    return jobs.find(workspaceId, id);
  }

  /** The workspace's jobs, newest first. */
  public List<ExportJob> list(String workspaceId, int skip, int limit) {
    return jobs.list(workspaceId, skip, limit);
  }

  /** The workspace's jobs of one surface (and, when not null, one endpoint), newest first. */
  public List<ExportJob> list(
      String workspaceId, String surface, @Nullable String endpoint, int skip, int limit) {
    return jobs.list(workspaceId, surface, endpoint, skip, limit);
  }

  /**
   * Cancels a queued or running job; its worker stops within a second and deletes what it wrote. A
   * finished job is a 409.
   */
  public ExportJob cancel(String workspaceId, String id) {
    ExportJob job = get(workspaceId, id);
    if (!jobs.cancel(workspaceId, id)) {
      throw LeadportException.conflict(
          "export_finished",
          "Export "
              + id
              + " already finished ("
              + job.state().wireName()
              + "); nothing to cancel.");
    }
    return get(workspaceId, id);
  }

  /** Deletes a job and its file (or parts); its download links stop working at once. */
  public void delete(String workspaceId, String id) {
    ExportJob job =
        jobs.delete(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Export", id));
    if (job.fileKey() != null) {
      try {
        files.delete(job.fileKey());
        // Part 1 is the job's file; the rest are files of their own (docs/parts.md).
        for (JobPart part : jobs.parts().forget(id)) {
          files.delete(part.fileKey());
        }
      } catch (IOException e) {
        // The job is gone and its links are dead; the bytes are left for the operator to see.
        throw new UncheckedIOException("could not delete the file of export " + id, e);
      }
    }
  }
}
