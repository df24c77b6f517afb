package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.ValueType;

/**
 * Parses Close's advanced-filtering queries ({@code s_query}, the data search {@code query}) into
 * the query model, naming the JSON path of the first problem. Saved searches are expanded, with
 * cycles rejected. Not thread-safe: one per request.
 */
public final class CloseQueryParser {
  /** Deepest nesting accepted. */
  public static final int MAX_DEPTH = 32;

  /**
   * Most regular expressions one query may compile to (a word of a full_words condition is one):
   * PostgreSQL keeps 32 compiled per connection and recompiles beyond that for every row.
   */
  public static final int MAX_TEXT_PATTERNS = 30;

  /** Most nodes one query may hold, saved searches expanded included. */
  public static final int MAX_NODES = 1_000;

  private static final Map<String, ObjectKind> RELATED =
      Map.of(
          "contact", ObjectKind.CONTACT,
          "opportunity", ObjectKind.OPPORTUNITY,
          "address", ObjectKind.ADDRESS,
          "activity", ObjectKind.ACTIVITY);
  private static final Map<String, ObjectKind> OBJECT_TYPES =
      Map.of(
          "lead", ObjectKind.LEAD,
          "contact", ObjectKind.CONTACT,
          "opportunity", ObjectKind.OPPORTUNITY,
          "address", ObjectKind.ADDRESS,
          "activity", ObjectKind.ACTIVITY);

  /** The object types a data search returns. */
  private static final Map<String, ObjectKind> SEARCHED =
      Map.of(
          "lead", ObjectKind.LEAD,
          "contact", ObjectKind.CONTACT,
          "opportunity", ObjectKind.OPPORTUNITY);

  private final Fields fields;
  private final Clock clock;
  private final Function<String, Optional<JsonNode>> savedSearches;
  private final Deque<String> expanding = new ArrayDeque<>();
  private int nodes;
  private int regexes;

  /**
   * @param savedSearches the stored query of a saved search of the workspace, by id
   */
  public CloseQueryParser(
      Fields fields, Clock clock, Function<String, Optional<JsonNode>> savedSearches) {
    this.fields = fields;
    this.clock = clock;
    this.savedSearches = savedSearches;
  }

  /** A query over leads; {@code path} names the node in errors (such as {@code s_query}). */
  public Query parse(JsonNode node, String path) {
    return node(node, path, ObjectKind.LEAD, 1);
  }

  /** A query over {@code kind} objects (leads, contacts or opportunities searched as such). */
  public Query parse(JsonNode node, String path, ObjectKind kind) {
    return node(node, path, kind, 1);
  }

  /**
   * The kind of object a data search returns, as Close decides it: the {@code object_type} query at
   * the top, or inside the top {@code and}; leads when there is none. Only leads, contacts and
   * opportunities are searched here.
   */
  public static ObjectKind searched(@Nullable JsonNode query, String path) {
    if (query == null || !query.isObject()) {
      return ObjectKind.LEAD;
    }
    Map<String, JsonNode> candidates = new java.util.LinkedHashMap<>();
    candidates.put(path, query);
    if ("and".equals(query.path("type").asText()) && query.path("queries").isArray()) {
      for (int i = 0; i < query.path("queries").size(); i++) {
        candidates.put(path + ".queries[" + i + "]", query.path("queries").get(i));
      }
    }
    for (var candidate : candidates.entrySet()) {
      JsonNode n = candidate.getValue();
      if ("object_type".equals(n.path("type").asText()) && !n.path("negate").asBoolean(false)) {
        String word = n.path("object_type").asText();
        ObjectKind kind = SEARCHED.get(word);
        if (kind != null) {
          return kind;
        }
        if (OBJECT_TYPES.containsKey(word)) {
          throw LeadportException.invalid(
              candidate.getKey() + ".object_type",
              "Searching "
                  + word
                  + " objects is not supported; search one of "
                  + new java.util.TreeSet<>(SEARCHED.keySet())
                  + ".");
        }
      }
    }
    return ObjectKind.LEAD;
  }

