package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.LongConsumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyOut;

/**
 * Rows of columns as Leadport's CSV, written by PostgreSQL's own {@code COPY ... TO STDOUT (FORMAT
 * csv)}: the server formats and quotes every value in C, and this class turns each COPY row into
 * exactly what {@link CsvRowWriter} writes for the same values. The differences it mends: COPY ends
 * rows with LF (ours: CRLF), quotes empty strings and a lone {@code \.} (ours: only values with a
 * comma, quote, CR or LF, or a first field starting with {@code #}), and knows nothing of formula
 * safety (ours: a text cell a spreadsheet would evaluate gets a leading {@code '}). Not
 * thread-safe.
 */
final class CopyCsv {
  private static final int BUFFER = 64 * 1024;
  private static final int PROGRESS_EVERY = 1_000;

  private final boolean[] text;
  private final OutputStream out;
  private final byte[] buffer = new byte[BUFFER];
  private int used;

  /**
   * @param text for each column, whether it is a text cell (made formula-safe)
   */
  CopyCsv(boolean[] text, OutputStream out) {
    this.text = text.clone();
    this.out = out;
  }

  /**
   * Runs {@code copy} (a {@code COPY ... TO STDOUT (FORMAT csv)}) on {@code connection} and writes
   * every row it sends to {@code out}, telling {@code progress} the count every 1,000 rows. A
   * failure anywhere, the writing included, cancels the COPY before it is thrown.
   *
   * @return the number of rows written
   */
  static long copy(
      Connection connection,
      String copy,
      List<ExportColumn> columns,
      OutputStream out,
      LongConsumer progress)
      throws SQLException, IOException {
    CopyCsv csv = new CopyCsv(CsvRowWriter.textCells(columns), out);
    CopyOut rows = connection.unwrap(PGConnection.class).getCopyAPI().copyOut(copy);
    long n = 0;
    try {
      for (byte[] row = rows.readFromCopy(); row != null; row = rows.readFromCopy()) {
        csv.row(row);
        if (++n % PROGRESS_EVERY == 0) {
          progress.accept(n);
        }
      }
      csv.flush();
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
  private static void cancel(Connection connection, CopyOut rows, Throwable failure) {
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

  /** Writes one COPY row (its fields and the LF that ends it) as a CRLF-ended record. */
  void row(byte[] r) throws IOException {
    int end = r.length - 1;
    if (end < 0 || r[end] != '\n') {
      throw new IllegalStateException("a COPY row must end with a line feed");
    }
    int i = 0;
    int field = 0;
    while (true) {
      if (field == text.length) {
        throw new IllegalStateException("a COPY row has more than " + text.length + " fields");
      }
      int start;
      int stop;
      boolean special = false;
      if (i < end && r[i] == '"') {
        start = ++i;
        // COPY quoted the field: it ends at the quote not doubled; "" inside stays escaped as is.
        while (true) {
          byte b = r[i];
          if (b == '"') {
            if (r[i + 1] != '"') {
              break;
            }
            special = true;
            i += 2;
          } else {
            special |= b == ',' || b == '\r' || b == '\n';
            i++;
          }
        }
        stop = i++;
      } else {
        start = i;
        while (i < end && r[i] != ',') {
          i++;
        }
        stop = i;
      }
      field(field, r, start, stop, special);
      if (i >= end) {
        break;
      }
      put((byte) ',');
      i++;
      field++;
    }
    if (field != text.length - 1) {
      throw new IllegalStateException(
          "a COPY row has " + (field + 1) + " fields, not " + text.length);
    }
    put((byte) '\r');
    put((byte) '\n');
  }

  /**
   * Writes a field's content {@code r[start, stop)}, still escaped when COPY quoted it; {@code
   * special} says it holds a comma, quote, CR or LF and so keeps its quotes.
   */
  private void field(int field, byte[] r, int start, int stop, boolean special) throws IOException {
    if (start == stop) {
      return;
    }
    boolean safe = text[field] && triggers(r, start, stop);
    boolean quote = special || (field == 0 && !safe && r[start] == '#');
    if (quote) {
      put((byte) '"');
    }
    if (safe) {
      put((byte) '\'');
    }
    put(r, start, stop - start);
    if (quote) {
      put((byte) '"');
    }
  }

  /** {@link FormulaSafety#triggers(String)} over UTF-8 bytes. */
  static boolean triggers(byte[] r, int start, int stop) {
    int i = start;
    while (i < stop) {
      int b = r[i] & 0xFF;
      int codePoint;
      if (b < 0x80) {
        codePoint = b;
        i += 1;
      } else if (b >= 0xF0) {
        codePoint =
            ((b & 0x07) << 18)
                | ((r[i + 1] & 0x3F) << 12)
                | ((r[i + 2] & 0x3F) << 6)
                | (r[i + 3] & 0x3F);
        i += 4;
      } else if (b >= 0xE0) {
        codePoint = ((b & 0x0F) << 12) | ((r[i + 1] & 0x3F) << 6) | (r[i + 2] & 0x3F);
        i += 3;
      } else {
        codePoint = ((b & 0x1F) << 6) | (r[i + 1] & 0x3F);
        i += 2;
      }
      if (FormulaSafety.triggers(codePoint)) {
        return true;
      }
      if (!Character.isSpaceChar(codePoint)) {
        return false;
      }
    }
    return false;
  }

  private void put(byte b) throws IOException {
    if (used == buffer.length) {
      drain();
    }
    buffer[used++] = b;
  }

  private void put(byte[] bytes, int offset, int length) throws IOException {
    if (length > buffer.length - used) {
      drain();
      if (length > buffer.length) {
        out.write(bytes, offset, length);
        return;
      }
    }
    System.arraycopy(bytes, offset, buffer, used, length);
    used += length;
  }

  private void drain() throws IOException {
    out.write(buffer, 0, used);
    used = 0;
  }

  /** Writes what is buffered on to the stream and flushes it. */
  void flush() throws IOException {
    drain();
    out.flush();
  }
}
