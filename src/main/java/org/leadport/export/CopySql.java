package org.leadport.export;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import org.postgresql.core.Utils;

/**
 * A {@code COPY (query) TO STDOUT (FORMAT csv)} statement built from a query with named
 * placeholders. PostgreSQL's COPY takes no bind parameters, so each bound value is written into the
 * statement as a literal of the type the driver would have bound it as ({@code varchar} strings,
 * {@code int4}/{@code int8}/{@code numeric}/{@code bool}, untyped timestamps and dates), strings
 * escaped by the driver's own {@link Utils#escapeLiteral}: the values still never meet the SQL text
 * unescaped, and the planner sees the same constants as with the driver's unnamed statements.
 * Stateless and thread-safe.
 */
final class CopySql {
  private CopySql() {}

  /** The COPY statement for {@code sql}, its {@code :name} placeholders replaced by literals. */
  static String csv(String sql, Map<String, Object> binds) {
    return "copy (" + inline(sql, binds) + ") to stdout (format csv)";
  }

  /**
   * {@code sql} with each placeholder outside string literals, quoted identifiers and {@code ::}
   * casts replaced by its value's literal.
   *
   * @throws IllegalStateException when a placeholder has no value
   */
  static String inline(String sql, Map<String, Object> binds) {
    StringBuilder out = new StringBuilder(sql.length() + 16 * binds.size());
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        boolean escapes = c == '\'' && i > 0 && (sql.charAt(i - 1) | 0x20) == 'e';
        int end = closing(sql, i, c, escapes);
        out.append(sql, i, end);
        i = end;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        out.append("::");
        i += 2;
      } else if (c == ':' && i + 1 < n && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
        int end = i + 1;
        while (end < n && Character.isJavaIdentifierPart(sql.charAt(end))) {
          end++;
        }
        String name = sql.substring(i + 1, end);
        if (!binds.containsKey(name)) {
          throw new IllegalStateException("no value for the placeholder :" + name);
        }
        out.append(literal(binds.get(name)));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
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
    throw new IllegalStateException("an unterminated " + quote + " in the export's SQL");
  }

  /** The SQL literal of a bound value. */
  static String literal(Object value) {
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
