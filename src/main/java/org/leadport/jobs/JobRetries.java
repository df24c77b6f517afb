package org.leadport.jobs;

import java.time.Duration;

/**
 * The retry policy of a job that failed on a transient failure (database unavailable, serialization
 * failure, storage I/O): up to {@code attempts} attempts in all, waiting {@code backoff} before the
 * second and twice as long before each further one.
 *
 * @param attempts attempts a job gets in all, 1 or more
 * @param backoff the wait before the second attempt, not negative
 */
record JobRetries(int attempts, Duration backoff) {
  /** 3 attempts from 5 s. */
  static final JobRetries DEFAULT = new JobRetries(3, Duration.ofSeconds(5));

  JobRetries {
    if (attempts < 1 || backoff.isNegative()) {
      throw new IllegalArgumentException("attempts must be 1 or more, backoff not negative");
    }
  }

  /** Whether a job whose attempt {@code job.attempts()} just failed gets another. */
  boolean another(ExportJob job) {
    return job.attempts() < attempts;
  }

  /** The wait before the attempt after attempt {@code n}: the backoff doubled n - 1 times. */
  Duration backoffAfter(int n) {
    return backoff.multipliedBy(1L << Math.min(Math.max(n - 1, 0), 16));
  }
}
