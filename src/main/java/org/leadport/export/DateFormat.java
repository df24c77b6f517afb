package org.leadport.export;

import java.util.Locale;
import java.util.Optional;
import org.leadport.query.Sql;

/**
 * How an export writes instants. The three public words are seed 000's, down to the character;
 * {@link #RFC3339_MICROS} is Leadport's own (the native API's and the sync export's), which keeps
 * the microseconds PostgreSQL stores. Calendar dates are {@code YYYY-MM-DD} in every format.
 */
public enum DateFormat {
  /** {@code 2026-02-18 13:04:05.123456+00:00}: microseconds and the offset. */
  ORIGINAL("YYYY-MM-DD HH24:MI:SS.US\"+00:00\""),
  /** {@code 2026-02-18T13:04:05+00:00}: ISO 8601 without fractions of a second. */
  ISO8601("YYYY-MM-DD\"T\"HH24:MI:SS\"+00:00\""),
  /** {@code 2026-02-18 01:04:05 PM}: UTC, a 12-hour clock, what Excel parses as a date. */
  EXCEL("YYYY-MM-DD HH12:MI:SS AM"),
  /** {@code 2026-02-18T13:04:05.123456Z}. */
  RFC3339_MICROS("YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"");

  private final String pattern;

  DateFormat(String pattern) {
    this.pattern = pattern;
  }

  /** The seed's word for this format ({@code original}, {@code iso8601}, {@code excel}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The public format of a seed word; the native format has no public word. */
  public static Optional<DateFormat> fromWireName(String word) {
    for (DateFormat f : new DateFormat[] {ORIGINAL, ISO8601, EXCEL}) {
      if (f.wireName().equals(word)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** An SQL expression writing the {@code timestamptz} expression {@code expr} in this format. */
  public String sql(String expr) {
    return sql(Sql.text(expr)).inlined();
  }

  /** An SQL expression writing the {@code timestamptz} expression {@code expr} in this format. */
  public Sql sql(Sql expr) {
    return Sql.text("to_char((").append(expr).append(") at time zone 'UTC', '" + pattern + "')");
  }
}
