package org.leadport.store;

import java.time.LocalDate;
import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8 encoded into one growable byte array. Writing bytes
 * directly (rather than building Strings and encoding them) is what keeps bulk seeding ahead of the
 * server. Not thread-safe.
 */
final class SyntheticCopy {
  private static final byte[] NULL = {'\\', 'N'};
  private static final byte[] HEX =
      "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private byte[] buf;
  private int len;
  private int rows;
  private boolean firstCell = true;

  SyntheticCopy(int capacity) {
    buf = new byte[Math.max(capacity, 64)];
  }

  byte[] array() {
    return buf;
  }

  int length() {
    return len;
  }

  int rows() {
    return rows;
  }

  /** Ends the current row. */
  void endRow() {
    put((byte) '\n');
    rows++;
    firstCell = true;
  }

  /** A text cell; null becomes SQL NULL. */
  SyntheticCopy text(String s) {
    cell();
    if (s == null) {
      put(NULL);
      return this;
    }
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> put2('\\', '\\');
        case '\t' -> put2('\\', 't');
        case '\n' -> put2('\\', 'n');
        case '\r' -> put2('\\', 'r');
        default -> i = utf8(s, i, c);
      }
    }
    return this;
  }

  SyntheticCopy number(long v) {
    cell();
    ascii(Long.toString(v));
    return this;
  }

  /** A number cell; null becomes SQL NULL. */
  SyntheticCopy number(Integer v) {
    return v == null ? text(null) : number(v.longValue());
  }

  /** A date cell from an epoch day; null becomes SQL NULL. */
  SyntheticCopy date(Integer epochDay) {
    if (epochDay == null) {
      return text(null);
    }
    cell();
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    digits(d.getYear(), 4).put((byte) '-').digits(d.getMonthValue(), 2).put((byte) '-');
    digits(d.getDayOfMonth(), 2);
    return this;
  }

  /** A timestamptz cell in UTC with microseconds, from microseconds since the epoch. */
  SyntheticCopy timestamp(long micros) {
    date((int) Math.floorDiv(micros, SyntheticRows.DAY));
    long t = Math.floorMod(micros, SyntheticRows.DAY);
    put((byte) ' ').digits((int) (t / 3_600_000_000L), 2).put((byte) ':');
    digits((int) (t / 60_000_000 % 60), 2).put((byte) ':').digits((int) (t / 1_000_000 % 60), 2);
    put((byte) '.').digits((int) (t % 1_000_000), 6);
    ascii("+00");
    return this;
  }

  /** Starts a cell whose content the caller writes with {@link #raw} and {@link #jsonString}. */
  SyntheticCopy jsonCell() {
    cell();
    return this;
  }

  /** Literal ASCII that needs no escaping, such as JSON punctuation or a number. */
  SyntheticCopy raw(String ascii) {
    ascii(ascii);
    return this;
  }

  /**
   * A quoted JSON string inside a cell: JSON escaping first, then every backslash that produced
   * doubled again for the COPY text format.
   */
  SyntheticCopy jsonString(String s) {
    put((byte) '"');
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        put2('\\', '\\').put((byte) '"');
      } else if (c == '\\') {
        put2('\\', '\\').put2('\\', '\\');
      } else if (c < 0x20) {
        put2('\\', '\\').put2('u', '0').put2('0', (char) HEX[c >> 4]).put(HEX[c & 0xF]);
      } else {
        i = utf8(s, i, c);
      }
    }
    put((byte) '"');
    return this;
  }

  private void cell() {
    if (!firstCell) {
      put((byte) '\t');
    }
    firstCell = false;
  }

  /** Writes {@code c} (at {@code i} of {@code s}) as UTF-8; returns the last index consumed. */
  private int utf8(String s, int i, char c) {
    if (c < 0x80) {
      put((byte) c);
    } else if (c < 0x800) {
      put2((char) (0xC0 | (c >> 6)), (char) (0x80 | (c & 0x3F)));
    } else if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      put2((char) (0xF0 | (cp >> 18)), (char) (0x80 | ((cp >> 12) & 0x3F)));
      put2((char) (0x80 | ((cp >> 6) & 0x3F)), (char) (0x80 | (cp & 0x3F)));
      return i + 1;
    } else if (Character.isSurrogate(c)) {
      // An unpaired surrogate has no UTF-8 form; PostgreSQL would reject the whole COPY.
      put((byte) '?');
    } else {
      put((byte) (0xE0 | (c >> 12)));
      put2((char) (0x80 | ((c >> 6) & 0x3F)), (char) (0x80 | (c & 0x3F)));
    }
    return i;
  }

  private SyntheticCopy digits(int v, int width) {
    ensure(width);
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
    return this;
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private SyntheticCopy put(byte b) {
    ensure(1);
    buf[len++] = b;
    return this;
  }

  private SyntheticCopy put2(char a, char b) {
    ensure(2);
    buf[len++] = (byte) a;
    buf[len++] = (byte) b;
    return this;
  }

  private void put(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buf, len, bytes.length);
    len += bytes.length;
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
