package org.leadport.export.writer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import org.leadport.export.column.ColumnKind;

/**
 * Reads the text PostgreSQL writes for an export's typed values into numbers, by hand and without
 * allocating: the export statement (ExportStatement) sends every value as text, and at a million
 * rows of several instants each, java.time's parsers were a visible part of the Parquet writer's
 * time. The shapes read here are the ones the statement emits:
 *
 * <ul>
 *   <li>an instant: {@code to_char(… at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')}, such as
 *       {@code 2026-02-18T13:04:05.123456Z} (DateFormat.RFC3339_MICROS, the only format Parquet
 *       uses);
 *   <li>a date: {@code YYYY-MM-DD} (to_char, or a custom date field's validated ISO text);
 *   <li>a decimal: {@code -?digits[.digits]} of a numeric.
 * </ul>
 *
 * <p>Any other shape (a year past 9999, other fractions or offsets) falls back to java.time, which
 * reads what it always read and fails on what it always failed on, so nothing changes but speed. A
 * malformed value throws {@link NumberFormatException}, {@link DateTimeException} or {@link
 * ArithmeticException}. PostgreSQL's {@code YYYY} of a BC year is its number without an era, so the
 * statement cannot tell year 44 BC from AD 44: both read as AD, as before. Stateless.
 */
final class PgText {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long SECONDS_PER_DAY = 86_400L;

  /** Scales a fraction of n digits to microseconds. */
  private static final int[] FRACTION_SCALE = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

  private PgText() {}

  /**
   * Microseconds since the epoch of an instant such as {@code 2026-02-18T13:04:05.123456Z}: a
   * fraction of 0 to 6 digits, {@code T} or a space, {@code Z} or an offset {@code ±HH[:MM]}.
   */
  static long epochMicros(String v) {
    int n = v.length();
    if (n >= 20
        && v.charAt(4) == '-'
        && v.charAt(7) == '-'
        && (v.charAt(10) == 'T' || v.charAt(10) == ' ')
        && v.charAt(13) == ':'
        && v.charAt(16) == ':') {
      int year = digits(v, 0, 4);
      int month = digits(v, 5, 7);
      int day = digits(v, 8, 10);
      int hour = digits(v, 11, 13);
      int minute = digits(v, 14, 16);
      int second = digits(v, 17, 19);
      int i = 19;
      int micros = 0;
      if (v.charAt(i) == '.') {
        int start = ++i;
        while (i < n && i - start < 6 && isDigit(v.charAt(i))) {
          micros = micros * 10 + (v.charAt(i) - '0');
          i++;
        }
        micros *= FRACTION_SCALE[i - start];
        if (i == start) {
          i = -1; // a point without digits: not a shape read here
        }
      }
      int offsetSeconds = i < 0 ? Integer.MIN_VALUE : offsetSeconds(v, i);
      if (offsetSeconds != Integer.MIN_VALUE
          && year >= 0
          && validDate(year, month, day)
          && hour >= 0
          && hour < 24
          && minute >= 0
          && minute < 60
          && second >= 0
          && second < 60) {
        long seconds =
            epochDay(year, month, day) * SECONDS_PER_DAY
                + hour * 3_600L
                + minute * 60L
                + second
                - offsetSeconds;
        return seconds * MICROS_PER_SECOND + micros;
      }
    }
    Instant t = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /**
   * The offset in seconds east of UTC of {@code Z}, {@code ±HH} or {@code ±HH:MM} that ends {@code
   * v} at {@code i}, or {@link Integer#MIN_VALUE} for anything else.
   */
  private static int offsetSeconds(String v, int i) {
    int n = v.length();
    if (i == n - 1 && v.charAt(i) == 'Z') {
      return 0;
    }
    if (i >= n || (v.charAt(i) != '+' && v.charAt(i) != '-')) {
      return Integer.MIN_VALUE;
    }
    int sign = v.charAt(i) == '-' ? -1 : 1;
    int hours;
    int minutes = 0;
    if (n - i == 3) {
      hours = digits(v, i + 1, i + 3);
    } else if (n - i == 6 && v.charAt(i + 3) == ':') {
      hours = digits(v, i + 1, i + 3);
      minutes = digits(v, i + 4, i + 6);
    } else {
      return Integer.MIN_VALUE;
    }
    if (hours < 0 || hours > 18 || minutes < 0 || minutes > 59) {
      return Integer.MIN_VALUE;
    }
    return sign * (hours * 3_600 + minutes * 60);
  }

  /** Days since 1970-01-01 of {@code 2026-02-18}. */
  static int epochDay(String v) {
    if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
      int year = digits(v, 0, 4);
      int month = digits(v, 5, 7);
      int day = digits(v, 8, 10);
      if (year >= 0 && validDate(year, month, day)) {
        return (int) epochDay(year, month, day);
      }
    }
    return Math.toIntExact(LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay());
  }

  /** {@code true} or {@code false}, as PostgreSQL writes a boolean as text. */
  static boolean bool(String v) {
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new NumberFormatException("not a boolean");
  }

  /**
   * The unscaled value of the decimal {@code v} at {@link ColumnKind#DECIMAL_SCALE} ({@code 12.3}
   * is 1230); more decimals than the scale (other than zeros), or more than a bigint holds, throw
   * an {@link ArithmeticException}.
   */
  static long unscaled(String v) {
    int n = v.length();
    int i = n > 0 && v.charAt(0) == '-' ? 1 : 0;
    int start = i;
    long value = 0;
    boolean fast = n > i && n - i <= 16; // 16 characters never overflow a long
    while (fast && i < n && isDigit(v.charAt(i))) {
      value = value * 10 + (v.charAt(i++) - '0');
    }
    fast &= i > start;
    int decimals = 0;
    if (fast && i < n && v.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(v.charAt(i)) && decimals < ColumnKind.DECIMAL_SCALE) {
        value = value * 10 + (v.charAt(i++) - '0');
        decimals++;
      }
      fast &= decimals > 0;
    }
    if (fast && i == n) {
      for (; decimals < ColumnKind.DECIMAL_SCALE; decimals++) {
        value *= 10;
      }
      return start == 1 ? -value : value;
    }
    return new BigDecimal(v)
        .setScale(ColumnKind.DECIMAL_SCALE, RoundingMode.UNNECESSARY)
        .unscaledValue()
        .longValueExact();
  }

  private static boolean validDate(int year, int month, int day) {
    return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date, year 0 and later (Howard Hinnant's
   * days_from_civil).
   */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468L;
  }

  /** The decimal number in {@code v} from {@code from} to {@code to}, or -1 if not all digits. */
  private static int digits(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
