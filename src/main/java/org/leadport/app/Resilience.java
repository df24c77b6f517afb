package org.leadport.app;

import java.time.Duration;

/**
 * How long statements may run and how async jobs meet transient failures (docs/operations.md,
 * "Timeouts" and "Retries"). Immutable.
 *
 * @param statementTimeout every statement of an API request and of the job bookkeeping ({@code
 *     LEADPORT_STATEMENT_TIMEOUT})
 * @param segmentTimeout the statements of one sync export segment, which stream to the client
 *     ({@code LEADPORT_SEGMENT_TIMEOUT})
 * @param exportTimeout the statements of a whole export: an async job's file, a JSON:API render
 *     ({@code LEADPORT_EXPORT_TIMEOUT})
 * @param jobAttempts attempts of a job before a transient failure fails it ({@code
 *     LEADPORT_JOB_ATTEMPTS})
 * @param retryBackoff the wait before a job's second attempt, doubled before each further one
 *     ({@code LEADPORT_JOB_RETRY_BACKOFF})
 */
public record Resilience(
    Duration statementTimeout,
    Duration segmentTimeout,
    Duration exportTimeout,
    int jobAttempts,
    Duration retryBackoff) {

  public Resilience {
    positive(statementTimeout, "LEADPORT_STATEMENT_TIMEOUT");
    positive(segmentTimeout, "LEADPORT_SEGMENT_TIMEOUT");
    positive(exportTimeout, "LEADPORT_EXPORT_TIMEOUT");
    positive(retryBackoff, "LEADPORT_JOB_RETRY_BACKOFF");
    if (jobAttempts < 1) {
      throw new IllegalArgumentException("LEADPORT_JOB_ATTEMPTS must be at least 1");
    }
  }

  /** 30 s a request statement, 5 min a segment's, 1 h a whole export's; 3 attempts from 5 s. */
  public static Resilience defaults() {
    return new Resilience(
        Duration.ofSeconds(30),
        Duration.ofMinutes(5),
        Duration.ofHours(1),
        3,
        Duration.ofSeconds(5));
  }

  public Resilience withJobAttempts(int attempts, Duration backoff) {
    return new Resilience(statementTimeout, segmentTimeout, exportTimeout, attempts, backoff);
  }

  public Resilience withTimeouts(Duration statement, Duration segment, Duration export) {
    return new Resilience(statement, segment, export, jobAttempts, retryBackoff);
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
    if (d.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be under 24 days");
    }
  }
}
