package org.leadport.app;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.leadport.store.ChangeLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the change log to {@code LEADPORT_CHANGES_RETENTION} on a schedule, beside the job
 * sweeper's housekeeping. Every node runs one: a purge deletes only what is past retention and
 * records how far it went, so rounds of several nodes overlap harmlessly. Thread-safe.
 */
final class ChangeRetention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeRetention.class);

  private final ChangeLog changes;
  private final Clock clock;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("change-retention").factory());

  ChangeRetention(ChangeLog changes, Clock clock) {
    this.changes = changes;
    this.clock = clock;
  }

  /** Purges every {@code every}, the first round after one minute (not in the way of startup). */
  ChangeRetention start(Duration every) {
    // Runs until close(); each round catches its own failures, so the future holds nothing.
    var unused =
        timer.scheduleWithFixedDelay(
            this::purgeQuietly,
            Math.min(every.toMillis(), Duration.ofMinutes(1).toMillis()),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    return this;
  }

  private void purgeQuietly() {
    try {
      long purged = changes.purge(clock.instant());
      if (purged > 0) {
        LOG.info("Purged {} changes older than {}", purged, changes.retention());
      }
    } catch (RuntimeException e) {
      // The next round retries; a failed purge must not stop the schedule.
      LOG.error("change log purge failed", e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
