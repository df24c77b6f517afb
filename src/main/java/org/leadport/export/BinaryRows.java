package org.leadport.export;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.store.LeadItems;

/**
 * Reads the rows of a {@code COPY ... TO STDOUT (FORMAT binary)} whose columns are all {@code text}
 * or {@code text[]}: each value comes length-prefixed ({@code textsend}, {@code array_send}), so a
 * row's fields are found by their lengths, nothing is unquoted, and PostgreSQL skips the quoting
 * checks of {@code array_out} on every element. The items of {@code lead_items} ({@link LeadItems},
 * migration V21: a two-dimensional {@code text[]}, one inner array per item) are read by {@link
 * #items}. The driver sends one message per row, the file's header before the first row's fields
 * and the trailer ({@code -1} fields) in a message of its own. Not thread-safe.
 */
final class BinaryRows {
  /** The signature that starts a binary COPY (PostgreSQL's COPY docs, "Binary Format"). */
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  /** COPY's integers: big-endian. */
  private static final VarHandle INT32 =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

  /** PostgreSQL's oid of {@code text}, the element type of every array read here. */
  static final int TEXT_OID = 25;

  /** Where the messages come from: the next one, or null after the last. */
  @FunctionalInterface
  interface Source {
    byte @Nullable [] next() throws SQLException;
  }

  private final Source source;
  private final int columns;
  private final int[] offsets;
  private final int[] lengths;
  private byte[] row = new byte[0];
  private boolean started;
  private boolean ended;

  /** Rows of {@code columns} fields from {@code source}. */
  BinaryRows(Source source, int columns) {
    this.source = source;
    this.columns = columns;
    this.offsets = new int[columns];
    this.lengths = new int[columns];
  }

  /** The statement that sends {@code query}'s rows in the binary format this class reads. */
  static String copy(String query) {
    return "copy (" + query + ") to stdout (format binary)";
  }

  /** Moves to the next row; false after the last (the COPY then read to its end). */
  boolean next() throws SQLException {
    if (ended) {
      return false;
    }
    byte[] m = source.next();
    if (m == null) {
      throw malformed("COPY ended without its trailer");
    }
    int at = 0;
    if (!started) {
      started = true;
      at = header(m);
      if (at == m.length) {
        m = source.next();
        if (m == null) {
          throw malformed("COPY ended without its trailer");
        }
        at = 0;
      }
    }
    int count = (short) (((m[at] & 0xff) << 8) | (m[at + 1] & 0xff));
    at += 2;
    if (count == -1) {
      ended = true;
      if (source.next() != null) {
        throw malformed("data after the trailer");
      }
      return false;
    }
    if (count != columns) {
      throw malformed(count + " fields, expected " + columns);
    }
    for (int i = 0; i < columns; i++) {
      int length = int32(m, at);
      at += 4;
      offsets[i] = at;
      lengths[i] = length;
      if (length > 0) {
        at += length;
      }
    }
    if (at != m.length) {
      throw malformed("a row of " + m.length + " bytes holds " + at);
    }
    row = m;
    return true;
  }

  /** Column {@code i} (0-based) of the current row as text, or null. */
  @Nullable String text(int i) {
    int length = lengths[i];
    return length < 0 ? null : new String(row, offsets[i], length, StandardCharsets.UTF_8);
  }

  /**
   * The items of column {@code i} (a two-dimensional {@code text[]}; null: none), each a row of
   * {@code fields} values after {@code leadId}, as {@link LeadDocuments} writes them.
   */
  // The rows hold nulls as the text rows they replace did.
  @SuppressWarnings("NullAway")
  List<String[]> items(int i, String leadId, int fields) {
    int length = lengths[i];
    if (length < 0) {
      return List.of();
    }
    return items(row, offsets[i], length, leadId, fields);
  }

  /** The items of {@code array_send}'s bytes {@code [from, from + length)} of {@code bytes}. */
  @SuppressWarnings("NullAway")
  static List<String[]> items(byte[] bytes, int from, int length, String leadId, int fields) {
    int end = from + length;
    if (length < 12) {
      throw malformed("an array of " + length + " bytes");
    }
    int dimensions = int32(bytes, from);
    int type = int32(bytes, from + 8);
    if (dimensions == 0) {
      return List.of();
    }
    if (dimensions != 2 || type != TEXT_OID || length < 28) {
      throw malformed("not a two-dimensional text array (" + dimensions + ", oid " + type + ")");
    }
    int n = int32(bytes, from + 12);
    int width = int32(bytes, from + 20);
    if (width != fields || n < 0) {
      throw malformed(n + " items of " + width + " fields, expected " + fields);
    }
    int at = from + 28;
    List<String[]> rows = new ArrayList<>(n);
    for (int r = 0; r < n; r++) {
      String[] item = new String[fields + 1];
      item[0] = leadId;
      for (int f = 1; f <= fields; f++) {
        if (at + 4 > end) {
          throw malformed("an array cut short");
        }
        int size = int32(bytes, at);
        at += 4;
        if (size >= 0) {
          if (at + size > end) {
            throw malformed("an array cut short");
          }
          item[f] = new String(bytes, at, size, StandardCharsets.UTF_8);
          at += size;
        }
      }
      rows.add(item);
    }
    if (at != end) {
      throw malformed("an array of " + length + " bytes holds " + (at - from));
    }
    return rows;
  }

  /** Checks the file header at the start of {@code m}; returns where the first row starts. */
  private static int header(byte[] m) {
    if (m.length < SIGNATURE.length + 8
        || !Arrays.equals(m, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length)) {
      throw malformed("no binary COPY signature");
    }
    int extension = int32(m, SIGNATURE.length + 4);
    return SIGNATURE.length + 8 + extension;
  }

  private static int int32(byte[] b, int at) {
    return (int) INT32.get(b, at);
  }

  private static IllegalStateException malformed(String what) {
    return new IllegalStateException("malformed binary COPY: " + what);
  }
}
