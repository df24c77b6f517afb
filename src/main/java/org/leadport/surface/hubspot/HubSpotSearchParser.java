package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * Parses a HubSpot CRM search request ({@code filterGroups} or {@code filters}, {@code sorts},
 * {@code query}, {@code properties}, {@code limit}, {@code after}) into the query model, naming the
 * JSON path of the first problem. Stateless apart from the object type's properties.
 */
final class HubSpotSearchParser {
  /** Seed 002's limits: at most 3 filter groups of at most 3 filters each. */
  static final int MAX_GROUPS = 3;

  static final int MAX_FILTERS = 3;
  static final int MAX_SORTS = 3;
  static final int MAX_LIMIT = 200;
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_VALUES = 1_000;
  static final int MAX_PROPERTIES = 500;

  static final Set<String> KEYS =
      Set.of("filterGroups", "filters", "sorts", "query", "properties", "limit", "after");

  /** HubSpot's filter operators. */
  enum Operator {
    EQ,
    NEQ,
    LT,
    LTE,
    GT,
    GTE,
    BETWEEN,
    IN,
    NOT_IN,
    HAS_PROPERTY,
    NOT_HAS_PROPERTY,
    CONTAINS_TOKEN,
    NOT_CONTAINS_TOKEN
  }

  private static final Map<String, Boolean> DIRECTIONS =
      Map.of("ASCENDING", false, "ASC", false, "DESCENDING", true, "DESC", true, "DES", true);

  /** One sort key: a property and whether it runs descending. */
  record Sort(HubSpotProperty property, boolean descending) {}

  /**
   * A parsed request.
   *
   * @param properties the properties to return, by name, in order
   * @param after the paging token as sent, or null for the first page
   */
  record Request(
      Query query,
      List<Sort> sorts,
      Map<String, HubSpotProperty> properties,
      int limit,
      @Nullable String after) {}

  private final HubSpotObject object;
  private final HubSpotProperties properties;

  HubSpotSearchParser(HubSpotObject object, HubSpotProperties properties) {
    this.object = object;
    this.properties = properties;
  }

  Request parse(JsonNode body) {
    JsonInput in = JsonInput.of(body, "").allowOnly(KEYS);
    List<Query> parts = new ArrayList<>();
    Query filters = filters(in);
    if (filters != null) {
      parts.add(filters);
    }
    String text = in.string("query", HubSpotValues.MAX_TEXT);
    if (text != null && !text.isBlank()) {
      parts.add(freeText(text.trim()));
    }
    Query query = parts.isEmpty() ? new Query.All() : Query.and(parts);
    Long limit = in.integer("limit", 1, MAX_LIMIT);
    return new Request(
        query,
        sorts(in),
        returned(in),
        limit == null ? DEFAULT_LIMIT : limit.intValue(),
        after(in));
  }

  // ---- filters ----

  private @Nullable Query filters(JsonInput in) {
    if (in.has("filterGroups")
        && !in.isNull("filterGroups")
        && in.has("filters")
        && !in.isNull("filters")) {
      throw LeadportException.invalid(
          "filters", "Give filterGroups or filters, not both: filters is one group of its own.");
    }
    if (in.has("filters") && !in.isNull("filters")) {
      return group(in, "filters");
    }
    JsonNode groups = in.node().get("filterGroups");
    if (groups == null || groups.isNull()) {
      return null;
    }
    if (groups.isArray() && groups.size() > MAX_GROUPS) {
      throw new LeadportException(
          400,
          "too_many_filter_groups",
          "filterGroups may hold at most "
              + MAX_GROUPS
              + " groups (of at most "
              + MAX_FILTERS
              + " filters each); "
              + groups.size()
              + " were sent.",
          "filterGroups");
    }
    List<JsonInput> items = in.objects("filterGroups", MAX_GROUPS);
    if (items.isEmpty()) {
      return null;
    }
    List<Query> ors = new ArrayList<>();
    for (JsonInput g : items) {
      g.allowOnly(Set.of("filters"));
      ors.add(group(g, "filters"));
    }
    return ors.size() == 1 ? ors.get(0) : new Query.Or(ors);
  }

  /** The AND of the filters under {@code key}; an empty group matches everything. */
  private Query group(JsonInput in, String key) {
    JsonNode array = in.node().get(key);
    if (array != null && array.isArray() && array.size() > MAX_FILTERS) {
      throw new LeadportException(
          400,
          "too_many_filters",
          in.pathOf(key)
              + " may hold at most "
              + MAX_FILTERS
              + " filters; "
              + array.size()
              + " were sent.",
          in.pathOf(key));
    }
    List<Query> ands = new ArrayList<>();
    for (JsonInput f : in.objects(key, MAX_FILTERS)) {
      ands.add(filter(f));
    }
    return ands.isEmpty() ? new Query.All() : Query.and(ands);
  }

