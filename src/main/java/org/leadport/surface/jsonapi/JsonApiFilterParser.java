package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.store.ListRepository.LeadList;
import org.leadport.store.Status;

/**
 * Parses a JSON:API export's {@code params.filter} into the query model: an object (or a JSON
 * string holding one) of MPDX's contact filters, AND-ed. MPDX's own keys keep MPDX's meaning,
 * mapped onto Leadport's data (docs/jsonapi-exports.md, "The filter"): {@code account_list_id} is
 * the workspace, {@code status} takes the groups {@code active}, {@code hidden} and {@code null}
 * besides status labels ({@link StatusGroups}), {@code tags} name lists (with {@code any_tags}
 * choosing any or all), and {@code ids} are lead ids; those list-valued keys also take MPDX's
 * comma-separated strings. Any other key is a lead field or custom field compared for equality (an
 * array: any of). This class reads the keys; their values are read by {@link FilterValues}. Errors
 * carry the JSON pointer of the culprit in their param, as JSON:API's {@code source.pointer} wants.
 */
public final class JsonApiFilterParser {
  /** Leadport field names of MPDX keys that are plain equality filters. */
  private static final Map<String, String> ALIASES =
      Map.of("status_stage_id", "status_id", "ids", "id");

  /** MPDX's own keys, handled here rather than as fields. */
  private static final Set<String> MPDX_KEYS =
      Set.of("account_list_id", "any_tags", "tags", "status", "ids");

  private final String workspaceId;
  private final Fields fields;
  private final StatusGroups statusGroups;
  private final Supplier<List<LeadList>> lists;

  /**
   * A parser for one workspace as it is now: its custom fields, statuses (for the status groups)
   * and lists (for tags).
   */
  public JsonApiFilterParser(
      String workspaceId, Fields fields, List<Status> statuses, List<LeadList> lists) {
    this(workspaceId, fields, () -> statuses, () -> lists);
  }

  /**
   * As above, with the statuses and lists read only when a filter names a status or a tag (most
   * filters do neither), and then once.
   */
  public JsonApiFilterParser(
      String workspaceId,
      Fields fields,
      Supplier<List<Status>> statuses,
      Supplier<List<LeadList>> lists) {
    this.workspaceId = workspaceId;
    this.fields = fields;
    this.statusGroups = new StatusGroups(once(statuses));
    this.lists = once(lists);
  }

  private static <T> Supplier<List<T>> once(Supplier<List<T>> read) {
    return new Supplier<>() {
      private @Nullable List<T> value;

      @Override
      public List<T> get() {
        if (value == null) {
          value = List.copyOf(read.get());
        }
        return value;
      }
    };
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
    boolean anyTags = anyTags(filter.get("any_tags"), at(pointer, "any_tags"));
    List<Query> parts = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> entries = filter.properties().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> e = entries.next();
      String key = e.getKey();
      String at = at(pointer, key);
      switch (key) {
        case "account_list_id" -> accountList(e.getValue(), at);
        case "any_tags" -> {}
        case "tags" -> parts.add(tags(FilterValues.list(e.getValue(), at), anyTags, at));
        case "status" ->
            parts.add(
                statusGroups.query(
                    FilterValues.list(e.getValue(), at),
                    field("status_id", key, ""),
                    field("status_label", key, "")));
        case "ids" ->
            parts.add(
                FilterValues.match(
                    field("id", key, at), new ArrayList<>(FilterValues.list(e.getValue(), at))));
        default -> {
          FieldRef field = field(ALIASES.getOrDefault(key, key), key, at);
          parts.add(FilterValues.match(field, FilterValues.typed(e.getValue(), field, at)));
        }
      }
    }
    return parts.isEmpty() ? new Query.All() : Query.and(parts);
  }

  private static String at(String pointer, String key) {
    return pointer + "/" + JsonApiRequests.escape(key);
  }

  /** MPDX's account list is the workspace: its own id passes, any other is not found (404). */
  private void accountList(JsonNode v, String at) {
    if (!v.isTextual()) {
      throw LeadportException.invalid(at, "account_list_id must be a string: the workspace id.");
    }
    if (!v.textValue().equals(workspaceId)) {
      throw new LeadportException(
          404,
          "not_found",
          "Account list "
              + v.textValue()
              + " not found; the account list is the API key's workspace, "
              + workspaceId
              + ".",
          at);
    }
  }

  private static boolean anyTags(JsonNode v, String at) {
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual() && Set.of("true", "false").contains(v.textValue())) {
      return Boolean.parseBoolean(v.textValue());
    }
    throw LeadportException.invalid(at, "any_tags must be true or false.");
  }

  /**
   * Tags are Leadport's lists, by name (ignoring case): {@code any_tags} true selects leads in any
   * of them, false (MPDX's default) leads in all of them.
   */
  private Query tags(List<String> names, boolean any, String at) {
    List<Query> each = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      List<Query> inLists = new ArrayList<>();
      for (LeadList l : lists.get()) {
        if (l.name().equalsIgnoreCase(name)) {
          inLists.add(new Query.InList(l.id()));
        }
      }
      if (inLists.isEmpty()) {
        TreeSet<String> valid = new TreeSet<>();
        lists.get().forEach(l -> valid.add(l.name()));
        throw LeadportException.invalid(
            names.size() == 1 ? at : at + "/" + i,
            "No list is named "
                + name
                + "; tags name the workspace's lists"
                + (valid.isEmpty() ? ", and it has none." : ": " + valid + "."));
      }
      each.add(inLists.size() == 1 ? inLists.get(0) : new Query.Or(inLists));
    }
    return any ? new Query.Or(each) : Query.and(each);
  }

  private FieldRef field(String name, String key, String at) {
    return fields
        .regular(ObjectKind.LEAD, name)
        .or(() -> fields.custom(key))
        .orElseThrow(() -> {
          TreeSet<String> valid = new TreeSet<>(fields.regularNames(ObjectKind.LEAD));
          valid.addAll(ALIASES.keySet());
          valid.addAll(MPDX_KEYS);
          return LeadportException.invalid(
              at,
              "Unknown filter "
                  + key
                  + "; valid filters are "
                  + valid
                  + " or a custom field name.");
        });
  }
}
