package org.leadport.jobs;

import java.time.Duration;
import java.util.function.Consumer;
import org.leadport.LeadportException;
import org.leadport.export.ExportMetrics;
import org.leadport.files.StorageException;
import org.leadport.store.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How one run of a claimed job ends, recorded under its fencing token: the log line and meter of
 * every outcome, the done notice, and the choice a failure leads to (handed back at shutdown,
 * retried after a transient failure, or failed with a code the client reads). One per run; used by
 * that run's thread only.
 */
final class JobRunEnd {
  /** The worker's logger: the lines are the worker's, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  private final JobLeases leases;
  private final ExportMetrics metrics;
  private final String owner;
  private final Consumer<String> finished;
  private final ExportJob job;
  private final long token;
  private final long started;

  /**
   * @param started {@link System#nanoTime()} when the run began
   */
  JobRunEnd(
      JobLeases leases,
      ExportMetrics metrics,
      String owner,
      Consumer<String> finished,
      ExportJob job,
      long token,
      long started) {
    this.leases = leases;
    this.metrics = metrics;
    this.owner = owner;
    this.finished = finished;
    this.job = job;
    this.token = token;
    this.started = started;
  }

  /**
   * Ends a run that threw {@code e} after {@code rows} rows: released when the worker is {@code
   * stopping}, retried when the failure is transient and {@code retries} allow another attempt (the
   * heartbeat stopped first), failed otherwise.
   */
  void failed(
      Exception e, long rows, boolean stopping, JobRetries retries, LeaseHeartbeat heartbeat) {
    if (stopping) {
      // Stopped by shutdown, not by the export: hand the job back for this or another node.
      leases.release(job.id(), token);
      ended("released", rows, -1);
    } else if (TransientFailures.retryable(e) && retries.another(job)) {
      heartbeat.close();
      retry(e, retries);
      ended("retrying", rows, -1);
    } else if (e instanceof LeadportException le) {
      // The request can no longer run as asked (a custom field it names was deleted, say).
      LOG.info("job {} cannot run: {}", job.id(), le.getMessage());
      ended("failed", rows, -1);
      fail(le.code(), le.getMessage());
    } else if (storageFailure(e)) {
      LOG.error("job {} failed: the file store failed", job.id(), e);
      ended("failed", rows, -1);
      fail(
          "storage_failed",
          "The export could not be written to the file store; it has been logged under job "
              + job.id()
              + ".");
    } else {
      LOG.error("job {} failed", job.id(), e);
      ended("failed", rows, -1);
      fail(
          "export_failed",
          "The export failed on our side"
              + (job.attempts() > 1 ? " after " + job.attempts() + " attempts" : "")
              + "; it has been logged under job "
              + job.id()
              + ".");
    }
  }

  /** Records the failure the client reads; the done notice follows only when the claim held. */
  private void fail(String code, String message) {
    if (leases.fail(job.id(), token, code, message)) {
      notifyFinished();
    }
  }

  /** Whether {@code e} or one of its causes says the file store failed. */
  private static boolean storageFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StorageException) {
        return true;
      }
    }
    return false;
  }

  /**
   * Hands the job back to the queue to run again after the backoff. When even that cannot be
   * recorded (the database is still away), the job keeps its lease until it expires, and then any
   * worker takes it over as it takes over a dead worker's: the retry happens either way.
   */
  private void retry(Exception cause, JobRetries retries) {
    Duration wait = retries.backoffAfter(job.attempts());
    LOG.warn(
        "job {} attempt {} of {} failed on a transient failure; retrying in {}",
        job.id(),
        job.attempts(),
        retries.attempts(),
        wait,
        cause);
    try {
      leases.retry(job.id(), token, wait);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record the retry of job {}; it is taken over when its lease ends", job.id(), e);
    }
  }

  /**
   * One structured line and one meter per job run, however it ended: {@code lost} when canceled or
   * taken over, {@code released} at shutdown, {@code retrying} after a transient failure.
   */
  void ended(String outcome, long rows, long bytes) {
    metrics.jobEnded(job.surface(), outcome);
    LOG.info(
        "job id={} workspace={} surface={} format={} outcome={} rows={} bytes={} ms={} attempt={}"
            + " owner={}",
        job.id(),
        job.workspaceId(),
        job.surface(),
        job.spec().path("format").asText("?"),
        outcome,
        rows,
        bytes,
        (System.nanoTime() - started) / 1_000_000,
        job.attempts(),
        owner);
  }

  /** The job is done whatever its notice does; a failed notice is logged, never the job's. */
  void notifyFinished() {
    try {
      finished.accept(job.id());
    } catch (RuntimeException e) {
      LOG.warn("done notice of job {} failed", job.id(), e);
    }
  }
}
