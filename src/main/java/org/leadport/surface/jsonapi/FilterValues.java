package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * The values of a JSON:API filter's keys: MPDX's list values (an array of strings or one string of
 * comma-separated values) and a field's typed values (one, or an array meaning any of them), and
 * the equality query they ask for. Errors carry the JSON pointer of the culprit value. Stateless.
 */
final class FilterValues {
  /** The most values one filter key may list. */
  private static final int MAX_VALUES = 1_000;

  private FilterValues() {}

  /** MPDX's list values: an array of strings, or one string of comma-separated values. */
  static List<String> list(JsonNode v, String at) {
    List<String> out = new ArrayList<>();
    if (v.isTextual()) {
      for (String part : v.textValue().split(",", -1)) {
        out.add(part.trim());
      }
    } else if (v.isArray() && !v.isEmpty()) {
      for (int i = 0; i < v.size(); i++) {
        if (!v.get(i).isTextual()) {
          throw LeadportException.invalid(at + "/" + i, "Each value must be a string.");
        }
        out.add(v.get(i).textValue());
      }
    } else {
      throw LeadportException.invalid(
          at, "The value must be a string (comma-separated values) or a non-empty array of them.");
    }
    if (out.size() > MAX_VALUES) {
      throw LeadportException.invalid(at, "A filter may list at most 1000 values.");
    }
    return out;
  }

  /** {@code field}'s values: one value of its type, or a non-empty array of them (any of). */
  static List<Object> typed(JsonNode v, FieldRef field, String at) {
    List<Object> out = new ArrayList<>();
    if (v.isArray()) {
      if (v.isEmpty() || v.size() > MAX_VALUES) {
        throw LeadportException.invalid(at, "A filter array must hold 1 to 1000 values.");
      }
      for (int i = 0; i < v.size(); i++) {
        out.add(value(v.get(i), field, at + "/" + i));
      }
    } else {
      out.add(value(v, field, at));
    }
    return out;
  }

  /** Leads whose {@code field} equals any of {@code values}. */
  static Query match(FieldRef field, List<Object> values) {
    return new Query.Match(field, new Condition.Term(values));
  }

  private static Object value(JsonNode v, FieldRef field, String at) {
    String type = field.type().name().toLowerCase(Locale.ROOT);
    if (field.type() == ValueType.TEXT && v.isTextual()) {
      return v.textValue();
    }
    if (field.type() == ValueType.NUMBER && v.isNumber()) {
      return v.decimalValue();
    }
    if (field.type() == ValueType.BOOLEAN && v.isBoolean()) {
      return v.booleanValue();
    }
    if ((field.type() == ValueType.DATE || field.type() == ValueType.DATETIME) && v.isTextual()) {
      try {
        return field.type() == ValueType.DATE
            ? DateRange.check(LocalDate.parse(v.textValue()), at)
            : DateRange.check(OffsetDateTime.parse(v.textValue()).toInstant(), at);
      } catch (DateTimeParseException e) {
        throw LeadportException.invalid(at, "Not a valid " + type + ": " + v.textValue());
      }
    }
    throw LeadportException.invalid(
        at, "The value of " + field.name() + " must be a " + type + " (or an array of them).");
  }
}
