package org.leadport.query;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.postgresql.core.Utils;

/**
 * The SQL literals of bound values, for {@link Sql#inlined()}: each a literal of the type the
 * driver would have bound the value as ({@code varchar} strings, {@code int4}/{@code int8}/{@code
 * numeric}/{@code bool}, untyped timestamps and dates), strings escaped by the driver's own {@link
 * Utils#escapeLiteral}: the values still never meet the SQL text unescaped, and the planner sees
 * the same constants as with the driver's unnamed statements. Stateless and thread-safe.
 */
final class SqlLiteral {
  private SqlLiteral() {}

  /** The SQL literal of a bound value. */
  static String of(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "E'" + escaped(s) + "'::varchar";
      case Integer v -> "'" + v + "'::int4";
      case Long v -> "'" + v + "'::int8";
      case BigDecimal v -> "'" + v + "'::numeric";
      case Boolean v -> "'" + v + "'::bool";
      // The driver binds both with no type, for the server to infer from where they stand.
      case Timestamp t -> "'" + timestamp(t) + "'";
      case java.sql.Date d -> "'" + date(d.toLocalDate()) + "'";
      default ->
          throw new IllegalArgumentException(
              "COPY cannot carry a bound " + value.getClass().getName());
    };
  }

  /**
   * {@code text} when it closes every string literal and quoted identifier it opens, so that a
   * literal written after it stands outside them.
   *
   * @throws IllegalStateException when it leaves one open
   */
  static String closed(String text) {
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        boolean escapes = c == '\'' && i > 0 && (text.charAt(i - 1) | 0x20) == 'e';
        i = closing(text, i, c, escapes);
      } else {
        i++;
      }
    }
    return text;
  }

  /** The index just past the quote that closes the literal or identifier opening at {@code i}. */
  private static int closing(String sql, int i, char quote, boolean escapes) {
    int j = i + 1;
    while (j < sql.length()) {
      char c = sql.charAt(j);
      if (escapes && c == '\\') {
        j += 2;
      } else if (c == quote) {
        if (j + 1 < sql.length() && sql.charAt(j + 1) == quote) {
          j += 2;
        } else {
          return j + 1;
        }
      } else {
        j++;
      }
    }
    throw new IllegalStateException("an unterminated " + quote + " in Leadport's SQL");
  }

  private static String escaped(String s) {
    try {
      return Utils.escapeLiteral(null, s, false).toString();
    } catch (SQLException e) {
      // Only a NUL character is refused; PostgreSQL text cannot hold one either.
      throw new IllegalArgumentException("a bound string cannot hold a NUL character", e);
    }
  }

  private static String timestamp(Timestamp t) {
    // Rounded to microseconds as the driver rounds.
    OffsetDateTime at = t.toInstant().plusNanos(500).atOffset(ZoneOffset.UTC);
    return date(at.toLocalDate()).replace(" BC", "")
        + String.format(
            " %02d:%02d:%02d.%06d+00",
            at.getHour(), at.getMinute(), at.getSecond(), at.getNano() / 1000)
        + (at.getYear() <= 0 ? " BC" : "");
  }

  /** PostgreSQL's own date form: years before 1 as {@code BC}, which ISO's year 0 is. */
  private static String date(LocalDate d) {
    int year = d.getYear();
    String day = String.format("%02d-%02d", d.getMonthValue(), d.getDayOfMonth());
    return year > 0
        ? String.format("%04d-%s", year, day)
        : String.format("%04d-%s BC", 1 - year, day);
  }
}
