package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.ValueType;

/** Typed values inside Close query conditions: term lists, numbers and moment offsets. */
final class CloseValues {
  /** Offset units, applied largest first (a Set.of would apply them in a random order). */
  private static final List<String> OFFSET_UNITS =
      List.of("years", "months", "weeks", "days", "hours", "minutes", "seconds");

  /** Moments a query may name: the years 1 to 9999, well inside what PostgreSQL stores. */
  private static final LocalDate FIRST_DAY = LocalDate.of(1, 1, 1);

  private static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);

  private CloseValues() {}

  /** The values of a term condition, each checked against the field's type. */
  static List<Object> list(JsonInput in, String key, ValueType type) {
    JsonNode array = in.node().get(key);
    String path = in.pathOf(key);
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw LeadportException.invalid(path, path + " must be a non-empty array.");
    }
    if (array.size() > 1_000) {
      throw LeadportException.invalid(path, path + " may hold at most 1000 values.");
    }
    List<Object> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(value(array.get(i), path + "[" + i + "]", type));
    }
    return out;
  }

  /** One value of a field of {@code type}, from JSON. */
  static Object value(JsonNode v, String path, ValueType type) {
    switch (type) {
      case TEXT -> {
        if (v.isTextual() && v.textValue().length() <= 1_000) {
          return v.textValue();
        }
        throw LeadportException.invalid(path, path + " must be a string (a text field).");
      }
      case NUMBER -> {
        if (v.isNumber() && !(v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()))) {
          return v.decimalValue();
        }
        throw LeadportException.invalid(path, path + " must be a number (a number field).");
      }
      case BOOLEAN -> {
        if (v.isBoolean()) {
          return v.booleanValue();
        }
        throw LeadportException.invalid(path, path + " must be true or false (a boolean field).");
      }
      case DATE -> {
        try {
          return day(LocalDate.parse(v.asText()), path);
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(path, path + " must be a date such as 2026-02-18.");
        }
      }
      case DATETIME -> {
        try {
          return instant(OffsetDateTime.parse(v.asText()).toInstant(), path);
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(
              path, path + " must be a date-time with an offset such as 2026-02-18T09:30:00Z.");
        }
      }
    }
    throw new IllegalStateException("unhandled type " + type);
  }

  static @Nullable BigDecimal number(JsonInput in, String key) {
    JsonNode v = in.node().get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    return (BigDecimal) value(v, in.pathOf(key), ValueType.NUMBER);
  }

  /** {@code day}, unless it falls outside the years 1 to 9999: a 400 naming {@code path}. */
  static LocalDate day(LocalDate day, String path) {
    if (day.isBefore(FIRST_DAY) || day.isAfter(LAST_DAY)) {
      throw LeadportException.invalid(path, path + " must fall in the years 1 to 9999.");
    }
    return day;
  }

  /** {@code t}, unless it falls outside the years 1 to 9999 (UTC): a 400 naming {@code path}. */
  static Instant instant(Instant t, String path) {
    if (t.isBefore(FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant())
        || !t.isBefore(LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())) {
      throw LeadportException.invalid(path, path + " must fall in the years 1 to 9999.");
    }
    return t;
  }

  /**
   * {@code base} moved by an offset such as {@code {"days":7,"hours":2}} into the past or future.
   */
  static Instant offset(Instant base, JsonInput offset, boolean past) {
    offset.allowOnly(Set.copyOf(OFFSET_UNITS));
    long sign = past ? -1 : 1;
    var t = base.atOffset(ZoneOffset.UTC);
    boolean any = false;
    for (String unit : OFFSET_UNITS) {
      Long n = offset.integer(unit, 0, 100_000);
      if (n == null) {
        continue;
      }
      any = true;
      long s = sign * n;
      t =
          switch (unit) {
            case "years" -> t.plus(Period.ofYears((int) s));
            case "months" -> t.plus(Period.ofMonths((int) s));
            case "weeks" -> t.plusWeeks(s);
            case "days" -> t.plusDays(s);
            case "hours" -> t.plusHours(s);
            case "minutes" -> t.plusMinutes(s);
            default -> t.plusSeconds(s);
          };
    }
    if (!any) {
      throw LeadportException.invalid(
          offset.path(),
          offset.path() + " needs at least one of " + new java.util.TreeSet<>(OFFSET_UNITS) + ".");
    }
    return t.toInstant();
  }
}
