package org.leadport.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;

/**
 * A JSON object read by a parser that names the JSON path of every problem it finds: unknown keys,
 * wrong types, values out of range. Every failure is a 400 {@link LeadportException}.
 */
public final class JsonInput {
  private final ObjectNode node;
  private final String path;

  private JsonInput(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Wraps {@code node}, which must be a JSON object; {@code path} names it in errors. */
  public static JsonInput of(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw LeadportException.invalid(path, label(path) + " must be a JSON object.");
    }
    return new JsonInput((ObjectNode) node, path);
  }

  public String path() {
    return path;
  }

  public ObjectNode node() {
    return node;
  }

  /** The path of a member, for messages. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Rejects any key outside {@code allowed}, naming the first unknown one and the valid ones. */
  public JsonInput allowOnly(Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw LeadportException.invalid(
            pathOf(name),
            "Unknown field " + pathOf(name) + "; valid fields are " + new TreeSet<>(allowed) + ".");
      }
    }
    return this;
  }

  public boolean has(String key) {
    return node.has(key);
  }

  /** True when the key is present with a JSON null. */
  public boolean isNull(String key) {
    return node.has(key) && node.get(key).isNull();
  }

  /** A string member, null when absent or null; longer than {@code maxLength} is an error. */
  public @Nullable String string(String key, int maxLength) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " must be a string.");
    }
    String s = v.textValue();
    if (s.length() > maxLength) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " must be at most " + maxLength + " characters long.");
    }
    return s;
  }

  /** A string member that must be present and not blank. */
  public String requiredString(String key, int maxLength) {
    String s = string(key, maxLength);
    if (s == null || s.isBlank()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " is required.");
    }
    return s;
  }

  /** A string member that must be one of {@code choices}, or null when absent. */
  public @Nullable String oneOf(String key, Set<String> choices) {
    String s = string(key, 200);
    if (s != null && !choices.contains(s)) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " must be one of " + new TreeSet<>(choices) + ".");
    }
    return s;
  }

  /** A whole-number member within [min, max], or null when absent. */
  public @Nullable Long integer(String key, long min, long max) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " must be a whole number.");
    }
    long n = v.longValue();
    if (n < min || n > max) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " must be between " + min + " and " + max + ".");
    }
    return n;
  }

  public @Nullable Boolean bool(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " must be true or false.");
    }
    return v.booleanValue();
  }

  /** An ISO 8601 date ({@code 2026-02-18}) in {@link DateRange}, or null when absent. */
  public @Nullable LocalDate date(String key) {
    String s = string(key, 40);
    if (s == null) {
      return null;
    }
    LocalDate day;
    try {
      day = LocalDate.parse(s);
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " must be a date such as 2026-02-18.");
    }
    return DateRange.check(day, pathOf(key));
  }

  /** An ISO 8601 date-time with an offset, in {@link DateRange}, or null when absent. */
  public @Nullable OffsetDateTime dateTime(String key) {
    String s = string(key, 60);
    if (s == null) {
      return null;
    }
    OffsetDateTime t;
    try {
      t = OffsetDateTime.parse(s);
    } catch (DateTimeParseException e) {
      throw LeadportException.invalid(
          pathOf(key),
          pathOf(key) + " must be a date-time with an offset such as 2026-02-18T09:30:00Z.");
    }
    DateRange.check(t.toInstant(), pathOf(key));
    return t;
  }

  /** An object member, or null when absent or null. */
  public @Nullable JsonInput object(String key) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    return of(v, pathOf(key));
  }

  /** The objects of an array member (empty when absent or null), at most {@code max} of them. */
  public List<JsonInput> objects(String key, int max) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " must be an array.");
    }
    if (v.size() > max) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " may hold at most " + max + " items.");
    }
    List<JsonInput> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      out.add(of(v.get(i), pathOf(key) + "[" + i + "]"));
    }
    return out;
  }

  /** The strings of an array member (empty when absent), at most {@code max} of them. */
  public List<String> strings(String key, int max, int maxLength) {
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw LeadportException.invalid(pathOf(key), pathOf(key) + " must be an array of strings.");
    }
    if (v.size() > max) {
      throw LeadportException.invalid(
          pathOf(key), pathOf(key) + " may hold at most " + max + " items.");
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemPath = pathOf(key) + "[" + i + "]";
      if (!item.isTextual()) {
        throw LeadportException.invalid(itemPath, itemPath + " must be a string.");
      }
      if (item.textValue().length() > maxLength) {
        throw LeadportException.invalid(
            itemPath, itemPath + " must be at most " + maxLength + " characters long.");
      }
      out.add(item.textValue());
    }
    return out;
  }

  private static String label(String path) {
    return path.isEmpty() ? "The request body" : path;
  }
}
