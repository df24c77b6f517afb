package org.leadport;

import java.util.Objects;

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
  private final String param;

  public LeadportException(int status, String code, String message, String param) {
    super(Objects.requireNonNull(message, "message"));
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be 4xx or 5xx, was " + status);
    }
    this.status = status;
    this.code = Objects.requireNonNull(code, "code");
    this.param = param;
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

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The parameter, header or JSON path the error is about, or null. */
  public String param() {
    return param;
  }
}
