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

  /**
   * An SQL expression writing a date-time stored as Leadport's ISO text {@code iso} in this format:
   * the stored text rearranged when it has exactly the shape Leadport writes ({@code
   * 2026-02-18T13:04:05.123456Z}, which is {@link #RFC3339_MICROS} already), else {@code parsed}
   * (its guarded {@code timestamptz}) through {@link #sql(Sql)}. Parsing and formatting the stored
   * text cost PostgreSQL more than reading the lead (bench/log/2026-12-07-issue18.md, session 28).
   * A value of that shape is digits and the shape's own characters only, so it needs no formula
   * safety, whatever hand-edited it.
   */
  public Sql stored(Sql iso, Sql parsed) {
    Sql text =
        switch (this) {
          case RFC3339_MICROS -> iso;
          // YYYY-MM-DD HH:MI:SS.US+00:00: the T a space, the Z an offset.
          case ORIGINAL ->
              Sql.text("overlay(overlay(")
                  .append(iso)
                  .append(" placing ' ' from 11 for 1) placing '+00:00' from 27 for 1)");
          case ISO8601 -> Sql.text("left(").append(iso).append(", 19) || '+00:00'");
          // A 12-hour clock: formatted from the parsed time.
          case EXCEL -> null;
        };
    if (text == null) {
      return sql(parsed);
    }
    return Sql.text("case when ")
        .append(isStored(iso))
        .append(" then ")
        .append(text)
        .append(" else ")
        .append(sql(parsed))
        .append(" end");
  }

  /**
   * The text of the {@code timestamptz} expression {@code expr}'s UTC time, as COPY rows carry
   * instants for their writer to format ({@code 2026-02-18 13:04:05.12}, trailing zeros of the
   * fraction trimmed): PostgreSQL's output of a {@code timestamp} costs it a fraction of {@code
   * to_char}'s, whatever the session's time zone.
   */
  public static Sql utcText(Sql expr) {
    return Sql.text("((").append(expr).append(") at time zone 'UTC')::text");
  }

  /**
   * As {@link #utcText(Sql)}, for a date-time stored as ISO text {@code iso}: that text itself when
   * it has exactly the shape Leadport writes, else the text of {@code parsed}'s UTC time.
   */
  public static Sql storedUtcText(Sql iso, Sql parsed) {
    return Sql.text("case when ")
        .append(isStored(iso))
        .append(" then ")
        .append(iso)
        .append(" else ")
        .append(utcText(parsed))
        .append(" end");
  }

  /**
   * Whether {@code iso} has exactly the shape of Leadport's stored date-times: every digit made a 9
   * and compared with the shape, cheaper for PostgreSQL than a regular expression.
   */
  private static Sql isStored(Sql iso) {
    return Sql.text("translate(")
        .append(iso)
        .append(", '0123456789', '9999999999') = '9999-99-99T99:99:99.999999Z'");
  }
}
