package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.leads.LeadJson;
import org.leadport.query.ObjectKind;
import org.leadport.store.Lead;
import org.leadport.store.ObjectSearchRepository.ContactRow;
import org.leadport.store.ObjectSearchRepository.OpportunityRow;

/**
 * Leads, contacts and opportunities under Close's field names, for the data search: {@code
 * date_created}/{@code date_updated} instead of Leadport's {@code created_at}/{@code updated_at},
 * and a lead's custom fields as flat {@code custom.cf_…} keys rather than a nested object. The
 * native API keeps its own names ({@link LeadJson}). Stateless.
 */
final class CloseObjects {
  /** Close's word for each kind searched. */
  static final Map<ObjectKind, String> WORDS =
      Map.of(
          ObjectKind.LEAD, "lead",
          ObjectKind.CONTACT, "contact",
          ObjectKind.OPPORTUNITY, "opportunity");

  /** The keys of each kind's object ({@code custom.cf_…} keys of a lead besides). */
  static final Map<ObjectKind, List<String>> KEYS =
      Map.of(
          ObjectKind.LEAD,
          List.of(
              "id",
              "name",
              "display_name",
              "status_id",
              "status_label",
              "url",
              "description",
              "source",
              "medium",
              "campaign",
              "custom",
              "contacts",
              "opportunities",
              "activities",
              "addresses",
              "date_created",
              "date_updated"),
          ObjectKind.CONTACT,
          List.of(
              "id",
              "lead_id",
              "name",
              "title",
              "emails",
              "phones",
              "urls",
              "date_created",
              "date_updated"),
          ObjectKind.OPPORTUNITY,
          List.of(
              "id",
              "lead_id",
              "lead_name",
              "status_type",
              "status_label",
              "value",
              "value_currency",
              "value_period",
              "confidence",
              "date_won",
              "note",
              "user_name",
              "date_created",
              "date_updated"));

  private CloseObjects() {}

  /** A search result without {@code _fields}: its type and id, as Close answers. */
  static ObjectNode reference(ObjectKind kind, String id) {
    ObjectNode o = Json.object();
    o.put("__object_type", WORDS.get(kind));
    o.put("id", id);
    return o;
  }

  /** A lead under Close's names. */
  static ObjectNode lead(Lead l) {
    ObjectNode nativeJson = LeadJson.of(l);
    ObjectNode o = Json.object();
    o.put("__object_type", "lead");
    for (var e : nativeJson.properties()) {
      switch (e.getKey()) {
        case "custom" -> {
          JsonNode custom = e.getValue();
          if (custom != null && custom.isObject()) {
            custom.properties().forEach(c -> o.set("custom." + c.getKey(), c.getValue()));
          }
        }
        case "created_at" -> o.set("date_created", e.getValue());
        case "updated_at" -> o.set("date_updated", e.getValue());
        case "deleted_at" -> {
          // Only live leads are found; Close's lead has no such key.
        }
        default -> o.set(e.getKey(), e.getValue());
      }
    }
    return o;
  }

  static ObjectNode contact(ContactRow c) {
    ObjectNode o = Json.object();
    o.put("__object_type", "contact");
    o.put("id", c.id());
    o.put("lead_id", c.leadId());
    o.put("name", c.name());
    o.put("title", c.title());
    channels(o.putArray("emails"), c.emails(), "email");
    channels(o.putArray("phones"), c.phones(), "phone");
    channels(o.putArray("urls"), c.urls(), "url");
    o.put("date_created", Times.iso(c.createdAt()));
    o.put("date_updated", Times.iso(c.updatedAt()));
    return o;
  }

  static ObjectNode opportunity(OpportunityRow p) {
    ObjectNode o = Json.object();
    o.put("__object_type", "opportunity");
    o.put("id", p.id());
    o.put("lead_id", p.leadId());
    o.put("lead_name", p.leadName());
    o.put("status_type", p.statusType());
    o.put("status_label", p.statusLabel());
    o.put("value", p.value());
    o.put("value_currency", p.valueCurrency());
    o.put("value_period", p.valuePeriod());
    o.put("confidence", p.confidence());
    o.put("date_won", p.dateWon() == null ? null : p.dateWon().toString());
    o.put("note", p.note());
    o.put("user_name", p.userName());
    o.put("date_created", Times.iso(p.createdAt()));
    o.put("date_updated", Times.iso(p.updatedAt()));
    return o;
  }

  /**
   * Checks the {@code _fields} of {@code kind}: its keys, and for leads {@code custom} (every
   * custom field) or {@code custom.cf_…} of the workspace's custom fields.
   *
   * @throws LeadportException 400 naming the valid fields
   */
  static Set<String> fields(
      ObjectKind kind, List<String> names, Set<String> customFieldIds, String path) {
    Set<String> valid = new LinkedHashSet<>(KEYS.get(kind));
    if (kind == ObjectKind.LEAD) {
      customFieldIds.forEach(id -> valid.add("custom." + id));
    }
    for (String n : names) {
      if (!valid.contains(n)) {
        throw LeadportException.invalid(
            path,
            "Unknown "
                + WORDS.get(kind)
                + " field "
                + n
                + " in "
                + path
                + "; valid fields are "
                + new java.util.TreeSet<>(valid)
                + ".");
      }
    }
    return new LinkedHashSet<>(names);
  }

  /** {@code o} with only {@code __object_type} and the keys of {@code fields}. */
  static ObjectNode project(ObjectNode o, Set<String> fields) {
    List<String> keep = new ArrayList<>();
    keep.add("__object_type");
    o.fieldNames()
        .forEachRemaining(k -> {
          if (fields.contains(k) || (fields.contains("custom") && k.startsWith("custom."))) {
            keep.add(k);
          }
        });
    return o.retain(keep);
  }

  private static void channels(ArrayNode into, List<Lead.Channel> channels, String key) {
    for (Lead.Channel c : channels) {
      ObjectNode j = into.addObject();
      j.put(key, c.value());
      j.put("type", c.type());
    }
  }
}
