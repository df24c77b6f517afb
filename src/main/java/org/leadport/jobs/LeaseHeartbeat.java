package org.leadport.jobs;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.leadport.export.ExportProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat of one claimed job, and the progress its export reports into: every beat renews the
 * lease under the job's fencing token with the rows written so far, and once a beat finds the claim
 * gone (canceled or taken over) the export's next progress report throws {@link
 * LeaseLostException}, so it writes nothing more. Beats run on the worker's scheduler; progress is
 * reported on the job's thread. Close (once or more) to stop beating.
 */
final class LeaseHeartbeat implements ExportProgress, AutoCloseable {
  /** The worker's logger: the lines are the worker's, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  private final JobLeases leases;
  private final ExportJob job;
  private final long token;
  private final Duration lease;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong total = new AtomicLong(-1);
  private final AtomicBoolean lost = new AtomicBoolean();
  private final ScheduledFuture<?> beats;

  /** Starts beating on {@code scheduler}. */
  LeaseHeartbeat(
      JobLeases leases,
      ExportJob job,
      long token,
      Duration lease,
      ScheduledExecutorService scheduler) {
    this.leases = leases;
    this.job = job;
    this.token = token;
    this.lease = lease;
    // Frequent enough that a cancel stops the export within a second, whatever the lease.
    long beat = Math.max(50, Math.min(500, lease.toMillis() / 3));
    this.beats = scheduler.scheduleAtFixedRate(this::beat, beat, beat, TimeUnit.MILLISECONDS);
  }

  private void beat() {
    try {
      long t = total.get();
      if (!lost.get() && !leases.heartbeat(job.id(), token, lease, rows.get(), t < 0 ? null : t)) {
        lost.set(true);
      }
    } catch (RuntimeException e) {
      // A missed beat is survivable (the lease outlasts several); the next one retries.
      LOG.warn("heartbeat of job {} failed", job.id(), e);
    }
  }

  /** Whether a beat found the claim gone. */
  boolean lost() {
    return lost.get();
  }

  /** The rows the export reported written so far. */
  long rows() {
    return rows.get();
  }

  @Override
  public void total(long n) {
    total.set(n);
  }

  @Override
  public void rows(long done) {
    rows.set(done);
    if (lost.get()) {
      throw new LeaseLostException(job.id());
    }
  }

  /** Stops beating; a beat under way finishes. */
  @Override
  public void close() {
    beats.cancel(false);
  }
}
