package org.leadport.export.writer;

import org.leadport.export.column.DateFormat;

/**
 * Writes the instants of COPY rows in an export's {@link DateFormat}. The COPY route selects each
 * instant as PostgreSQL's text of its UTC time ({@code (t at time zone 'UTC')::text}: {@code
 * 2026-02-18 13:04:05.12}, its fraction trimmed of trailing zeros, none when whole) or, for a
 * custom date-time, the ISO text it is stored as ({@code 2026-02-18T13:04:05.123456Z}); this
 * formats either into the bytes {@link DateFormat#sql(org.leadport.query.Sql) to_char} would have
 * made in SQL, where it cost PostgreSQL more than reading the row (bench/log/2026-12-07-issue18.md,
 * session 28). Stateless.
 */
final class CopyTimes {
  /** The longest formatted instant: a five-digit year (after a time-zone shift) in ORIGINAL. */
  static final int MAX = 40;

  private static final byte[] UTC_OFFSET = {'+', '0', '0', ':', '0', '0'};

  private CopyTimes() {}

  /**
   * Formats the instant {@code r[start, stop)} into {@code out} from 0 and returns its length; 0
   * for an infinite time, which to_char writes as null.
   *
   * @throws IllegalStateException when the text is of no shape the COPY route selects
   */
  static int format(DateFormat format, byte[] r, int start, int stop, byte[] out) {
    if (infinite(r, start, stop)) {
      return 0;
    }
    int sep = start;
    while (sep < stop && r[sep] != ' ' && r[sep] != 'T') {
      sep++;
    }
    int p = sep + 9;
    if (sep - start < 10 || p > stop || r[sep + 3] != ':' || r[sep + 6] != ':') {
      throw shape(r, start, stop);
    }
    int fraction = p;
    int digits = 0;
    if (p < stop && r[p] == '.') {
      fraction = ++p;
      while (p < stop && r[p] >= '0' && r[p] <= '9') {
        p++;
      }
      digits = p - fraction;
    }
    if (p < stop && r[p] == 'Z') {
      p++;
    } else if (stop - p == 3 && r[p] == ' ' && r[p + 1] == 'B' && r[p + 2] == 'C') {
      // A year before 1: to_char's YYYY writes it unsigned, as the text does before " BC".
      p += 3;
    }
    if (p != stop || digits > 6) {
      throw shape(r, start, stop);
    }
    int n = sep - start;
    System.arraycopy(r, start, out, 0, n);
    boolean clock12 = format == DateFormat.EXCEL;
    out[n++] =
        format == DateFormat.RFC3339_MICROS || format == DateFormat.ISO8601
            ? (byte) 'T'
            : (byte) ' ';
    int hour = (r[sep + 1] - '0') * 10 + (r[sep + 2] - '0');
    if (clock12) {
      int h12 = hour % 12 == 0 ? 12 : hour % 12;
      out[n++] = (byte) ('0' + h12 / 10);
      out[n++] = (byte) ('0' + h12 % 10);
      System.arraycopy(r, sep + 3, out, n, 6);
      n += 6;
      out[n++] = ' ';
      out[n++] = hour < 12 ? (byte) 'A' : (byte) 'P';
      out[n++] = 'M';
      return n;
    }
    System.arraycopy(r, sep + 1, out, n, 8);
    n += 8;
    if (format != DateFormat.ISO8601) {
      out[n++] = '.';
      System.arraycopy(r, fraction, out, n, digits);
      n += digits;
      for (int i = digits; i < 6; i++) {
        out[n++] = '0';
      }
    }
    if (format == DateFormat.RFC3339_MICROS) {
      out[n++] = 'Z';
      return n;
    }
    System.arraycopy(UTC_OFFSET, 0, out, n, UTC_OFFSET.length);
    return n + UTC_OFFSET.length;
  }

  private static boolean infinite(byte[] r, int start, int stop) {
    int i = start < stop && r[start] == '-' ? start + 1 : start;
    return stop - i == 8 && r[i] == 'i' && r[i + 1] == 'n' && r[i + 2] == 'f';
  }

  private static IllegalStateException shape(byte[] r, int start, int stop) {
    return new IllegalStateException(
        "an instant of a COPY row is no timestamp text: "
            + new String(r, start, stop - start, java.nio.charset.StandardCharsets.UTF_8));
  }
}
