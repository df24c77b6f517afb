package org.leadport.export;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongConsumer;
import org.leadport.export.writer.RowWriter;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Reads a {@code COPY ... TO STDOUT} on a connection into a writer that {@link
 * RowWriter#takesCopy() takes COPY rows}, one row a message as PostgreSQL sends them. Stateless.
 */
final class CopyReader {
  private static final int PROGRESS_EVERY = 1_000;

  private CopyReader() {}

  /**
   * Runs {@code copy} on {@code connection} and hands every row it sends to {@code writer}, telling
   * {@code progress} the count every 1,000 rows. A failure anywhere, the writing included, cancels
   * the COPY before it is thrown.
   *
   * @return the number of rows read
   */
  static long copy(Connection connection, String copy, RowWriter writer, LongConsumer progress)
      throws SQLException, IOException {
    if (!writer.takesCopy()) {
      throw new IllegalArgumentException(writer.getClass().getSimpleName() + " takes no COPY rows");
    }
    CopyOut rows = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
    long n = 0;
    try {
      for (byte[] row = rows.readFromCopy(); row != null; row = rows.readFromCopy()) {
        writer.copyRow(row);
        if (++n % PROGRESS_EVERY == 0) {
          progress.accept(n);
        }
      }
    } catch (Throwable t) {
      if (rows.isActive()) {
        cancel(connection, rows, t);
      }
      throw t;
    }
    return n;
  }

  /**
   * Stops a COPY that is still sending: a cancel request, then its rows read to the end the cancel
   * makes (PostgreSQL's error, or the last rows when COPY ended first), so that the connection goes
   * back to the pool in step with its server. The driver's own {@code cancelCopy()} leaves a
   * copy-out connection out of step (its next statement reads stray COPY data).
   */
  static void cancel(Connection connection, CopyOut rows, Throwable failure) {
    try {
      connection.unwrap(PGConnection.class).cancelQuery();
      long discarded = 0;
      while (rows.readFromCopy() != null) {
        discarded++;
      }
      failure.addSuppressed(
          new IllegalStateException("COPY ended before its cancel; " + discarded + " rows unread"));
    } catch (SQLException e) {
      // Normally "canceling statement due to user request": kept with the failure it follows.
      failure.addSuppressed(e);
    }
  }
}