  private Query filter(JsonInput f) {
    f.allowOnly(Set.of("propertyName", "operator", "value", "highValue", "values"));
    String name = f.requiredString("propertyName", 200);
    HubSpotProperty p = properties.require(name, f.pathOf("propertyName"));
    String opName = f.requiredString("operator", 100);
    Operator op;
    try {
      op = Operator.valueOf(opName);
    } catch (IllegalArgumentException e) {
      throw new LeadportException(
          400,
          "invalid_operator",
          f.pathOf("operator")
              + " must be one of "
              + List.of(Operator.values())
              + "; got "
              + opName
              + ".",
          f.pathOf("operator"));
    }
    checkApplies(f, p, op);
    return switch (op) {
      case EQ -> eq(p, only(f, "value", op), f.pathOf("value"));
      case NEQ -> new Query.Not(eq(p, only(f, "value", op), f.pathOf("value")));
      case IN -> in(p, values(f, op), f.pathOf("values"));
      case NOT_IN -> new Query.Not(in(p, values(f, op), f.pathOf("values")));
      case LT, LTE, GT, GTE -> compare(p, op, only(f, "value", op), f.pathOf("value"));
      case BETWEEN -> between(p, f);
      case HAS_PROPERTY -> {
        none(f, op);
        yield new Query.Match(p.field(), new Condition.Exists());
      }
      case NOT_HAS_PROPERTY -> {
        none(f, op);
        yield new Query.Not(new Query.Match(p.field(), new Condition.Exists()));
      }
      case CONTAINS_TOKEN -> token(p, only(f, "value", op), f.pathOf("value"));
      case NOT_CONTAINS_TOKEN -> new Query.Not(token(p, only(f, "value", op), f.pathOf("value")));
    };
  }

  /** A 400 on the operator when it does not fit the property's type. */
  private static void checkApplies(JsonInput f, HubSpotProperty p, Operator op) {
    ValueType type = p.type();
    boolean ordered =
        type == ValueType.NUMBER || type == ValueType.DATE || type == ValueType.DATETIME;
    boolean fits =
        switch (op) {
          case EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY -> true;
          case LT, LTE, GT, GTE, BETWEEN -> ordered;
          case CONTAINS_TOKEN, NOT_CONTAINS_TOKEN -> type == ValueType.TEXT;
        };
    if (!fits) {
      throw new LeadportException(
          400,
          "invalid_operator_for_property",
          "Operator "
              + op
              + " does not apply to "
              + p.name()
              + ", a "
              + typeName(type)
              + " property.",
          f.pathOf("operator"));
    }
  }

  private static String typeName(ValueType type) {
    return switch (type) {
      case TEXT -> "string";
      case NUMBER -> "number";
      case DATE -> "date";
      case DATETIME -> "datetime";
      case BOOLEAN -> "bool";
    };
  }

  /** The one value the operator takes, under {@code key}; any other value member is a 400. */
  private static JsonNode only(JsonInput f, String key, Operator op) {
    for (String other : List.of("value", "highValue", "values")) {
      if (!other.equals(key) && f.has(other) && !f.isNull(other)) {
        throw LeadportException.invalid(
            f.pathOf(other), "Operator " + op + " takes no " + other + "; send " + key + ".");
      }
    }
    JsonNode v = f.node().get(key);
    if (v == null || v.isNull()) {
      throw LeadportException.invalid(
          f.pathOf(key), f.pathOf(key) + " is required with operator " + op + ".");
    }
    return v;
  }

  private static void none(JsonInput f, Operator op) {
    for (String key : List.of("value", "highValue", "values")) {
      if (f.has(key) && !f.isNull(key)) {
        throw LeadportException.invalid(f.pathOf(key), "Operator " + op + " takes no " + key + ".");
      }
    }
  }

  private static List<JsonNode> values(JsonInput f, Operator op) {
    JsonNode array = only(f, "values", op);
    String path = f.pathOf("values");
    if (!array.isArray() || array.isEmpty()) {
      throw LeadportException.invalid(path, path + " must be a non-empty array.");
    }
    if (array.size() > MAX_VALUES) {
      throw LeadportException.invalid(path, path + " may hold at most " + MAX_VALUES + " values.");
    }
    List<JsonNode> out = new ArrayList<>(array.size());
    array.forEach(out::add);
    return out;
  }

  // ---- conditions ----

  private Query eq(HubSpotProperty p, JsonNode v, String path) {
    return switch (p.type()) {
      case DATE, DATETIME -> {
        Instant t = HubSpotValues.instant(v, path);
        yield moments(p, t, t.plusMillis(1));
      }
      default -> new Query.Match(p.field(), new Condition.Term(List.of(term(p, v, path))));
    };
  }

