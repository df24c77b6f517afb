package org.leadport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a JSON value against an OpenAPI 3.0 schema (fully resolved: no {@code $ref} left): {@code
 * type}, {@code nullable}, {@code enum}, {@code required}, {@code properties}, {@code
 * additionalProperties}, {@code items}, {@code allOf}/{@code anyOf}/{@code oneOf}, {@code pattern},
 * {@code minimum}/{@code maximum}, {@code minItems}/{@code maxItems} and the formats {@code
 * date-time}, {@code date} and {@code uuid}. Every problem is one message naming its JSON path.
 * Stateless.
 */
public final class SchemaCheck {
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private SchemaCheck() {}

  /** The problems of {@code value} against {@code schema}; empty when it conforms. */
  public static List<String> check(JsonNode value, Schema<?> schema) {
    List<String> out = new ArrayList<>();
    check(value, schema, "$", out);
    return out;
  }

  private static void check(JsonNode v, Schema<?> s, String at, List<String> out) {
    if (s == null) {
      return;
    }
    if (v.isNull()) {
      if (!Boolean.TRUE.equals(s.getNullable()) && s.getType() != null) {
        out.add(at + ": null where " + s.getType() + " is required (not nullable)");
      }
      return;
    }
    combinators(v, s, at, out);
    String type = s.getType();
    if (type != null && !hasType(v, type)) {
      out.add(at + ": " + kind(v) + " where " + type + " is required");
      return;
    }
    if (s.getEnum() != null && !s.getEnum().isEmpty() && !inEnum(v, s.getEnum())) {
      out.add(at + ": " + v + " is not one of " + s.getEnum());
    }
    if (v.isTextual()) {
      text(v.textValue(), s, at, out);
    }
    if (v.isNumber()) {
      number(v.decimalValue(), s, at, out);
    }
    if (v.isObject()) {
      object(v, s, at, out);
    }
    if (v.isArray()) {
      array(v, s, at, out);
    }
  }

  private static void combinators(JsonNode v, Schema<?> s, String at, List<String> out) {
    if (s.getAllOf() != null) {
      for (Schema<?> part : s.getAllOf()) {
        check(v, part, at, out);
      }
    }
    if (s.getAnyOf() != null && !s.getAnyOf().isEmpty()) {
      List<List<String>> failures = new ArrayList<>();
      for (Schema<?> part : s.getAnyOf()) {
        List<String> f = check(v, part);
        if (f.isEmpty()) {
          failures = null;
          break;
        }
        failures.add(f);
      }
      if (failures != null) {
        out.add(at + ": matches none of anyOf: " + prefixed(failures, at));
      }
    }
    if (s.getOneOf() != null && !s.getOneOf().isEmpty()) {
      int matches = 0;
      List<List<String>> failures = new ArrayList<>();
      for (Schema<?> part : s.getOneOf()) {
        List<String> f = check(v, part);
        if (f.isEmpty()) {
          matches++;
        } else {
          failures.add(f);
        }
      }
      if (matches == 0) {
        out.add(at + ": matches none of oneOf: " + prefixed(failures, at));
      } else if (matches > 1) {
        out.add(at + ": matches " + matches + " schemas of oneOf, not exactly one");
      }
    }
  }

  private static String prefixed(List<List<String>> failures, String at) {
    List<String> parts = new ArrayList<>();
    for (List<String> f : failures) {
      parts.add(f.stream().map(m -> at + m.substring(1)).toList().toString());
    }
    return String.join(" / ", parts);
  }

  private static void text(String t, Schema<?> s, String at, List<String> out) {
    if (s.getPattern() != null && !Pattern.compile(s.getPattern()).matcher(t).find()) {
      out.add(at + ": \"" + t + "\" does not match " + s.getPattern());
    }
    if (s.getMinLength() != null && t.length() < s.getMinLength()) {
      out.add(at + ": shorter than " + s.getMinLength());
    }
    if (s.getMaxLength() != null && t.length() > s.getMaxLength()) {
      out.add(at + ": longer than " + s.getMaxLength());
    }
    String format = s.getFormat();
    if (format == null) {
      return;
    }
    try {
      switch (format) {
        case "date-time" -> OffsetDateTime.parse(t);
        case "date" -> LocalDate.parse(t);
        case "uuid" -> {
          if (!UUID.matcher(t).matches()) {
            out.add(at + ": \"" + t + "\" is not a uuid");
          }
        }
        default -> {}
      }
    } catch (DateTimeParseException e) {
      out.add(at + ": \"" + t + "\" is not a " + format);
    }
  }

  private static void number(BigDecimal n, Schema<?> s, String at, List<String> out) {
    if (s.getMinimum() != null && n.compareTo(s.getMinimum()) < 0) {
      out.add(at + ": " + n + " is less than " + s.getMinimum());
    }
    if (s.getMaximum() != null && n.compareTo(s.getMaximum()) > 0) {
      out.add(at + ": " + n + " is more than " + s.getMaximum());
    }
  }

  private static void object(JsonNode v, Schema<?> s, String at, List<String> out) {
    if (s.getRequired() != null) {
      for (String name : s.getRequired()) {
        if (!v.has(name)) {
          out.add(at + ": required member " + name + " is missing");
        }
      }
    }
    for (Map.Entry<String, JsonNode> m : v.properties()) {
      String path = at + "." + m.getKey();
      Schema<?> p = s.getProperties() == null ? null : s.getProperties().get(m.getKey());
      if (p != null) {
        check(m.getValue(), p, path, out);
        continue;
      }
      Object extra = s.getAdditionalProperties();
      if (Boolean.FALSE.equals(extra)) {
        out.add(at + ": member " + m.getKey() + " is not documented");
      } else if (extra instanceof Schema<?> schema) {
        check(m.getValue(), schema, path, out);
      }
    }
  }

  private static void array(JsonNode v, Schema<?> s, String at, List<String> out) {
    if (s.getMinItems() != null && v.size() < s.getMinItems()) {
      out.add(at + ": fewer than " + s.getMinItems() + " items");
    }
    if (s.getMaxItems() != null && v.size() > s.getMaxItems()) {
      out.add(at + ": more than " + s.getMaxItems() + " items");
    }
    Schema<?> items = s.getItems();
    if (items != null) {
      for (int i = 0; i < v.size(); i++) {
        check(v.get(i), items, at + "[" + i + "]", out);
      }
    }
  }

  private static boolean hasType(JsonNode v, String type) {
    return switch (type) {
      case "string" -> v.isTextual();
      case "integer" -> v.isIntegralNumber();
      case "number" -> v.isNumber();
      case "boolean" -> v.isBoolean();
      case "object" -> v.isObject();
      case "array" -> v.isArray();
      default -> throw new IllegalArgumentException("unknown schema type " + type);
    };
  }

  private static boolean inEnum(JsonNode v, List<?> values) {
    for (Object e : values) {
      if (e == null) {
        continue;
      }
      if (v.isNumber() && e instanceof Number n) {
        if (v.decimalValue().compareTo(new BigDecimal(n.toString())) == 0) {
          return true;
        }
      } else if (v.isBoolean() && e instanceof Boolean b) {
        if (v.booleanValue() == b) {
          return true;
        }
      } else if (v.isTextual() && e.toString().equals(v.textValue())) {
        return true;
      }
    }
    return false;
  }

  private static String kind(JsonNode v) {
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isIntegralNumber()) {
      return "an integer";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return "an array";
    }
    return v.isObject() ? "an object" : v.getNodeType().toString();
  }
}
