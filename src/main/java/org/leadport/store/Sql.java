package org.leadport.store;

import java.sql.SQLException;

/** Small helpers for reading PostgreSQL errors. */
public final class Sql {
  private Sql() {}

  /** True when {@code e} or a cause is a unique-constraint violation (SQLSTATE 23505). */
  public static boolean isUniqueViolation(Throwable e) {
    return hasState(e, "23505");
  }

  public static boolean hasState(Throwable e, String sqlState) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && sqlState.equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