  private Query in(HubSpotProperty p, List<JsonNode> values, String path) {
    if (p.type() == ValueType.DATE || p.type() == ValueType.DATETIME) {
      List<Query> any = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        any.add(eq(p, values.get(i), path + "[" + i + "]"));
      }
      return any.size() == 1 ? any.get(0) : new Query.Or(any);
    }
    List<Object> terms = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      terms.add(term(p, values.get(i), path + "[" + i + "]"));
    }
    return new Query.Match(p.field(), new Condition.Term(terms));
  }

  /** A value of a text, number or boolean property, in the stored unit. */
  private static Object term(HubSpotProperty p, JsonNode v, String path) {
    return switch (p.type()) {
      case TEXT -> HubSpotValues.text(v, path);
      case NUMBER -> stored(p, HubSpotValues.number(v, path));
      case BOOLEAN -> HubSpotValues.bool(v, path);
      case DATE, DATETIME -> throw new IllegalStateException("dates are ranges");
    };
  }

  private static BigDecimal stored(HubSpotProperty p, BigDecimal v) {
    return p.scale() == 0 ? v : v.movePointRight(p.scale());
  }

  private Query compare(HubSpotProperty p, Operator op, JsonNode v, String path) {
    if (p.type() == ValueType.NUMBER) {
      BigDecimal n = stored(p, HubSpotValues.number(v, path));
      Condition.NumberRange r =
          switch (op) {
            case LT -> new Condition.NumberRange(null, null, n, null);
            case LTE -> new Condition.NumberRange(null, null, null, n);
            case GT -> new Condition.NumberRange(n, null, null, null);
            default -> new Condition.NumberRange(null, n, null, null);
          };
      return new Query.Match(p.field(), r);
    }
    // Values have millisecond precision, as HubSpot shows them: LTE t keeps all of t's millisecond.
    Instant t = HubSpotValues.instant(v, path);
    return switch (op) {
      case LT -> moments(p, null, t);
      case LTE -> moments(p, null, t.plusMillis(1));
      case GT -> moments(p, t.plusMillis(1), null);
      default -> moments(p, t, null);
    };
  }

  private Query between(HubSpotProperty p, JsonInput f) {
    for (String key : List.of("values")) {
      if (f.has(key) && !f.isNull(key)) {
        throw LeadportException.invalid(
            f.pathOf(key), "Operator BETWEEN takes value and highValue, not " + key + ".");
      }
    }
    JsonNode low = f.node().get("value");
    JsonNode high = f.node().get("highValue");
    if (low == null || low.isNull()) {
      throw LeadportException.invalid(
          f.pathOf("value"), f.pathOf("value") + " is required with operator BETWEEN.");
    }
    if (high == null || high.isNull()) {
      throw LeadportException.invalid(
          f.pathOf("highValue"), f.pathOf("highValue") + " is required with operator BETWEEN.");
    }
    if (p.type() == ValueType.NUMBER) {
      BigDecimal lo = stored(p, HubSpotValues.number(low, f.pathOf("value")));
      BigDecimal hi = stored(p, HubSpotValues.number(high, f.pathOf("highValue")));
      return new Query.Match(p.field(), new Condition.NumberRange(null, lo, null, hi));
    }
    Instant lo = HubSpotValues.instant(low, f.pathOf("value"));
    Instant hi = HubSpotValues.instant(high, f.pathOf("highValue"));
    return moments(p, lo, hi.plusMillis(1));
  }

  /**
   * {@code onOrAfter <= value < before} (either may be null). A date property's value is the
   * instant of its midnight UTC, so the bounds move to the first midnight at or after them.
   */
  private static Query moments(
      HubSpotProperty p, @Nullable Instant onOrAfter, @Nullable Instant before) {
    if (p.type() == ValueType.DATE) {
      onOrAfter = midnightAtOrAfter(onOrAfter);
      before = midnightAtOrAfter(before);
    }
    return new Query.Match(p.field(), new Condition.MomentRange(null, onOrAfter, before, null));
  }

  private static @Nullable Instant midnightAtOrAfter(@Nullable Instant t) {
    if (t == null) {
      return null;
    }
    Instant midnight =
        LocalDate.ofInstant(t, ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant();
    return midnight.equals(t) ? t : midnight.plusSeconds(86_400);
  }

  private static Query token(HubSpotProperty p, JsonNode v, String path) {
    String pattern = HubSpotValues.text(v, path).trim();
    if (pattern.isEmpty()) {
      throw LeadportException.invalid(path, path + " must not be blank.");
    }
    return new Query.Match(
        p.field(), new Condition.Text(Condition.TextMode.TOKEN_PATTERN, pattern));
  }

  /**
   * {@code query}: free text over the type's default searchable properties. Companies use the query
   * model's free text (name, domain, and the names, emails and phones of their contacts); contacts
   * and deals look only at their own searchable properties.
   */
  private Query freeText(String text) {
    if (object == HubSpotObject.COMPANIES) {
      return new Query.FreeText(text);
    }
    Condition contains = new Condition.Text(Condition.TextMode.TOKEN_PATTERN, "*" + text + "*");
    List<FieldRef> searched = new ArrayList<>();
    if (object == HubSpotObject.CONTACTS) {
      searched.add(properties.require("name", "query").field());
      searched.add(field(ObjectKind.CONTACT, "email"));
      searched.add(field(ObjectKind.CONTACT, "phone"));
      searched.add(properties.require("company", "query").field());
    } else {
      searched.add(properties.require("dealname", "query").field());
      searched.add(properties.require("dealstage", "query").field());
      searched.add(properties.require("description", "query").field());
    }
    List<Query> any = new ArrayList<>();
    searched.forEach(f -> any.add(new Query.Match(f, contains)));
    return new Query.Or(any);
  }

  /** A regular field of the query model: a contact's emails and phones, all of them. */
  private static FieldRef field(ObjectKind kind, String name) {
    return Fields.STANDARD
        .regular(kind, name)
        .orElseThrow(() -> new IllegalStateException("no " + kind + " field " + name));
  }

  // ---- sorts, properties, paging ----

  private List<Sort> sorts(JsonInput in) {
    JsonNode sorts = in.node().get("sorts");
    if (sorts == null || sorts.isNull()) {
      return List.of();
    }
    if (!sorts.isArray()) {
      throw LeadportException.invalid("sorts", "sorts must be an array.");
    }
    if (sorts.size() > MAX_SORTS) {
      throw LeadportException.invalid("sorts", "sorts may hold at most " + MAX_SORTS + " items.");
    }
    List<Sort> out = new ArrayList<>();
    for (int i = 0; i < sorts.size(); i++) {
      JsonNode s = sorts.get(i);
      String path = "sorts[" + i + "]";
      if (s.isTextual()) {
        // HubSpot also takes a bare property name, "-" first for descending.
        String name = s.textValue();
        boolean desc = name.startsWith("-");
        name = desc ? name.substring(1) : name;
        out.add(new Sort(properties.require(name, path), desc));
        continue;
      }
      JsonInput o = JsonInput.of(s, path).allowOnly(Set.of("propertyName", "direction", "order"));
      String name = o.requiredString("propertyName", 200);
      HubSpotProperty p = properties.require(name, o.pathOf("propertyName"));
      if (o.has("direction") && o.has("order")) {
        throw LeadportException.invalid(o.pathOf("order"), "Give direction or order, not both.");
      }
      String key = o.has("order") ? "order" : "direction";
      String word = o.string(key, 100);
      boolean desc = false;
      if (word != null) {
        Boolean d = DIRECTIONS.get(word.toUpperCase(Locale.ROOT));
        if (d == null) {
          throw LeadportException.invalid(
              o.pathOf(key),
              o.pathOf(key) + " must be ASCENDING or DESCENDING (or ASC, DES, DESC).");
        }
        desc = d;
      }
      out.add(new Sort(p, desc));
    }
    return out;
  }

  /**
   * The properties to return: those asked for (or the defaults) and the three HubSpot always sends.
   * A name the object type does not have is left out of the results, as HubSpot leaves it out.
   */
  private Map<String, HubSpotProperty> returned(JsonInput in) {
    List<String> names;
    if (in.has("properties") && !in.isNull("properties")) {
      names = in.strings("properties", MAX_PROPERTIES, 200);
    } else {
      names = object.defaults();
    }
    Map<String, HubSpotProperty> out = new LinkedHashMap<>();
    for (String n : names) {
      properties.find(n).ifPresent(p -> out.put(n, p));
    }
    for (String always : List.of("createdate", object.modifiedProperty(), "hs_object_id")) {
      out.putIfAbsent(always, properties.require(always, "properties"));
    }
    return out;
  }

  /** The paging token, or null for the first page; HubSpot clients also send 0 or "0" or "". */
  private static @Nullable String after(JsonInput in) {
    JsonNode v = in.node().get("after");
    if (v == null || v.isNull()) {
      return null;
    }
    if (v.isIntegralNumber() && v.asLong() == 0) {
      return null;
    }
    if (!v.isTextual()) {
      throw new LeadportException(
          400,
          "invalid_cursor",
          "after is not a paging token this server issued for this request; send paging.next.after back unchanged.",
          "after");
    }
    String s = v.textValue();
    if (s.isEmpty() || s.equals("0")) {
      return null;
    }
    if (s.length() > 1_000) {
      throw new LeadportException(
          400, "invalid_cursor", "after is not a paging token this server issued.", "after");
    }
    return s;
  }
}
