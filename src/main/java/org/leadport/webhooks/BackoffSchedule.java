package org.leadport.webhooks;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * When a failed delivery is tried again: the first attempt goes at once, and attempt {@code n + 1}
 * waits {@code delays[n - 1]} after attempt {@code n} failed, stretched by up to {@code jitter} of
 * itself at random (so endpoints that failed together are not retried together, and never sooner
 * than the schedule says). After the last delay's attempt the message has failed for good.
 *
 * @param delays the waits between attempts, in order; at least one
 * @param jitter how much longer than its delay a wait may be, as a fraction (0.25: up to 25 %)
 */
public record BackoffSchedule(List<Duration> delays, double jitter) {
  /** 5 s, 30 s, 2 min, 10 min, 30 min, 1 h, 2 h, 4 h, then 8 h three times: 12 attempts, 31 h. */
  public static final String DEFAULT_TEXT =
      "PT5S,PT30S,PT2M,PT10M,PT30M,PT1H,PT2H,PT4H,PT8H,PT8H,PT8H";

  /** The default jitter: up to a quarter longer. */
  public static final double DEFAULT_JITTER = 0.25;

  public BackoffSchedule {
    delays = List.copyOf(delays);
    if (delays.isEmpty()) {
      throw new IllegalArgumentException("a backoff schedule has at least one delay");
    }
    for (Duration d : delays) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("backoff delays must be positive, was " + d);
      }
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
  }

  /** The default schedule. */
  public static BackoffSchedule defaults() {
    return parse(DEFAULT_TEXT);
  }

  /**
   * Reads comma-separated ISO 8601 durations ({@code PT5S,PT30S,PT2M}) with the default jitter.
   *
   * @throws IllegalArgumentException naming the part that is not a positive duration
   */
  public static BackoffSchedule parse(String text) {
    List<Duration> delays = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      try {
        delays.add(Duration.parse(part.trim()));
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(
            "a backoff schedule is ISO 8601 durations separated by commas, such as PT5S,PT30S;"
                + " '"
                + part.trim()
                + "' is not one",
            e);
      }
    }
    return new BackoffSchedule(delays, DEFAULT_JITTER);
  }

  /** How many attempts a message gets in all: the first and one after each delay. */
  public int attempts() {
    return delays.size() + 1;
  }

  /** The sum of the delays: how long a message is retried at least before it fails for good. */
  public Duration total() {
    return delays.stream().reduce(Duration.ZERO, Duration::plus);
  }

  /**
   * How long to wait after the {@code attempts}-th attempt failed, or empty when that was the last.
   */
  public Optional<Duration> after(int attempts, RandomGenerator random) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts start at 1, was " + attempts);
    }
    if (attempts > delays.size()) {
      return Optional.empty();
    }
    Duration base = delays.get(attempts - 1);
    long extra = (long) (base.toMillis() * jitter * random.nextDouble());
    return Optional.of(base.plusMillis(extra));
  }
}
