package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.leads.LeadJson;
import org.leadport.query.ObjectKind;
import org.leadport.store.ItemKind;
import org.leadport.store.Lead;
import org.leadport.store.LeadField;
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

  /**
   * The keys of each kind's object ({@code custom.cf_…} keys of a lead besides): the native JSON's
   * under Close's names ({@link #closeKey}), an opportunity's lead name and an item's dates.
   */
  static final Map<ObjectKind, List<String>> KEYS =
      Map.of(
          ObjectKind.LEAD,
          closeKeys(LeadField.shown().stream().map(LeadField::shownKey).toList()),
          ObjectKind.CONTACT,
          withDates(closeKeys(ItemKind.CONTACTS.keys())),
          ObjectKind.OPPORTUNITY,
          withDates(withLeadName(closeKeys(ItemKind.OPPORTUNITIES.keys()))));

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
    ObjectNode o = Json.object();
    o.put("__object_type", "lead");
    close(o, LeadJson.of(l));
    return o;
  }

  static ObjectNode contact(ContactRow c) {
    ObjectNode o = Json.object();
    o.put("__object_type", "contact");
    close(o, LeadJson.item(ItemKind.CONTACTS, c.contact(), c.leadId()));
    return dates(o, c.createdAt(), c.updatedAt());
  }

  static ObjectNode opportunity(OpportunityRow p) {
    ObjectNode o = Json.object();
    o.put("__object_type", "opportunity");
    // Close's opportunity names its lead's name right after the lead's id: the keys before it are
    // set first, and setting them again from the native JSON keeps their place.
    o.put("id", p.id());
    o.put("lead_id", p.leadId());
    o.put("lead_name", p.leadName());
    close(o, LeadJson.item(ItemKind.OPPORTUNITIES, p.opportunity(), p.leadId()));
    return dates(o, p.createdAt(), p.updatedAt());
  }

  /**
   * Sets the members of a lead's or an item's native JSON on {@code o} under Close's names, a
   * lead's custom fields as flat {@code custom.cf_…} keys.
   */
  private static void close(ObjectNode o, ObjectNode nativeJson) {
    for (var e : nativeJson.properties()) {
      String key = closeKey(e.getKey());
      if (e.getKey().equals("custom")) {
        JsonNode custom = e.getValue();
        if (custom != null && custom.isObject()) {
          custom.properties().forEach(c -> o.set("custom." + c.getKey(), c.getValue()));
        }
      } else if (key != null) {
        o.set(key, e.getValue());
      }
    }
  }

  private static ObjectNode dates(ObjectNode o, Instant created, Instant updated) {
    o.put("date_created", Times.iso(created));
    o.put("date_updated", Times.iso(updated));
    return o;
  }

  /**
   * Close's name for a key of Leadport's native JSON, or null where Close's object has no such key:
   * only live leads are found, so a lead has no {@code deleted_at}; a contact has Close's one-piece
   * name only, not HubSpot's first and last names.
   */
  private static @Nullable String closeKey(String nativeKey) {
    return switch (nativeKey) {
      case "created_at" -> "date_created";
      case "updated_at" -> "date_updated";
      case "deleted_at", "first_name", "last_name" -> null;
      default -> nativeKey;
    };
  }

  private static List<String> closeKeys(List<String> nativeKeys) {
    List<String> out = new ArrayList<>();
    for (String k : nativeKeys) {
      String key = closeKey(k);
      if (key != null) {
        out.add(key);
      }
    }
    return out;
  }

  private static List<String> withLeadName(List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    out.add(out.indexOf("lead_id") + 1, "lead_name");
    return out;
  }

  private static List<String> withDates(List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    out.add("date_created");
    out.add("date_updated");
    return List.copyOf(out);
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
}
