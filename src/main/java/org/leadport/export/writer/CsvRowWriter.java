package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;

/**
 * Leadport's CSV: RFC 4180 in UTF-8 with CRLF line ends and a header row, optionally after a UTF-8
 * BOM for Excel. A field is quoted when it holds a comma, quote, CR or LF, or when it is the first
 * of a record and starts with {@code #}; empty strings and nulls are written as nothing; text cells
 * are made formula-safe ({@link FormulaSafety}), numbers, dates and booleans are written as they
 * are.
 *
 * <p>Rows come either as values ({@link #row}) or, faster, as the rows of PostgreSQL's {@code COPY
 * ... TO STDOUT (FORMAT csv)} of the same values ({@link #copyRow}): PostgreSQL formats and quotes
 * every value in C, and this writer re-quotes each COPY row into the same bytes the values would
 * give. COPY ends rows with LF, quotes empty strings and a lone {@code \.}, and knows nothing of
 * formula safety; both routes meet in one field rule, so the CSV rules are written once. A COPY
 * row's instants come as PostgreSQL's text of their UTC time, which this writer formats in the
 * export's date format ({@link CopyTimes}): cheaper here than {@code to_char} in PostgreSQL. Not
 * thread-safe.
 */
public final class CsvRowWriter implements RowWriter {
  private static final int BUFFER = 64 * 1024;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final OutputStream out;
  private final boolean bom;
  private final DateFormat dates;
  private final byte[] buffer = new byte[BUFFER];
  private final byte[] time = new byte[CopyTimes.MAX];
  private int used;
  private boolean[] text = new boolean[0];
  private boolean[] instant = new boolean[0];

  /** A writer whose COPY rows' instants are written in Leadport's own format (RFC 3339). */
  public CsvRowWriter(OutputStream out, boolean bom) {
    this(out, bom, DateFormat.RFC3339_MICROS);
  }

  /**
   * @param dates the format the instants of COPY rows are written in (values of {@link #row} come
   *     formatted)
   */
  public CsvRowWriter(OutputStream out, boolean bom, DateFormat dates) {
    this.out = out;
    this.bom = bom;
    this.dates = dates;
  }

  /**
   * Writes the BOM (if any) and the header row, and flushes them: a reader sees the columns while
   * the statement that produces the rows still runs.
   */
  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    if (bom) {
      put(BOM, 0, BOM.length);
    }
    text = new boolean[columns.size()];
    instant = new boolean[columns.size()];
    String[] header = new String[columns.size()];
    for (int i = 0; i < header.length; i++) {
      text[i] = columns.get(i).kind() == ColumnKind.TEXT;
      instant[i] = columns.get(i).kind() == ColumnKind.DATETIME;
      header[i] = columns.get(i).header();
    }
    record(header, null);
    flush();
  }

  @Override
  public void row(String[] values) throws IOException {
    record(values, text);
  }

  /** Always: COPY's CSV is this writer's fastest route. */
  @Override
  public boolean takesCopy() {
    return true;
  }

  /**
   * Writes one COPY row (its fields and the LF that ends it) as a CRLF-ended record, its instants
   * (the text of their UTC time) in the writer's date format. COPY sends one row a message; a row
   * of another shape (more or fewer fields, an unquoted line break, an instant of no timestamp's
   * shape) is refused.
   */
  @Override
  public void copyRow(byte[] r) throws IOException {
    int end = r.length - 1;
    if (end < 0 || r[end] != '\n') {
      throw new IllegalStateException("a COPY row must end with a line feed");
    }
    int i = 0;
    int column = 0;
    while (true) {
      if (column == text.length) {
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
        for (byte b; i < end && (b = r[i]) != ','; i++) {
          if (b == '\n') {
            throw new IllegalStateException("a COPY message holds more than one row");
          }
        }
        stop = i;
      }
      if (instant[column] && start < stop) {
        put(time, 0, CopyTimes.format(dates, r, start, stop, time));
      } else {
        field(column, r, start, stop, special, text[column]);
      }
      if (i >= end) {
        break;
      }
      put((byte) ',');
      i++;
      column++;
    }
    if (column != text.length - 1) {
      throw new IllegalStateException(
          "a COPY row has " + (column + 1) + " fields, not " + text.length);
    }
    put((byte) '\r');
    put((byte) '\n');
  }

  @Override
  public void finish() throws IOException {
    flush();
  }

  /** A record of values; {@code text} says which are formula-safe text (null: all, the header). */
  private void record(String[] values, boolean @Nullable [] text) throws IOException {
    for (int i = 0; i < values.length; i++) {
      if (i > 0) {
        put((byte) ',');
      }
      String v = values[i];
      if (v != null && !v.isEmpty()) {
        value(i, v, text == null || text[i]);
      }
    }
    put((byte) '\r');
    put((byte) '\n');
  }

  /** A value as COPY would send it inside quotes (quotes doubled), then the one field rule. */
  private void value(int column, String v, boolean formulaSafe) throws IOException {
    byte[] utf8 = v.getBytes(StandardCharsets.UTF_8);
    boolean special = false;
    int quotes = 0;
    for (byte b : utf8) {
      if (b == '"') {
        quotes++;
      } else if (b == ',' || b == '\r' || b == '\n') {
        special = true;
      }
    }
    if (quotes > 0) {
      byte[] escaped = new byte[utf8.length + quotes];
      int j = 0;
      for (byte b : utf8) {
        escaped[j++] = b;
        if (b == '"') {
          escaped[j++] = b;
        }
      }
      utf8 = escaped;
      special = true;
    }
    field(column, utf8, 0, utf8.length, special, formulaSafe);
  }

  /**
   * The one field rule: writes the field content {@code r[start, stop)}, its quotes already
   * doubled; {@code special} says it holds a comma, quote, CR or LF and so is quoted.
   */
  private void field(
      int column, byte[] r, int start, int stop, boolean special, boolean formulaSafe)
      throws IOException {
    if (start == stop) {
      return;
    }
    boolean safe = formulaSafe && triggers(r, start, stop);
    boolean quote = special || (column == 0 && !safe && r[start] == '#');
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

  private void flush() throws IOException {
    drain();
    out.flush();
  }
}
