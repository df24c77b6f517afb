package org.leadport.app;

import java.time.Duration;
import java.util.Objects;
import org.leadport.webhooks.BackoffSchedule;

/**
 * The webhook settings of a server process (part of {@link Settings}). Immutable.
 *
 * @param allowPrivate whether deliveries may go to loopback, link-local, private, unspecified and
 *     multicast addresses ({@code LEADPORT_WEBHOOK_ALLOW_PRIVATE}, default false)
 * @param schedule the waits between attempts of a message ({@code LEADPORT_WEBHOOK_SCHEDULE},
 *     comma-separated ISO 8601 durations; default 5 s up to 8 h, 12 attempts over 31 h)
 * @param workers delivery threads of this process ({@code LEADPORT_WEBHOOK_WORKERS}; 0 runs none)
 * @param lease how long a claimed delivery is a worker's ({@code LEADPORT_WEBHOOK_LEASE}); another
 *     node attempts a dead node's delivery again after it. Longer than one attempt (10 s)
 * @param overlap how long a rotated secret keeps signing ({@code LEADPORT_WEBHOOK_SECRET_OVERLAP},
 *     default 24 h)
 */
public record WebhookSettings(
    boolean allowPrivate, BackoffSchedule schedule, int workers, Duration lease, Duration overlap) {

  public WebhookSettings {
    Objects.requireNonNull(schedule, "schedule");
    if (workers < 0) {
      throw new IllegalArgumentException("LEADPORT_WEBHOOK_WORKERS must be 0 or more");
    }
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("LEADPORT_WEBHOOK_LEASE must be positive");
    }
    if (overlap.isNegative()) {
      throw new IllegalArgumentException("LEADPORT_WEBHOOK_SECRET_OVERLAP must not be negative");
    }
  }

  /** The defaults: public destinations only, the default schedule, 2 workers, 60 s lease, 24 h. */
  public static WebhookSettings defaults() {
    return new WebhookSettings(
        false, BackoffSchedule.defaults(), 2, Duration.ofSeconds(60), Duration.ofHours(24));
  }

  /** A copy that allows private destinations or not. */
  public WebhookSettings withAllowPrivate(boolean allow) {
    return new WebhookSettings(allow, schedule, workers, lease, overlap);
  }

  /** A copy with another schedule. */
  public WebhookSettings withSchedule(BackoffSchedule newSchedule) {
    return new WebhookSettings(allowPrivate, newSchedule, workers, lease, overlap);
  }

  /** A copy with other workers and lease. */
  public WebhookSettings withWorkers(int newWorkers, Duration newLease) {
    return new WebhookSettings(allowPrivate, schedule, newWorkers, newLease, overlap);
  }
}
