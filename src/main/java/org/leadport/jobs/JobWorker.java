package org.leadport.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.leadport.export.ExportMetrics;
import org.leadport.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs export jobs from the queue: each of its threads claims a job and runs it as a {@link
 * PickedJob} (the file written aside while a {@link LeaseHeartbeat} renews the lease, then
 * published and recorded under the fencing token; a run that lost its claim publishes nothing),
 * whose other ends follow {@link JobRunEnd}'s policy and the {@link JobRetries}. This class is the
 * worker's life: threads, polling, configuration and shutdown. Thread-safe; start once, close once.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  private final JobRepository jobs;
  private final FileStore files;
  private final JobHandler handler;
  private final String owner;
  private final Duration lease;
  private final Duration poll;
  private final int threads;
  private final java.util.function.Consumer<String> finished;
  private ExportMetrics metrics = ExportMetrics.unregistered();
  private JobRetries retries = JobRetries.DEFAULT;
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final List<Thread> loops = new ArrayList<>();
  private final ScheduledExecutorService heartbeats =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("job-heartbeat").factory());

  /**
   * @param owner names this process in leases (host and pid, say)
   * @param lease how long a claim lasts without a heartbeat; heartbeats come every third of it
   * @param poll how long an idle thread waits before looking for work again
   */
  public JobWorker(
      JobRepository jobs,
      FileStore files,
      JobHandler handler,
      String owner,
      Duration lease,
      Duration poll,
      int threads) {
    this(jobs, files, handler, owner, lease, poll, threads, id -> {});
  }

  /**
   * @param finished told the id of every job this worker brought to success or failure, after the
   *     state change (the done email hangs off it)
   */
  public JobWorker(
      JobRepository jobs,
      FileStore files,
      JobHandler handler,
      String owner,
      Duration lease,
      Duration poll,
      int threads,
      java.util.function.Consumer<String> finished) {
    this.finished = finished;
    this.jobs = jobs;
    this.files = files;
    this.handler = handler;
    this.owner = owner;
    this.lease = lease;
    this.poll = poll;
    this.threads = threads;
  }

  /** Records what this worker's jobs did in {@code to}; call before {@link #start()}. */
  public JobWorker metrics(ExportMetrics to) {
    this.metrics = to;
    return this;
  }

  /**
   * Retries a job that failed on a transient failure (database unavailable, serialization failure,
   * storage I/O) until it has had {@code attempts} attempts, waiting {@code backoff} before the
   * second and twice as long before each further one; call before {@link #start()}. Default: 3
   * attempts from 5 s.
   */
  public JobWorker retries(int attempts, Duration backoff) {
    this.retries = new JobRetries(attempts, backoff);
    return this;
  }

  public JobWorker start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("worker already started");
    }
    for (int i = 0; i < threads; i++) {
      loops.add(Thread.ofVirtual().name(owner + "-worker-" + i).start(this::loop));
    }
    return this;
  }

  private void loop() {
    while (running.get()) {
      try {
        if (!runOnce()) {
          Thread.sleep(poll);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running.get()) {
          // Shutdown interrupts a thread mid-query; that is the stop, not a failure.
          return;
        }
        // A database hiccup must not kill the worker; the job's lease lets another take it.
        LOG.error("job worker {} failed; retrying after {}", owner, poll, e);
        sleepQuietly();
      }
    }
  }

  /** Claims and runs at most one job; false when there was nothing to do. */
  public boolean runOnce() {
    Optional<JobLeases.Claim> claim = jobs.leases().claim(owner, lease);
    claim.ifPresent(c -> new PickedJob(context(), c).run());
    return claim.isPresent();
  }

  /** What the runs share; read per run, so that configuration before a run applies to it. */
  private PickedJob.Context context() {
    return new PickedJob.Context(
        jobs.leases(),
        files,
        handler,
        metrics,
        retries,
        owner,
        lease,
        heartbeats,
        stopping::get,
        finished);
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stopping.set(true);
    running.set(false);
    for (Thread t : loops) {
      t.interrupt();
    }
    for (Thread t : loops) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    heartbeats.shutdownNow();
  }
}
