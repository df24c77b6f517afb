package org.leadport.jobs;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.leadport.export.ExportMetrics;
import org.leadport.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed job, run once (db-scheduler's picked execution is the model): writes its file aside
 * while a {@link LeaseHeartbeat} renews the claim, then publishes the file and records success
 * under the fencing token; a run whose claim was lost publishes nothing, and how any other end is
 * recorded is {@link JobRunEnd}'s policy. Used by one worker thread.
 */
final class PickedJob {
  /** The worker's logger: the lines are the worker's, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  /** How many earlier attempts' uploads a takeover looks for. */
  private static final int MAX_EARLIER_ATTEMPTS = 20;

  /**
   * What every run of one worker shares.
   *
   * @param owner names the worker's process in leases
   * @param lease how long a claim lasts without a heartbeat
   * @param heartbeats where the heartbeats run
   * @param stopping whether the worker is shutting down (a failure then hands the job back)
   * @param finished told the id of every job brought to success or failure
   */
  record Context(
      JobLeases leases,
      FileStore files,
      JobHandler handler,
      ExportMetrics metrics,
      JobRetries retries,
      String owner,
      Duration lease,
      ScheduledExecutorService heartbeats,
      BooleanSupplier stopping,
      java.util.function.Consumer<String> finished) {}

  private final Context cx;
  private final ExportJob job;
  private final long token;

  PickedJob(Context cx, JobLeases.Claim claim) {
    this.cx = cx;
    this.job = claim.job();
    this.token = claim.token();
  }

  /** Runs the job to one of its ends; throws nothing a run can cause. */
  void run() {
    long started = System.nanoTime();
    JobRunEnd end =
        new JobRunEnd(cx.leases(), cx.metrics(), cx.owner(), cx.finished(), job, token, started);
    LeaseHeartbeat heartbeat =
        new LeaseHeartbeat(cx.leases(), job, token, cx.lease(), cx.heartbeats());
    String key = key(token);
    discardEarlierAttempts();
    PublishedParts parts = new PublishedParts(cx.files(), key);
    boolean recorded = false;
    try (FileStore.Upload upload = cx.files().create(key)) {
      DigestingStream file = new DigestingStream(upload.stream());
      JobHandler.Result written;
      JobOutput out = new JobOutput(file, parts::open);
      try (out) {
        written = cx.handler().run(job, out, heartbeat);
      }
      heartbeat.close();
      if (heartbeat.lost()) {
        throw new LeaseLostException(job.id());
      }
      long size = upload.publish();
      String digest = file.sha256Hex();
      List<JobPart> published = parts.all(out.partRows(), size, digest, written.file(), job);
      long bytes = published.stream().mapToLong(JobPart::bytes).sum();
      if (cx.leases()
          .succeed(
              job.id(),
              token,
              key,
              size,
              digest,
              written.rows(),
              written.file(),
              written.changes(),
              published)) {
        recorded = true;
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        cx.metrics()
            .exported(
                job.surface(),
                job.spec().path("format").asText("?"),
                written.rows(),
                published.isEmpty() ? size : bytes,
                took);
        end.ended("succeeded", written.rows(), published.isEmpty() ? size : bytes);
        end.notifyFinished();
      } else {
        end.ended("lost", written.rows(), size);
        // Canceled or taken over while publishing: the file must not outlive the claim.
        cx.files().delete(key);
        LOG.info("job {} finished after its claim was lost; file discarded", job.id());
      }
    } catch (LeaseLostException e) {
      end.ended("lost", heartbeat.rows(), -1);
    } catch (Exception e) {
      end.failed(e, heartbeat.rows(), cx.stopping().getAsBoolean(), cx.retries(), heartbeat);
    } finally {
      heartbeat.close();
      if (!recorded) {
        // Parts publish as they complete; of a run that did not succeed none may stay.
        parts.deleteAll();
      }
    }
  }

  /** Where attempt {@code t} of this job writes its file. */
  private String key(long t) {
    return "exports/" + job.workspaceId() + "/" + job.id() + "-" + t;
  }

  /**
   * A takeover removes the unpublished uploads of the attempts before it (a node killed mid-export
   * leaves one), rather than leaving them to the store's day-old sweep. Fencing tokens count every
   * claim and cancel of the job, so the earlier attempts are the tokens below this one.
   */
  private void discardEarlierAttempts() {
    for (long t = Math.max(1, token - MAX_EARLIER_ATTEMPTS); t < token; t++) {
      try {
        cx.files().discard(key(t));
        // An attempt that died publishing parts leaves parts no job row names.
        cx.files().deleteParts(key(t));
      } catch (IOException | RuntimeException e) {
        // The store's own sweep of abandoned uploads still removes it later.
        LOG.warn("could not discard the upload of attempt {} of job {}", t, job.id(), e);
      }
    }
  }
}
