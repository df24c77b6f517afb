package org.leadport.export.column;

import org.leadport.query.Sql;

/**
 * How an export writes instants: the three public formats (each surface names them in its own
 * words), and {@link #RFC3339_MICROS}, Leadport's own (the native API's and the sync export's),
 * which keeps the microseconds PostgreSQL stores. Calendar dates are {@code YYYY-MM-DD} in every
 * format.
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

  /** An SQL expression writing the {@code timestamptz} expression {@code expr} in this format. */
  public String sql(String expr) {
    return sql(Sql.text(expr)).inlined();
  }

  /** An SQL expression writing the {@code timestamptz} expression {@code expr} in this format. */
  public Sql sql(Sql expr) {
    return Sql.text("to_char((").append(expr).append(") at time zone 'UTC', '" + pattern + "')");
  }
}
