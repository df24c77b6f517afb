package org.leadport.export;

import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * A second connection that reads the very snapshot of an export's transaction ({@code
 * pg_export_snapshot()} and {@code SET TRANSACTION SNAPSHOT}, as {@code pg_dump --jobs} does), so
 * that two PostgreSQL backends work on one export while it stays one consistent snapshot. A hot
 * standby cannot export snapshots; there it is empty and the export stays on one connection. Not
 * thread-safe; closed by the export that opened it.
 */
final class SharedSnapshot implements AutoCloseable {
  /** What PostgreSQL's snapshot ids look like ({@code 00000003-0000001B-1}); inlined in SQL. */
  private static final Pattern ID = Pattern.compile("[0-9A-F]+(-[0-9A-F]+)+");

  private final @Nullable Handle handle;

  private SharedSnapshot(@Nullable Handle handle) {
    this.handle = handle;
  }

  /**
   * Opens a connection on {@code exporting}'s snapshot; {@code exporting} must be a repeatable-read
   * transaction that stays open until this is closed.
   */
  static SharedSnapshot open(Jdbi jdbi, Handle exporting) {
    boolean standby =
        exporting.createQuery("select pg_is_in_recovery()").mapTo(Boolean.class).one();
    if (standby) {
      return new SharedSnapshot(null);
    }
    String id = exporting.createQuery("select pg_export_snapshot()").mapTo(String.class).one();
    if (!ID.matcher(id).matches()) {
      throw new IllegalStateException("unexpected snapshot id from PostgreSQL: " + id);
    }
    Handle h = jdbi.open();
    try {
      h.begin();
      h.execute("set transaction isolation level repeatable read, read only");
      // SET takes no bind parameters; the id was checked above.
      h.execute("set transaction snapshot '" + id + "'");
      h.execute("set local jit = off");
      return new SharedSnapshot(h);
    } catch (RuntimeException e) {
      close(h);
      throw e;
    }
  }

  /** The second connection, or empty on a standby. */
  Optional<Handle> handle() {
    return Optional.ofNullable(handle);
  }

  @Override
  public void close() {
    if (handle != null) {
      close(handle);
    }
  }

  /** Read only, so nothing to commit: ends the transaction and returns the connection. */
  private static void close(Handle h) {
    try {
      if (h.isInTransaction()) {
        h.rollback();
      }
    } finally {
      h.close();
    }
  }
}
