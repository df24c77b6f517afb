package org.leadport.json;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.leadport.LeadportException;

/**
 * The dates Leadport accepts: the years 1 to 9999 (UTC for instants), the range every later read
 * handles: PostgreSQL's {@code date} and {@code timestamptz}, Java's time types, ISO 8601 without
 * an expanded year, spreadsheet date cells and every export's date formats ("Dates and strings" in
 * openapi.yaml). A value outside is refused on the way in, naming its JSON path or parameter.
 */
public final class DateRange {
  /** The first accepted day. */
  public static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);

  /** The last accepted day. */
  public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  private static final Instant FIRST = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
  private static final Instant END = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

  private DateRange() {}

  public static boolean contains(LocalDate day) {
    return !day.isBefore(FIRST_DAY) && !day.isAfter(LAST_DAY);
  }

  public static boolean contains(Instant t) {
    return !t.isBefore(FIRST) && t.isBefore(END);
  }

  /** {@code day}, unless it falls outside the years 1 to 9999: a 400 naming {@code path}. */
  public static LocalDate check(LocalDate day, String path) {
    if (!contains(day)) {
      throw outside(path);
    }
    return day;
  }

  /** {@code t}, unless it falls outside the years 1 to 9999 (UTC): a 400 naming {@code path}. */
  public static Instant check(Instant t, String path) {
    if (!contains(t)) {
      throw outside(path);
    }
    return t;
  }

  private static LeadportException outside(String path) {
    return LeadportException.invalid(
        path,
        path + " must fall in the years 1 to 9999 (0001-01-01 to 9999-12-31, UTC for times).");
  }
}
