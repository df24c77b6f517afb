package org.leadport.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * The query model as stored JSON, so a queued export runs exactly the query its request was parsed
 * into: resolved fields, saved searches already expanded, relative moments already fixed. Values
 * keep their Java types through a tag. Only Leadport writes what this reads (the job table), so a
 * malformed tree is a bug and fails loudly. Stateless.
 */
public final class QueryJson {
  private QueryJson() {}

  public static ObjectNode write(Query query) {
    ObjectNode o = Json.object();
    switch (query) {
      case Query.All a -> o.put("type", "all");
      case Query.And a -> {
        o.put("type", "and");
        ArrayNode children = o.putArray("queries");
        a.queries().forEach(q -> children.add(write(q)));
      }
      case Query.Or a -> {
        o.put("type", "or");
        ArrayNode children = o.putArray("queries");
        a.queries().forEach(q -> children.add(write(q)));
      }
      case Query.Not n -> o.put("type", "not").set("query", write(n.query()));
      case Query.Match m -> {
        o.put("type", "match");
        o.set("field", writeField(m.field()));
        o.set("condition", condition(m.condition()));
      }
      case Query.Related r -> {
        o.put("type", "related").put("kind", r.kind().name());
        o.set("query", write(r.query()));
      }
      case Query.InList l -> o.put("type", "in_list").put("list_id", l.listId());
      case Query.FreeText t -> o.put("type", "free_text").put("text", t.text());
    }
    return o;
  }

  public static Query read(JsonNode o) {
    String type = required(o, "type").asText();
    return switch (type) {
      case "all" -> new Query.All();
      case "and" -> new Query.And(children(o));
      case "or" -> new Query.Or(children(o));
      case "not" -> new Query.Not(read(required(o, "query")));
      case "match" ->
          new Query.Match(readField(required(o, "field")), readCondition(required(o, "condition")));
      case "related" ->
          new Query.Related(
              ObjectKind.valueOf(required(o, "kind").asText()), read(required(o, "query")));
      case "in_list" -> new Query.InList(required(o, "list_id").asText());
      case "free_text" -> new Query.FreeText(required(o, "text").asText());
      default -> throw malformed("unknown query node type " + type);
    };
  }

  private static List<Query> children(JsonNode o) {
    List<Query> out = new ArrayList<>();
    for (JsonNode child : required(o, "queries")) {
      out.add(read(child));
    }
    return out;
  }

  /** A resolved field as stored (sorts are stored as fields too). */
  public static ObjectNode writeField(FieldRef f) {
    ObjectNode o = Json.object();
    o.put("object", f.object().name());
    o.put("name", f.name());
    o.put("type", f.type().name());
    o.put("column", f.column());
    o.put("array_key", f.arrayKey());
    o.put("custom_field_id", f.customFieldId());
    return o;
  }

  public static FieldRef readField(JsonNode o) {
    return new FieldRef(
        ObjectKind.valueOf(required(o, "object").asText()),
        required(o, "name").asText(),
        ValueType.valueOf(required(o, "type").asText()),
        text(o, "column"),
        text(o, "array_key"),
        text(o, "custom_field_id"));
  }

  /**
   * A condition as its record's components under their snake_case names, tagged with its record's
   * name ({@code NumberRange} is {@code number_range}): every operator is stored without a line
   * here, as long as its components are texts, enums, numbers, instants or lists of term values.
   * Absent bounds are stored as nulls.
   */
  private static ObjectNode condition(Condition c) {
    ObjectNode o = Json.object();
    o.put("type", snake(c.getClass().getSimpleName()));
    for (RecordComponent rc : c.getClass().getRecordComponents()) {
      String key = snake(rc.getName());
      switch (component(c, rc)) {
        case null -> o.putNull(key);
        case String s -> o.put(key, s);
        case Enum<?> e -> o.put(key, e.name());
        case BigDecimal d -> o.put(key, d.toString());
        case Instant t -> o.put(key, t.toString());
        case List<?> l -> {
          ArrayNode values = o.putArray(key);
          l.forEach(v -> values.add(value(v)));
        }
        case Object v -> throw malformed("cannot store a " + v.getClass().getName() + " of " + c);
      }
    }
    return o;
  }

