package org.leadport.webhooks;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One attempt to deliver a message: when it started, how long it took, and the endpoint's status
 * code, or the error when there was no answer (refused address, timeout, connection failure).
 */
public record Attempt(
    Instant at, Duration took, @Nullable Integer statusCode, @Nullable String error) {

  /** Whether the endpoint took the message: a 2xx answer. Redirects are failures. */
  public boolean delivered() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /** A short account for logs: {@code 503} or the error. */
  public String outcome() {
    return statusCode != null ? "HTTP " + statusCode : String.valueOf(error);
  }
}
