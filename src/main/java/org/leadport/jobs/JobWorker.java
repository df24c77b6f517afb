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
    Optional<JobLeases.Claim> claim = jobs.leases().claim(owner, lease);
    claim.ifPresent(this::run);
    return claim.isPresent();
  }

  private void run(JobLeases.Claim claim) {
    ExportJob job = claim.job();
    long token = claim.token();
    long started = System.nanoTime();
    JobRunEnd end =
        new JobRunEnd(
            jobs.leases(),
            metrics,
            owner,
            finished,
            job,
            token,
            started,
            attempts,
            this::backoffAfter);
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
                    && !jobs.leases()
                        .heartbeat(job.id(), token, lease, rows.get(), t < 0 ? null : t)) {
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
      if (jobs.leases()
          .succeed(
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
        end.ended("succeeded", written.rows(), size);
        end.notifyFinished();
      } else {
        end.ended("lost", written.rows(), size);
        // Canceled or taken over while publishing: the file must not outlive the claim.
        files.delete(key);
        LOG.info("job {} finished after its claim was lost; file discarded", job.id());
      }
    } catch (LeaseLostException e) {
      end.ended("lost", rows.get(), -1);
    } catch (Exception e) {
      end.failed(e, rows.get(), stopping.get(), heartbeat);
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