  private static Condition readCondition(JsonNode o) {
    String type = required(o, "type").asText();
    for (Class<?> kind : Condition.class.getPermittedSubclasses()) {
      if (snake(kind.getSimpleName()).equals(type)) {
        RecordComponent[] components = kind.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        @Nullable Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
          types[i] = components[i].getType();
          args[i] = readComponent(o, components[i]);
        }
        try {
          return (Condition) kind.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("stored query is malformed: " + o, e);
        }
      }
    }
    throw malformed("unknown condition type " + type);
  }

  private static @Nullable Object component(Condition c, RecordComponent rc) {
    try {
      return rc.getAccessor().invoke(c);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + rc.getName() + " of " + c, e);
    }
  }

  /** A component as stored; only one declared {@code @Nullable} may be absent. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // Enum.valueOf of the component's own enum type
  private static @Nullable Object readComponent(JsonNode o, RecordComponent rc) {
    String key = snake(rc.getName());
    Class<?> type = rc.getType();
    String text = text(o, key);
    if (text == null && !type.equals(List.class)) {
      if (rc.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
        return null;
      }
      throw malformed("missing " + key + " in " + o);
    }
    if (type.equals(List.class)) {
      List<@Nullable Object> values = new ArrayList<>();
      for (JsonNode v : required(o, key)) {
        values.add(readValue(v));
      }
      return values;
    }
    if (type.isEnum()) {
      return Enum.valueOf((Class) type, text);
    }
    if (type.equals(BigDecimal.class)) {
      return new BigDecimal(text);
    }
    if (type.equals(Instant.class)) {
      return Instant.parse(text);
    }
    if (type.equals(String.class)) {
      return text;
    }
    throw malformed("cannot read a " + type.getName() + " as " + key);
  }

  /** {@code onOrAfter} as {@code on_or_after}, {@code NumberRange} as {@code number_range}. */
  private static String snake(String camel) {
    return camel.replaceAll("(?<=.)(\\p{Upper})", "_$1").toLowerCase(java.util.Locale.ROOT);
  }

  /** A term value with its Java type, so a number stays a number and a day a day. */
  private static ObjectNode value(Object v) {
    ObjectNode o = Json.object();
    switch (v) {
      case null -> o.putNull("null");
      case String s -> o.put("text", s);
      case BigDecimal d -> o.put("number", d.toString());
      case Boolean b -> o.put("boolean", b);
      case LocalDate d -> o.put("date", d.toString());
      case Instant t -> o.put("instant", t.toString());
      default -> throw malformed("cannot store a term value of " + v.getClass().getName());
    }
    return o;
  }

  private static @Nullable Object readValue(JsonNode o) {
    if (o.has("text")) {
      return o.get("text").asText();
    }
    if (o.has("number")) {
      return new BigDecimal(o.get("number").asText());
    }
    if (o.has("boolean")) {
      return o.get("boolean").booleanValue();
    }
    if (o.has("date")) {
      return LocalDate.parse(o.get("date").asText());
    }
    if (o.has("instant")) {
      return Instant.parse(o.get("instant").asText());
    }
    if (o.has("null")) {
      return null;
    }
    throw malformed("untagged term value " + o);
  }

  private static @Nullable String text(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static JsonNode required(JsonNode o, String key) {
    JsonNode v = o == null ? null : o.get(key);
    if (v == null || v.isNull()) {
      throw malformed("missing " + key + " in " + o);
    }
    return v;
  }

  private static IllegalStateException malformed(String what) {
    return new IllegalStateException("stored query is malformed: " + what);
  }
}
