package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * Parses a HubSpot CRM search request ({@code filterGroups} or {@code filters}, {@code sorts},
 * {@code query}, {@code properties}, {@code limit}, {@code after}) into the query model, naming the
 * JSON path of the first problem. The filters are {@link HubSpotFilters}'; this class reads the
 * rest. Stateless apart from the object type's properties.
 */
final class HubSpotSearchParser {
  static final int MAX_SORTS = 3;
  static final int MAX_LIMIT = 200;
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_PROPERTIES = 500;

  static final Set<String> KEYS =
      Set.of("filterGroups", "filters", "sorts", "query", "properties", "limit", "after");

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
  private final HubSpotFilters filters;

  HubSpotSearchParser(HubSpotObject object, HubSpotProperties properties) {
    this.object = object;
    this.properties = properties;
    this.filters = new HubSpotFilters(properties);
  }

  Request parse(JsonNode body) {
    JsonInput in = JsonInput.of(body, "").allowOnly(KEYS);
    List<Query> parts = new ArrayList<>();
    Query filters = this.filters.parse(in);
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
