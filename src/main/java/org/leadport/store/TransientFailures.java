package org.leadport.store;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/**
 * Which failures pass by themselves: PostgreSQL unreachable or restarting (a lost connection, an
 * administrator's shutdown, no connection to be had from the pool in time), a serialization failure
 * or deadlock, and storage I/O. An async job retries these with backoff; a request meets the first
 * kind with a 503 and {@code Retry-After} (docs/operations.md, "Retries"). Input errors, statement
 * timeouts and bugs are not among them. Stateless.
 */
public final class TransientFailures {
  /** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
  public static final long RETRY_AFTER_SECONDS = 5;

  /** PostgreSQL's states of a server going away or refusing connections for now. */
  private static final Set<String> UNAVAILABLE = Set.of("57P01", "57P02", "57P03", "53300");

  /** Serialization failure and deadlock: the same transaction succeeds when run again. */
  private static final Set<String> CONFLICT = Set.of("40001", "40P01");

  private TransientFailures() {}

  /** True when {@code t} (or a cause) says the database cannot be reached or used right now. */
  public static boolean databaseUnavailable(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLTransientConnectionException) {
        return true;
      }
      if (c instanceof SQLException s && s.getSQLState() != null) {
        String state = s.getSQLState();
        if (state.startsWith("08") || UNAVAILABLE.contains(state)) {
          return true;
        }
      }
      if (c == c.getCause()) {
        break;
      }
    }
    return false;
  }

  /** True when {@code t} (or a cause) is a statement PostgreSQL cancelled (a statement timeout). */
  public static boolean statementCanceled(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && "57014".equals(s.getSQLState())) {
        return true;
      }
      if (c == c.getCause()) {
        break;
      }
    }
    return false;
  }

  /**
   * True when running the same work again may succeed: the database unavailable, a serialization
   * failure or deadlock, or an I/O failure (of the database connection or of the file store).
   */
  public static boolean retryable(Throwable t) {
    if (databaseUnavailable(t)) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SQLException s && s.getSQLState() != null) {
        if (CONFLICT.contains(s.getSQLState())) {
          return true;
        }
      } else if (c instanceof IOException) {
        return true;
      }
      if (c == c.getCause()) {
        break;
      }
    }
    return false;
  }
}