  private Query node(JsonNode raw, String path, ObjectKind kind, int depth) {
    if (depth > MAX_DEPTH) {
      throw LeadportException.invalid(path, path + " nests deeper than " + MAX_DEPTH + " levels.");
    }
    if (++nodes > MAX_NODES) {
      throw LeadportException.invalid(path, "The query has more than " + MAX_NODES + " nodes.");
    }
    JsonInput in = JsonInput.of(raw, path);
    String type =
        in.oneOf(
            "type",
            Set.of("and", "or", "object_type", "field_condition", "has_related", "saved_search"));
    if (type == null) {
      throw LeadportException.invalid(in.pathOf("type"), in.pathOf("type") + " is required.");
    }
    Query q =
        switch (type) {
          case "and", "or" -> {
            in.allowOnly(Set.of("type", "queries", "negate"));
            List<Query> children = new ArrayList<>();
            List<JsonInput> items = in.objects("queries", MAX_NODES);
            for (JsonInput item : items) {
              children.add(node(item.node(), item.path(), kind, depth + 1));
            }
            yield type.equals("and") ? new Query.And(children) : new Query.Or(children);
          }
          case "object_type" -> {
            in.allowOnly(Set.of("type", "object_type", "negate"));
            ObjectKind named = oneOf(in, "object_type", OBJECT_TYPES);
            if (named != kind) {
              throw LeadportException.invalid(
                  in.pathOf("object_type"),
                  in.pathOf("object_type")
                      + " must be "
                      + name(kind)
                      + " here: this query selects "
                      + name(kind)
                      + "s.");
            }
            yield new Query.All();
          }
          case "field_condition" -> {
            in.allowOnly(Set.of("type", "field", "condition", "negate"));
            FieldRef field = field(required(in, "field"), kind);
            yield new Query.Match(field, condition(required(in, "condition"), field));
          }
          case "has_related" -> {
            in.allowOnly(
                Set.of(
                    "type", "this_object_type", "related_object_type", "related_query", "negate"));
            ObjectKind self = oneOf(in, "this_object_type", Map.of("lead", ObjectKind.LEAD));
            if (self != kind) {
              throw LeadportException.invalid(
                  in.pathOf("this_object_type"), "has_related is only supported from leads.");
            }
            ObjectKind related = oneOf(in, "related_object_type", RELATED);
            JsonInput sub = required(in, "related_query");
            yield new Query.Related(related, node(sub.node(), sub.path(), related, depth + 1));
          }
          case "saved_search" -> {
            in.allowOnly(Set.of("type", "saved_search_id", "negate"));
            yield savedSearch(in, kind, depth);
          }
          default -> throw new IllegalStateException("unhandled node type " + type);
        };
    Boolean negate = in.bool("negate");
    return Boolean.TRUE.equals(negate) ? new Query.Not(q) : q;
  }

  private Query savedSearch(JsonInput in, ObjectKind kind, int depth) {
    String id = in.requiredString("saved_search_id", 100);
    String path = in.pathOf("saved_search_id");
    if (kind != ObjectKind.LEAD) {
      throw LeadportException.invalid(path, "saved_search is only supported on leads.");
    }
    if (expanding.contains(id)) {
      throw LeadportException.invalid(
          path,
          "Saved search "
              + id
              + " refers to itself through "
              + String.join(" -> ", expanding)
              + ".");
    }
    JsonNode stored =
        savedSearches
            .apply(id)
            .orElseThrow(() ->
                LeadportException.invalid(path, "No saved search " + id + " in this workspace."));
    expanding.push(id);
    try {
      return node(stored, path + "<" + id + ">", kind, depth + 1);
    } finally {
      expanding.pop();
    }
  }

  /**
   * The {@code sort} of a request: at most 10 {@code {"direction":"asc"|"desc","field":F}} terms
   * over lead fields.
   */
  public List<SortTerm> sort(JsonInput in) {
    return sort(in, ObjectKind.LEAD);
  }

  /** The {@code sort} of a search of {@code kind} objects, over their fields. */
  public List<SortTerm> sort(JsonInput in, ObjectKind kind) {
    List<SortTerm> out = new ArrayList<>();
    for (JsonInput s : in.objects("sort", 10)) {
      s.allowOnly(Set.of("direction", "field"));
      String direction = s.oneOf("direction", Set.of("asc", "desc"));
      JsonInput field = s.object("field");
      if (field == null) {
        throw LeadportException.invalid(s.pathOf("field"), s.pathOf("field") + " is required.");
      }
      out.add(
          new SortTerm(
              field(JsonInput.of(field.node(), field.path()), kind), "desc".equals(direction)));
    }
    return out;
  }

