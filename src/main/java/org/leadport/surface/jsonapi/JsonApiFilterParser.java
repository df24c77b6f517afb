package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.json.Json;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * Parses a JSON:API export's {@code params.filter} into the query model: an object (or a JSON
 * string holding one) of field → value (equal) or field → array (any of), plus {@code ids}. Keys
 * name lead fields, JSON:API-style aliases ({@code status}) or custom fields by name. Errors carry
 * the JSON pointer of the culprit in their param, as JSON:API's {@code source.pointer} wants.
 */
public final class JsonApiFilterParser {
  /** JSON:API names that differ from Leadport's. */
  private static final Map<String, String> ALIASES =
      Map.of("status", "status_label", "status_stage_id", "status_id", "ids", "id");

  private final Fields fields;

  public JsonApiFilterParser(Fields fields) {
    this.fields = fields;
  }

  /**
   * The query for {@code filter}; {@code pointer} is the JSON pointer of the filter in the request,
   * such as {@code /data/attributes/params/filter}.
   */
  public Query parse(JsonNode filter, String pointer) {
    if (filter == null || filter.isNull()) {
      return new Query.All();
    }
    if (filter.isTextual()) {
      try {
        filter = Json.parse(filter.textValue());
      } catch (JsonProcessingException e) {
        throw LeadportException.invalid(pointer, "filter is a string but not valid JSON.");
      }
    }
    if (!filter.isObject()) {
      throw LeadportException.invalid(
          pointer, "filter must be an object of field names to values (or a JSON string of one).");
    }
    List<Query> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = filter.properties().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      String key = e.getKey();
      String at = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
      FieldRef field = field(key, at);
      parts.add(new Query.Match(field, new Condition.Term(values(e.getValue(), field, at))));
    }
    return parts.isEmpty() ? new Query.All() : Query.and(parts);
  }

  private FieldRef field(String key, String at) {
    String name = ALIASES.getOrDefault(key, key);
    return fields
        .regular(ObjectKind.LEAD, name)
        .or(() -> fields.custom(key))
        .orElseThrow(() -> {
          TreeSet<String> valid = new TreeSet<>(fields.regularNames(ObjectKind.LEAD));
          valid.addAll(ALIASES.keySet());
          return LeadportException.invalid(
              at,
              "Unknown filter "
                  + key
                  + "; valid filters are "
                  + valid
                  + " or a custom field name.");
        });
  }

  private static List<Object> values(JsonNode v, FieldRef field, String at) {
    List<Object> out = new ArrayList<>();
    if (v.isArray()) {
      if (v.isEmpty() || v.size() > 1_000) {
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

  private static Object value(JsonNode v, FieldRef field, String at) {
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
            ? DateRange.check(java.time.LocalDate.parse(v.textValue()), at)
            : DateRange.check(java.time.OffsetDateTime.parse(v.textValue()).toInstant(), at);
      } catch (java.time.format.DateTimeParseException e) {
        throw LeadportException.invalid(
            at,
            "Not a valid "
                + field.type().name().toLowerCase(java.util.Locale.ROOT)
                + ": "
                + v.textValue());
      }
    }
    throw LeadportException.invalid(
        at,
        "The value of "
            + field.name()
            + " must be a "
            + field.type().name().toLowerCase(java.util.Locale.ROOT)
            + " (or an array of them).");
  }
}
