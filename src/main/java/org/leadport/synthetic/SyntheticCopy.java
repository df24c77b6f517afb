package org.leadport.synthetic;

import java.time.LocalDate;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Rows in PostgreSQL's COPY text format, UTF-8 encoded into one growable byte array. Writing bytes
 * directly (rather than building Strings and encoding them) keeps the generator well ahead of the
 * server. Not thread-safe.
 */
final class SyntheticCopy {
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'
  };

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
    ensure(1);
    buf[len++] = '\n';
    rows++;
    firstCell = true;
  }

  /**
   * A text cell; null becomes SQL NULL ({@code \N}). Backslash, tab, newline and carriage return
   * are the only bytes the text format gives meaning to inside a cell, so only they are escaped.
   */
  SyntheticCopy text(@Nullable String s) {
    cell();
    if (s == null) {
      ensure(2);
      buf[len++] = '\\';
      buf[len++] = 'N';
      return this;
    }
    int n = s.length();
    // Worst case per char: an escape is 2 bytes, a BMP char 3; a surrogate pair is 4 for 2 chars.
    ensure(3 * n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '\\') {
        // The common case, kept in locals: this loop is the hottest code of the seeder.
        b[p++] = (byte) c;
        continue;
      }
      len = p;
      switch (c) {
        case '\\' -> escape('\\');
        case '\t' -> escape('t');
        case '\n' -> escape('n');
        case '\r' -> escape('r');
        default -> i = utf8(s, i, c);
      }
      p = len;
    }
    len = p;
    return this;
  }

  SyntheticCopy number(long v) {
    cell();
    ascii(Long.toString(v));
    return this;
  }

  /** A number cell; null becomes SQL NULL. */
  SyntheticCopy number(@Nullable Integer v) {
    return v == null ? text(null) : number(v.longValue());
  }

  /** A date cell from an epoch day; null becomes SQL NULL. */
  SyntheticCopy date(@Nullable Integer epochDay) {
    if (epochDay == null) {
      return text(null);
    }
    cell();
    LocalDate d = LocalDate.ofEpochDay(epochDay);
    ensure(10);
    digits(d.getYear(), 4);
    buf[len++] = '-';
    digits(d.getMonthValue(), 2);
    buf[len++] = '-';
    digits(d.getDayOfMonth(), 2);
    return this;
  }

  /** A timestamptz cell in UTC with microseconds, from microseconds since the epoch. */
  SyntheticCopy timestamp(long micros) {
    date((int) Math.floorDiv(micros, SyntheticRows.DAY));
    long t = Math.floorMod(micros, SyntheticRows.DAY);
    ensure(19);
    buf[len++] = ' ';
    digits((int) (t / 3_600_000_000L), 2);
    buf[len++] = ':';
    digits((int) (t / 60_000_000 % 60), 2);
    buf[len++] = ':';
    digits((int) (t / 1_000_000 % 60), 2);
    buf[len++] = '.';
    digits((int) (t % 1_000_000), 6);
    buf[len++] = '+';
    buf[len++] = '0';
    buf[len++] = '0';
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
   * doubled again for the COPY text format. Control characters become {@code \}{@code u00XX}, so no
   * raw tab or newline reaches the cell. Null is JSON's null.
   */
  SyntheticCopy jsonString(@Nullable String s) {
    if (s == null) {
      return raw("null");
    }
    int n = s.length();
    // Worst case per char: a control character is 7 bytes (\\u00XX).
    ensure(7 * n + 2);
    buf[len++] = '"';
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x80 && c != '\\' && c != '"') {
        buf[len++] = (byte) c;
      } else if (c == '"') {
        escape('\\');
        buf[len++] = '"';
      } else if (c == '\\') {
        escape('\\');
        escape('\\');
      } else if (c < 0x20) {
        escape('\\');
        buf[len++] = 'u';
        buf[len++] = '0';
        buf[len++] = '0';
        buf[len++] = HEX[c >> 4];
        buf[len++] = HEX[c & 0xF];
      } else {
        i = utf8(s, i, c);
      }
    }
    buf[len++] = '"';
    return this;
  }

  private void cell() {
    if (!firstCell) {
      ensure(1);
      buf[len++] = '\t';
    }
    firstCell = false;
  }

  /** A backslash and {@code c}; the caller has ensured room. */
  private void escape(char c) {
    buf[len++] = '\\';
    buf[len++] = (byte) c;
  }

  /**
   * Writes {@code c} (at {@code i} of {@code s}) as UTF-8 into room the caller has ensured; returns
   * the last index consumed.
   */
  private int utf8(String s, int i, char c) {
    if (c < 0x80) {
      buf[len++] = (byte) c;
    } else if (c < 0x800) {
      buf[len++] = (byte) (0xC0 | (c >> 6));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    } else if (Character.isHighSurrogate(c)
        && i + 1 < s.length()
        && Character.isLowSurrogate(s.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, s.charAt(i + 1));
      buf[len++] = (byte) (0xF0 | (cp >> 18));
      buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
      buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (cp & 0x3F));
      return i + 1;
    } else if (Character.isSurrogate(c)) {
      // An unpaired surrogate has no UTF-8 form; PostgreSQL would reject the whole COPY.
      buf[len++] = '?';
    } else {
      buf[len++] = (byte) (0xE0 | (c >> 12));
      buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
      buf[len++] = (byte) (0x80 | (c & 0x3F));
    }
    return i;
  }

  /** {@code v} zero-padded to {@code width} digits into room the caller has ensured. */
  private void digits(int v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      buf[len + i] = (byte) ('0' + v % 10);
      v /= 10;
    }
    len += width;
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void ensure(int extra) {
    if (len + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
    }
  }
}
