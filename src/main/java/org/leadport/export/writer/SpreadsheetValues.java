package org.leadport.export.writer;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * The typing rules the XLSX and XLS writers share: which values become numeric, date, date-time and
 * boolean cells, and what stays text. A value that does not fit its kind's cell (or that a
 * spreadsheet could not hold exactly) is written as a text cell with its exact text, so nothing is
 * lost. Stateless.
 *
 * <ul>
 *   <li>NUMBER: decimal text ({@code -42}, {@code 12.50}, {@code 1e+20}) becomes a numeric cell
 *       when it has at most {@value #MAX_DIGITS} significant digits (trailing zeros do not count)
 *       and lies in Excel's range; Excel keeps only 15 digits, so {@code 9007199254740993} would
 *       silently become {@code 9007199254740990}: such values, and {@code NaN}, {@code Infinity} or
 *       anything unparsable, become text cells instead.
 *   <li>DATE ({@code 2026-02-18}) and DATETIME ({@code 2026-02-18T13:04:05.123456Z}, any ISO offset
 *       accepted, written in UTC) become Excel serial numbers in the 1900 date system, with the
 *       microseconds kept as far as a double holds them (about 1 µs today). Excel has no dates
 *       before 1900-01-01 or after 9999-12-31: those stay text.
 *   <li>BOOLEAN: {@code true}/{@code false} (any case) become boolean cells; anything else text.
 *   <li>Text longer than {@value #MAX_TEXT} characters (Excel's limit per cell, both formats) is
 *       cut to at most {@value #MAX_TEXT} characters ending with a visible marker {@code … [N more
 *       characters truncated]}; CSV and JSON exports keep the whole text.
 * </ul>
 */
final class SpreadsheetValues {
  /** Characters one cell holds, in XLSX and XLS alike. */
  static final int MAX_TEXT = 32_767;

  /** Significant digits Excel keeps of a number. */
  static final int MAX_DIGITS = 15;

  static final String DATE_FORMAT = "yyyy-mm-dd";
  static final String DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss";

  /** Excel's largest number; its smallest positive one is {@link Double#MIN_NORMAL}. */
  private static final double MAX_NUMBER = 9.99999999999999e307;

  private static final LocalDate FIRST_DAY = LocalDate.of(1900, 1, 1);
  private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  /** Serial 61 is 1900-03-01; serial 60 is Excel's phantom 1900-02-29 (its Lotus leap-year bug). */
  private static final LocalDate MARCH_1900 = LocalDate.of(1900, 3, 1);

  private static final LocalDate SERIAL_ZERO = LocalDate.of(1899, 12, 30);
  private static final double MICROS_PER_DAY = 86_400_000_000.0;

  private SpreadsheetValues() {}

  /**
   * The columns' headers, after checking that a sheet of {@code format} (XLS, XLSX) can hold them
   * all: a 400 {@code too_many_columns_for_<format>} naming the limit and the {@code alternatives}
   * otherwise.
   */
  static String[] headers(
      List<ExportColumn> columns, int maxColumns, String format, String alternatives) {
    if (columns.size() > maxColumns) {
      throw new LeadportException(
          400,
          "too_many_columns_for_" + format.toLowerCase(Locale.ROOT),
          "An "
              + format
              + " export can have at most "
              + String.format(Locale.ROOT, "%,d", maxColumns)
              + " columns; this one has "
              + String.format(Locale.ROOT, "%,d", columns.size())
              + ". Export fewer fields, or use "
              + alternatives
              + ".");
    }
    return columns.stream().map(ExportColumn::header).toArray(String[]::new);
  }

  /** The columns' kinds, in order. */
  static ColumnKind[] kinds(List<ExportColumn> columns) {
    return columns.stream().map(ExportColumn::kind).toArray(ColumnKind[]::new);
  }

  /**
   * {@code part} of a spreadsheet writer's open workbook (the workbook, a sheet), which exists from
   * the writer's {@code begin} on.
   */
  static <T> T open(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("the workbook is not open: begin() first");
    }
    return part;
  }

  /** The number a NUMBER value holds, or null when it must stay text. */
  static @Nullable BigDecimal number(String value) {
    BigDecimal n;
    try {
      n = new BigDecimal(value.strip());
    } catch (NumberFormatException e) {
      return null;
    }
    if (n.signum() == 0) {
      return n;
    }
    if (n.stripTrailingZeros().precision() > MAX_DIGITS) {
      return null;
    }
    double d = Math.abs(n.doubleValue());
    return d > MAX_NUMBER || d < Double.MIN_NORMAL ? null : n;
  }

  /** The Excel serial number of a DATE value, or null when it must stay text. */
  static @Nullable Double date(String value) {
    try {
      return serial(LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay());
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The Excel serial number of a DATETIME value (in UTC), or null when it must stay text. */
  static @Nullable Double dateTime(String value) {
    try {
      OffsetDateTime t = OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      return serial(t.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime());
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The Excel (1900 system) serial number of {@code t}, or null outside Excel's dates. */
  static @Nullable Double serial(LocalDateTime t) {
    LocalDate day = t.toLocalDate();
    if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
      return null;
    }
    long days = ChronoUnit.DAYS.between(SERIAL_ZERO, day) - (day.isBefore(MARCH_1900) ? 1 : 0);
    long micros = t.toLocalTime().toNanoOfDay() / 1_000;
    return days + micros / MICROS_PER_DAY;
  }

  /** The boolean a BOOLEAN value holds, or null when it must stay text. */
  static @Nullable Boolean bool(String value) {
    if ("true".equalsIgnoreCase(value)) {
      return Boolean.TRUE;
    }
    if ("false".equalsIgnoreCase(value)) {
      return Boolean.FALSE;
    }
    return null;
  }

  /**
   * The text as one cell holds it: unchanged up to {@value #MAX_TEXT} characters, else as much of
   * its start as fits with a marker naming how many characters were cut, at most {@value #MAX_TEXT}
   * characters in all. A surrogate pair is never split.
   */
  static String text(String value) {
    int length = value.length();
    if (length <= MAX_TEXT) {
      return value;
    }
    // The marker's digits shrink as more is kept; keep as much as still fits with them.
    int kept = MAX_TEXT - marker(length).length();
    while (kept + 1 + marker(length - kept - 1).length() <= MAX_TEXT) {
      kept++;
    }
    if (Character.isHighSurrogate(value.charAt(kept - 1))) {
      kept--;
    }
    return value.substring(0, kept) + marker(length - kept);
  }

  private static String marker(int cut) {
    return "\u2026 [" + cut + " more characters truncated]";
  }

  /** The width in characters a value of {@code kind} shows as, for column widths. */
  static int displayLength(ColumnKind kind, String value) {
    return switch (kind) {
      case DATE -> DATE_FORMAT.length();
      case DATETIME -> DATETIME_FORMAT.length();
      case BOOLEAN -> "FALSE".length();
      default -> longestLine(value);
    };
  }

  private static int longestLine(String value) {
    int longest = 0;
    int line = 0;
    for (int i = 0; i < value.length() && longest < ColumnWidths.MAX; i++) {
      char c = value.charAt(i);
      if (c == '\n' || c == '\r') {
        line = 0;
      } else if (!Character.isLowSurrogate(c)) {
        longest = Math.max(longest, ++line);
      }
    }
    return longest;
  }

  /**
   * Column widths in characters from the header and the first {@value #SAMPLE} rows, between
   * {@value #MIN} and {@value #MAX}. Not thread-safe.
   */
  static final class ColumnWidths {
    static final int SAMPLE = 100;
    static final int MIN = 8;
    static final int MAX = 60;

    private final ColumnKind[] kinds;
    private final int[] widths;
    private int rows;

    ColumnWidths(java.util.List<ExportColumn> columns) {
      kinds = new ColumnKind[columns.size()];
      widths = new int[columns.size()];
      for (int i = 0; i < widths.length; i++) {
        kinds[i] = columns.get(i).kind();
        // Bold header text runs a little wider than the body font.
        widths[i] = longestLine(columns.get(i).header()) + 1;
      }
    }

    /** Takes a row into account while fewer than {@value #SAMPLE} rows were seen. */
    void sample(String[] values) {
      if (rows++ >= SAMPLE) {
        return;
      }
      for (int i = 0; i < widths.length; i++) {
        if (values[i] != null) {
          widths[i] = Math.max(widths[i], displayLength(kinds[i], values[i]));
        }
      }
    }

    /** Whether the sample is complete, so the widths will not change any more. */
    boolean settled() {
      return rows >= SAMPLE;
    }

    /** The width of column {@code i} in characters, padding included. */
    int width(int i) {
      return Math.min(MAX, Math.max(MIN, widths[i] + 2));
    }
  }
}
