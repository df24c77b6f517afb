package org.leadport;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one unchecked exception family of Leadport: a machine code, an HTTP status and a message for
 * people, plus the parameter or JSON path it is about when there is one.
 *
 * <p>Every surface maps it to its own error shape in one place; nothing else is mapped.
 */
public final class LeadportException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final @Nullable String param;
  private final long retryAfterSeconds;

  public LeadportException(int status, String code, String message, @Nullable String param) {
    this(status, code, message, param, -1);
  }

  private LeadportException(
      int status, String code, String message, @Nullable String param, long retryAfterSeconds) {
    super(Objects.requireNonNull(message, "message"));
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.param = param;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public LeadportException(int status, String code, String message) {
    this(status, code, message, null);
  }

  /** A 400 about one parameter, JSON path or header named in {@code param}. */
  public static LeadportException invalid(String param, String message) {
    return new LeadportException(400, "invalid_parameter", message, param);
  }

  /** A 404 for an object that does not exist in the caller's workspace. */
  public static LeadportException notFound(String what, String id) {
    return new LeadportException(404, "not_found", what + " " + id + " not found.");
  }

  public static LeadportException conflict(String code, String message) {
    return new LeadportException(409, code, message);
  }

  /** A 429: the caller may try again after {@code retryAfterSeconds} (the Retry-After header). */
  public static LeadportException tooMany(String code, String message, long retryAfterSeconds) {
    return new LeadportException(429, code, message, null, Math.max(1, retryAfterSeconds));
  }

  /**
   * A 503: PostgreSQL cannot be reached or is restarting, so the request could not run; the same
   * request is worth repeating after the {@code Retry-After} seconds.
   */
  public static LeadportException databaseUnavailable(long retryAfterSeconds) {
    return new LeadportException(
        503,
        "database_unavailable",
        "The database is unavailable for the moment; retry after a few seconds.",
        null,
        Math.max(1, retryAfterSeconds));
  }

  /** A 503: a statement of the request ran past its timeout and was cancelled. */
  public static LeadportException queryTimeout(long retryAfterSeconds) {
    return new LeadportException(
        503,
        "query_timeout",
        "The request took longer than its statements may run and was cancelled; retry later or"
            + " narrow it.",
        null,
        Math.max(1, retryAfterSeconds));
  }

  /** The message for people; never null (checked at construction). */
  @Override
  public String getMessage() {
    return Objects.requireNonNull(super.getMessage());
  }

  /** Seconds until a retry can succeed, or -1 when the error does not say. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The parameter, header or JSON path the error is about, or null. */
  public @Nullable String param() {
    return param;
  }
}