  /** A lead field named the way Close names it in sorts: {@code {"type":"regular_field",…}}. */
  public FieldRef leadField(JsonNode node, String path) {
    return field(JsonInput.of(node, path), ObjectKind.LEAD);
  }

  private FieldRef field(JsonInput in, ObjectKind kind) {
    String type = in.oneOf("type", Set.of("regular_field", "custom_field"));
    if ("custom_field".equals(type)) {
      in.allowOnly(Set.of("type", "custom_field_id"));
      String id = in.requiredString("custom_field_id", 200);
      if (kind != ObjectKind.LEAD) {
        throw LeadportException.invalid(
            in.pathOf("custom_field_id"),
            "Custom fields belong to leads, not " + name(kind) + "s.");
      }
      return fields
          .custom(id)
          .orElseThrow(() ->
              LeadportException.invalid(
                  in.pathOf("custom_field_id"), "No custom field " + id + " in this workspace."));
    }
    if (!"regular_field".equals(type)) {
      throw LeadportException.invalid(
          in.pathOf("type"), in.pathOf("type") + " must be regular_field or custom_field.");
    }
    in.allowOnly(Set.of("type", "object_type", "field_name"));
    ObjectKind object = oneOf(in, "object_type", OBJECT_TYPES);
    if (object != kind) {
      throw LeadportException.invalid(
          in.pathOf("object_type"),
          in.pathOf("object_type") + " must be " + name(kind) + " in this part of the query.");
    }
    String name = in.requiredString("field_name", 200);
    return fields
        .regular(kind, name)
        .orElseThrow(() ->
            LeadportException.invalid(
                in.pathOf("field_name"),
                "Unknown "
                    + name(kind)
                    + " field "
                    + name
                    + "; valid fields are "
                    + new java.util.TreeSet<>(fields.regularNames(kind))
                    + "."));
  }

