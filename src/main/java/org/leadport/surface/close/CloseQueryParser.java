package org.leadport.surface.close;

import static org.leadport.surface.close.CloseInput.OBJECT_TYPES;
import static org.leadport.surface.close.CloseInput.name;
import static org.leadport.surface.close.CloseInput.oneOf;
import static org.leadport.surface.close.CloseInput.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;

/**
 * Parses Close's advanced-filtering queries ({@code s_query}, the data search {@code query}) into
 * the query model, naming the JSON path of the first problem. Saved searches are expanded, with
 * cycles rejected. Fields are read by {@link CloseFieldParser}, conditions by {@link
 * CloseConditionParser}; this class reads the nodes around them and sorts. Not thread-safe: one per
 * request.
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

  /** The object types a data search returns. */
  private static final Map<String, ObjectKind> SEARCHED =
      Map.of(
          "lead", ObjectKind.LEAD,
          "contact", ObjectKind.CONTACT,
          "opportunity", ObjectKind.OPPORTUNITY);

  private final CloseFieldParser fields;
  private final CloseConditionParser conditions;
  private final Function<String, Optional<JsonNode>> savedSearches;
  private final Deque<String> expanding = new ArrayDeque<>();
  private int nodes;

  /**
   * @param savedSearches the stored query of a saved search of the workspace, by id
   */
  public CloseQueryParser(
      Fields fields, Clock clock, Function<String, Optional<JsonNode>> savedSearches) {
    this.fields = new CloseFieldParser(fields);
    this.conditions = new CloseConditionParser(clock);
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
            FieldRef field = fields.field(required(in, "field"), kind);
            yield new Query.Match(field, conditions.condition(required(in, "condition"), field));
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
              fields.field(JsonInput.of(field.node(), field.path()), kind),
              "desc".equals(direction)));
    }
    return out;
  }

  /** A lead field named the way Close names it in sorts: {@code {"type":"regular_field",…}}. */
  public FieldRef leadField(JsonNode node, String path) {
    return fields.field(JsonInput.of(node, path), ObjectKind.LEAD);
  }
}
