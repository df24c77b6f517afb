package org.leadport.webhooks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What an attempt leads to: a 2xx delivers; a 410 Gone disables the endpoint (the Standard Webhooks
 * advice) and keeps the message for when it is enabled again; any other failure waits for the next
 * step of the {@link BackoffSchedule}, and once the schedule is used up the message has failed for
 * good and its endpoint is disabled. Thread-safe.
 */
final class DeliveryPolicy {
  private final BackoffSchedule schedule;
  private final RandomGenerator random;

  DeliveryPolicy(BackoffSchedule schedule, RandomGenerator random) {
    this.schedule = schedule;
    this.random = random;
  }

  /**
   * @param attempts the attempts of the message so far, this one included
   * @param now when the attempt ended
   */
  Settlement settle(int attempts, Attempt attempt, Instant now) {
    if (attempt.delivered()) {
      return new Settlement.Delivered();
    }
    Optional<Duration> wait = schedule.after(attempts, random);
    if (attempt.statusCode() != null && attempt.statusCode() == 410) {
      return new Settlement.Gone(
          now.plus(wait.orElse(schedule.delays().getFirst())),
          "The endpoint answered 410 Gone: it asked for no more deliveries.");
    }
    if (wait.isPresent()) {
      return new Settlement.RetryAt(now.plus(wait.get()));
    }
    return new Settlement.GiveUp(
        "Every one of "
            + schedule.attempts()
            + " attempts of a message over at least "
            + words(schedule.total())
            + " failed; the last: "
            + attempt.outcome()
            + ".");
  }

  /** {@code 31 h 42 min} or {@code 3 s}: how long the schedule lasts, in an operator's words. */
  static String words(Duration d) {
    if (d.toHours() > 0) {
      return d.toHours() + " h" + (d.toMinutesPart() > 0 ? " " + d.toMinutesPart() + " min" : "");
    }
    if (d.toMinutes() > 0) {
      return d.toMinutes() + " min";
    }
    return Math.max(1, d.toSeconds()) + " s";
  }
}
