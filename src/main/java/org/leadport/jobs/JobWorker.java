package org.leadport.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.leadport.export.ExportMetrics;
import org.leadport.files.FileStore;
import org.leadport.files.StorageException;
import org.leadport.store.TransientFailures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs export jobs from the queue: each of its threads claims a job, writes the file aside while a
 * heartbeat renews the lease, then publishes the file and records success under the fencing token.
 * A worker that lost its claim publishes nothing. Thread-safe; start once, close once.
 */
public final class JobWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  /** How many earlier attempts' uploads a takeover looks for. */
  private static final int MAX_EARLIER_ATTEMPTS = 20;

  private final JobRepository jobs;
  private final FileStore files;
  private final JobHandler handler;
  private final String owner;
  private final Duration lease;
  private final Duration poll;
  private final int threads;
  private final java.util.function.Consumer<String> finished;
  private ExportMetrics metrics = ExportMetrics.unregistered();
  private int attempts = 3;
  private Duration backoff = Duration.ofSeconds(5);
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
    if (attempts < 1 || backoff.isNegative()) {
      throw new IllegalArgumentException("attempts must be 1 or more, backoff not negative");
    }
    this.attempts = attempts;
    this.backoff = backoff;
    return this;
  }

  /** The wait before the attempt after attempt {@code n}: the backoff doubled n - 1 times. */
  Duration backoffAfter(int n) {
    return backoff.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 16));
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
    Optional<JobRepository.Claim> claim = jobs.claim(owner, lease);
    claim.ifPresent(this::run);
    return claim.isPresent();
  }

  private void run(JobRepository.Claim claim) {
    ExportJob job = claim.job();
    long token = claim.token();
    long started = System.nanoTime();
    AtomicLong rows = new AtomicLong();
    AtomicLong total = new AtomicLong(-1);
    AtomicBoolean lost = new AtomicBoolean();
    // Frequent enough that a cancel stops the export within a second, whatever the lease.
    long beat = Math.max(50, Math.min(500, lease.toMillis() / 3));
    ScheduledFuture<?> heartbeat =
        heartbeats.scheduleAtFixedRate(
            () -> {
              try {
                long t = total.get();
                if (!lost.get()
                    && !jobs.heartbeat(job.id(), token, lease, rows.get(), t < 0 ? null : t)) {
                  lost.set(true);
                }
              } catch (RuntimeException e) {
                // A missed beat is survivable (the lease outlasts several); the next one retries.
                LOG.warn("heartbeat of job {} failed", job.id(), e);
              }
            },
            beat,
            beat,
            TimeUnit.MILLISECONDS);
    String key = key(job, token);
    discardEarlierAttempts(job, token);
    try (FileStore.Upload upload = files.create(key)) {
      MessageDigest sha = sha256();
      JobHandler.Result written;
      try (OutputStream out = new DigestOutputStream(upload.stream(), sha)) {
        written =
            handler.run(
                job,
                out,
                new org.leadport.export.ExportProgress() {
                  @Override
                  public void total(long n) {
                    total.set(n);
                  }

                  @Override
                  public void route(org.leadport.export.ExportRoute route) {
                    metrics.routed(job.surface(), job.spec().path("format").asText("?"), route);
                  }

                  @Override
                  public void rows(long done) {
                    rows.set(done);
                    if (lost.get()) {
                      throw new LeaseLostException(job.id());
                    }
                  }
                });
      }
      heartbeat.cancel(false);
      if (lost.get()) {
        throw new LeaseLostException(job.id());
      }
      long size = upload.publish();
      if (jobs.succeed(
          job.id(),
          token,
          key,
          size,
          HexFormat.of().formatHex(sha.digest()),
          written.rows(),
          written.file())) {
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        metrics.exported(
            job.surface(), job.spec().path("format").asText("?"), written.rows(), size, took);
        ended(job, "succeeded", written.rows(), size, started);
        notifyFinished(job.id());
      } else {
        ended(job, "lost", written.rows(), size, started);
        // Canceled or taken over while publishing: the file must not outlive the claim.
        files.delete(key);
        LOG.info("job {} finished after its claim was lost; file discarded", job.id());
      }
    } catch (LeaseLostException e) {
      ended(job, "lost", rows.get(), -1, started);
    } catch (Exception e) {
      if (stopping.get()) {
        // Stopped by shutdown, not by the export: hand the job back for this or another node.
        jobs.release(job.id(), token);
        ended(job, "released", rows.get(), -1, started);
      } else if (TransientFailures.retryable(e) && job.attempts() < attempts) {
        heartbeat.cancel(false);
        retry(job, token, e);
        ended(job, "retrying", rows.get(), -1, started);
      } else if (e instanceof org.leadport.LeadportException le) {
        // The request can no longer run as asked (a custom field it names was deleted, say).
        LOG.info("job {} cannot run: {}", job.id(), le.getMessage());
        ended(job, "failed", rows.get(), -1, started);
        if (jobs.fail(job.id(), token, le.code(), le.getMessage())) {
          notifyFinished(job.id());
        }
      } else if (storageFailure(e)) {
        LOG.error("job {} failed: the file store failed", job.id(), e);
        ended(job, "failed", rows.get(), -1, started);
        if (jobs.fail(
            job.id(),
            token,
            "storage_failed",
            "The export could not be written to the file store; it has been logged under job "
                + job.id()
                + ".")) {
          notifyFinished(job.id());
        }
      } else {
        LOG.error("job {} failed", job.id(), e);
        ended(job, "failed", rows.get(), -1, started);
        if (jobs.fail(
            job.id(),
            token,
            "export_failed",
            "The export failed on our side"
                + (job.attempts() > 1 ? " after " + job.attempts() + " attempts" : "")
                + "; it has been logged under job "
                + job.id()
                + ".")) {
          notifyFinished(job.id());
        }
      }
    } finally {
      heartbeat.cancel(false);
    }
  }

  private static String key(ExportJob job, long token) {
    return "exports/" + job.workspaceId() + "/" + job.id() + "-" + token;
  }

  /**
   * A takeover removes the unpublished uploads of the attempts before it (a node killed mid-export
   * leaves one), rather than leaving them to the store's day-old sweep. Fencing tokens count every
   * claim and cancel of the job, so the earlier attempts are the tokens below this one.
   */
  private void discardEarlierAttempts(ExportJob job, long token) {
    for (long t = Math.max(1, token - MAX_EARLIER_ATTEMPTS); t < token; t++) {
      try {
        files.discard(key(job, t));
      } catch (IOException | RuntimeException e) {
        // The store's own sweep of abandoned uploads still removes it later.
        LOG.warn("could not discard the upload of attempt {} of job {}", t, job.id(), e);
      }
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
  private void retry(ExportJob job, long token, Exception cause) {
    Duration wait = backoffAfter(job.attempts());
    LOG.warn(
        "job {} attempt {} of {} failed on a transient failure; retrying in {}",
        job.id(),
        job.attempts(),
        attempts,
        wait,
        cause);
    try {
      jobs.retry(job.id(), token, wait);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot record the retry of job {}; it is taken over when its lease ends", job.id(), e);
    }
  }

  /**
   * One structured line and one meter per job run, however it ended: {@code lost} when canceled or
   * taken over, {@code released} at shutdown, {@code retrying} after a transient failure.
   */
  private void ended(ExportJob job, String outcome, long rows, long bytes, long started) {
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
  private void notifyFinished(String id) {
    try {
      finished.accept(id);
    } catch (RuntimeException e) {
      LOG.warn("done notice of job {} failed", id, e);
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(poll);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
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
