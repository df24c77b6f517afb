package org.leadport.jobs;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.leadport.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tidies finished jobs on a schedule: deletes files past retention (the job forgets the file first,
 * so no link ever points at a missing file) and sends done emails whose worker died before it
 * could. Every node runs one; the claims in {@link JobHousekeeping} keep them from doubling up.
 * Thread-safe.
 */
public final class JobSweeper implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobSweeper.class);
  private static final int BATCH = 500;

  /** How long after a job finished its unsent done email is still worth sending. */
  static final Duration EMAIL_WINDOW = Duration.ofHours(1);

  private final JobHousekeeping housekeeping;
  private final FileStore files;
  private final Duration retention;
  private final Clock clock;
  private final Consumer<String> emails;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("job-sweeper").factory());

  /**
   * @param emails sends the done email of a finished job (claiming it first)
   */
  public JobSweeper(
      JobHousekeeping housekeeping,
      FileStore files,
      Duration retention,
      Clock clock,
      Consumer<String> emails) {
    this.housekeeping = housekeeping;
    this.files = files;
    this.retention = retention;
    this.clock = clock;
    this.emails = emails;
  }

  /** Sweeps every {@code every}, starting after one period. */
  public JobSweeper start(Duration every) {
    // Runs until close(); each round catches its own failures, so the future holds nothing.
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                sweepOnce();
              } catch (RuntimeException e) {
                // The next round retries; a failed sweep must not stop the schedule.
                LOG.error("export sweep failed", e);
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    return this;
  }

  /** One round; returns how many files it deleted. */
  public int sweepOnce() {
    int deleted = 0;
    for (JobHousekeeping.StoredFile f :
        housekeeping.filesFinishedBefore(clock.instant().minus(retention), BATCH)) {
      if (housekeeping.forgetFile(f)) {
        try {
          files.delete(f.key());
          for (String part : housekeeping.forgetParts(f)) {
            files.delete(part);
          }
          deleted++;
        } catch (IOException e) {
          LOG.error("could not delete {} of export {} past retention", f.key(), f.jobId(), e);
        }
      }
    }
    for (String id : housekeeping.unsentEmails(clock.instant().minus(EMAIL_WINDOW), BATCH)) {
      emails.accept(id);
    }
    return deleted;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