  private Condition condition(JsonInput in, FieldRef field) {
    String type =
        in.oneOf(
            "type",
            Set.of(
                "text", "term", "reference", "number_range", "moment_range", "exists", "boolean"));
    if (type == null) {
      throw LeadportException.invalid(in.pathOf("type"), in.pathOf("type") + " is required.");
    }
    return switch (type) {
      case "text" -> {
        in.allowOnly(Set.of("type", "mode", "value"));
        expect(in, field, Set.of(ValueType.TEXT), "text");
        String mode =
            in.oneOf("mode", Set.of("full_words", "phrase", "beginning_of_words", "exact_value"));
        if (mode == null) {
          throw LeadportException.invalid(in.pathOf("mode"), in.pathOf("mode") + " is required.");
        }
        String value = in.requiredString("value", 1_000);
        Condition.Text text =
            new Condition.Text(
                Condition.TextMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT)), value);
        regexes += QueryCompiler.regexCount(text);
        if (regexes > MAX_TEXT_PATTERNS) {
          throw LeadportException.invalid(
              in.pathOf("value"),
              "The query's text conditions hold more than "
                  + MAX_TEXT_PATTERNS
                  + " words to match; narrow it or use exact_value.");
        }
        yield text;
      }
      case "term" -> {
        in.allowOnly(Set.of("type", "values"));
        yield new Condition.Term(CloseValues.list(in, "values", field.type()));
      }
      case "reference" -> {
        in.allowOnly(Set.of("type", "reference_type", "object_ids"));
        expect(in, field, Set.of(ValueType.TEXT), "reference");
        in.string("reference_type", 200);
        yield new Condition.Term(new ArrayList<>(in.strings("object_ids", 1_000, 200)));
      }
      case "number_range" -> {
        in.allowOnly(Set.of("type", "gt", "gte", "lt", "lte"));
        expect(in, field, Set.of(ValueType.NUMBER), "number_range");
        BigDecimal gt = CloseValues.number(in, "gt");
        BigDecimal gte = CloseValues.number(in, "gte");
        BigDecimal lt = CloseValues.number(in, "lt");
        BigDecimal lte = CloseValues.number(in, "lte");
        if (gt == null && gte == null && lt == null && lte == null) {
          throw LeadportException.invalid(
              in.path(), in.path() + " needs at least one of gt, gte, lt, lte.");
        }
        yield new Condition.NumberRange(gt, gte, lt, lte);
      }
      case "moment_range" -> {
        in.allowOnly(Set.of("type", "on_or_after", "after", "before", "on_or_before"));
        expect(in, field, Set.of(ValueType.DATE, ValueType.DATETIME), "moment_range");
        Instant onOrAfter = moment(in.object("on_or_after"));
        Instant after = moment(in.object("after"));
        Instant before = moment(in.object("before"));
        Instant onOrBefore = moment(in.object("on_or_before"));
        if (onOrAfter == null && after == null && before == null && onOrBefore == null) {
          throw LeadportException.invalid(
              in.path(), in.path() + " needs on_or_after, after, before or on_or_before.");
        }
        yield new Condition.MomentRange(after, onOrAfter, before, onOrBefore);
      }
      case "exists" -> {
        in.allowOnly(Set.of("type"));
        yield new Condition.Exists();
      }
      case "boolean" -> {
        in.allowOnly(Set.of("type", "value"));
        expect(in, field, Set.of(ValueType.BOOLEAN), "boolean");
        Boolean value = in.bool("value");
        if (value == null) {
          throw LeadportException.invalid(in.pathOf("value"), in.pathOf("value") + " is required.");
        }
        yield new Condition.Term(List.of(value));
      }
      default -> throw new IllegalStateException("unhandled condition " + type);
    };
  }

  /** A moment: fixed_utc, fixed_local_date (UTC days), now, or an offset from another moment. */
  private @Nullable Instant moment(@Nullable JsonInput in) {
    if (in == null) {
      return null;
    }
    String type = in.oneOf("type", Set.of("fixed_utc", "fixed_local_date", "now", "offset"));
    if (type == null) {
      throw LeadportException.invalid(in.pathOf("type"), in.pathOf("type") + " is required.");
    }
    switch (type) {
      case "now" -> {
        in.allowOnly(Set.of("type"));
        return clock.instant();
      }
      case "fixed_utc" -> {
        in.allowOnly(Set.of("type", "value"));
        String v = in.requiredString("value", 60);
        try {
          return CloseValues.instant(OffsetDateTime.parse(v).toInstant(), in.pathOf("value"));
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(
              in.pathOf("value"),
              in.pathOf("value")
                  + " must be a date-time with an offset, such as 2024-01-02T03:04:05+00:00.");
        }
      }
      case "fixed_local_date" -> {
        in.allowOnly(Set.of("type", "value", "which"));
        LocalDate day = in.date("value");
        if (day == null) {
          throw LeadportException.invalid(in.pathOf("value"), in.pathOf("value") + " is required.");
        }
        CloseValues.day(day, in.pathOf("value"));
        String which = in.oneOf("which", Set.of("start", "end"));
        LocalDate start = "end".equals(which) ? day.plusDays(1) : day;
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      default -> {
        in.allowOnly(Set.of("type", "direction", "moment", "offset"));
        String direction = in.oneOf("direction", Set.of("past", "future"));
        if (direction == null) {
          throw LeadportException.invalid(
              in.pathOf("direction"), in.pathOf("direction") + " is required: past or future.");
        }
        // A present moment object always gives an instant.
        Instant base = Objects.requireNonNull(moment(required(in, "moment")));
        Instant moved = CloseValues.offset(base, required(in, "offset"), direction.equals("past"));
        return CloseValues.instant(moved, in.path());
      }
    }
  }

  private static void expect(JsonInput in, FieldRef field, Set<ValueType> types, String condition) {
    if (!types.contains(field.type())) {
      throw LeadportException.invalid(
          in.pathOf("type"),
          "A "
              + condition
              + " condition does not apply to "
              + field.name()
              + ", a "
              + field.type().name().toLowerCase(java.util.Locale.ROOT)
              + " field.");
    }
  }

  private static JsonInput required(JsonInput in, String key) {
    JsonInput child = in.object(key);
    if (child == null) {
      throw LeadportException.invalid(in.pathOf(key), in.pathOf(key) + " is required.");
    }
    return child;
  }

  private static ObjectKind oneOf(JsonInput in, String key, Map<String, ObjectKind> choices) {
    String v = in.oneOf(key, choices.keySet());
    if (v == null) {
      throw LeadportException.invalid(
          in.pathOf(key),
          in.pathOf(key)
              + " is required: one of "
              + new java.util.TreeSet<>(choices.keySet())
              + ".");
    }
    // oneOf() answers only with one of the keys.
    return Objects.requireNonNull(choices.get(v));
  }

  private static String name(ObjectKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
