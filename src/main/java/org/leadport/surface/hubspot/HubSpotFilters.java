package org.leadport.surface.hubspot;

import static org.leadport.surface.hubspot.HubSpotConditions.compare;
import static org.leadport.surface.hubspot.HubSpotConditions.eq;
import static org.leadport.surface.hubspot.HubSpotConditions.in;
import static org.leadport.surface.hubspot.HubSpotConditions.token;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.Query;
import org.leadport.query.ValueType;

/**
 * Parses the filters of a HubSpot search ({@code filterGroups}, or {@code filters} as one group):
 * the OR of groups, each the AND of its filters, each a property, an operator that fits the
 * property's type and the value members that operator takes (docs/hubspot-exports.md). Stateless
 * apart from the object type's properties.
 */
final class HubSpotFilters {
  /** HubSpot's limits: at most 3 filter groups of at most 3 filters each. */
  static final int MAX_GROUPS = 3;

  static final int MAX_FILTERS = 3;
  static final int MAX_VALUES = 1_000;

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

  private final HubSpotProperties properties;

  HubSpotFilters(HubSpotProperties properties) {
    this.properties = properties;
  }

  /** The filters of a request body, or null when it has none. */
  @Nullable Query parse(JsonInput in) {
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

  /** {@code BETWEEN} takes {@code value} and {@code highValue}, both required. */
  private static Query between(HubSpotProperty p, JsonInput f) {
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
    return HubSpotConditions.between(p, low, f.pathOf("value"), high, f.pathOf("highValue"));
  }
}
