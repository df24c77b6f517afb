package org.leadport.leads;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.store.Lead;
import org.leadport.store.LeadField;

/**
 * The native API's JSON shape of a lead, with everything it holds; its top-level keys are those of
 * the {@link LeadField} catalogue.
 */
public final class LeadJson {
  /** The top-level keys of a lead's JSON, for projections such as Close's {@code _fields}. */
  public static final Set<String> FIELDS =
      LeadField.shown().stream().map(LeadField::key).collect(Collectors.toUnmodifiableSet());

  private LeadJson() {}

  /** A lead's JSON: the fields of the {@link LeadField} catalogue that it shows, in its order. */
  public static ObjectNode of(Lead l) {
    ObjectNode o = Json.object();
    for (LeadField f : LeadField.shown()) {
      Object v = f.of(l);
      switch (f.type()) {
        case TEXT -> o.put(f.key(), (String) v);
        case TIME -> o.put(f.key(), Times.iso((Instant) v));
        case JSON -> o.set(f.key(), (ObjectNode) v);
        case ITEMS -> items(o.putArray(f.key()), f, l);
      }
    }
    return o;
  }

  private static void items(ArrayNode into, LeadField field, Lead l) {
    switch (field) {
      case CONTACTS -> l.contacts().forEach(c -> contact(into.addObject(), c, l.id()));
      case OPPORTUNITIES ->
          l.opportunities().forEach(p -> opportunity(into.addObject(), p, l.id()));
      case ACTIVITIES -> l.activities().forEach(a -> activity(into.addObject(), a, l.id()));
      case ADDRESSES -> l.addresses().forEach(a -> address(into.addObject(), a));
      default -> throw new IllegalArgumentException(field + " holds no items");
    }
  }

  private static void contact(ObjectNode j, Lead.Contact c, String leadId) {
    j.put("id", c.id());
    j.put("lead_id", leadId);
    j.put("name", c.name());
    j.put("first_name", c.firstName());
    j.put("last_name", c.lastName());
    j.put("title", c.title());
    channels(j.putArray("emails"), c.emails(), "email");
    channels(j.putArray("phones"), c.phones(), "phone");
    channels(j.putArray("urls"), c.urls(), "url");
  }

  private static void opportunity(ObjectNode j, Lead.Opportunity p, String leadId) {
    j.put("id", p.id());
    j.put("lead_id", leadId);
    j.put("status_type", p.statusType());
    j.put("status_label", p.statusLabel());
    j.put("value", p.value());
    j.put("value_currency", p.valueCurrency());
    j.put("value_period", p.valuePeriod());
    j.put("confidence", p.confidence());
    j.put("date_won", p.dateWon() == null ? null : p.dateWon().toString());
    j.put("note", p.note());
    j.put("user_name", p.userName());
  }

  private static void activity(ObjectNode j, Lead.Activity a, String leadId) {
    j.put("id", a.id());
    j.put("lead_id", leadId);
    j.put("type", a.type());
    j.put("date", Times.iso(a.date()));
    j.put("direction", a.direction());
    j.put("duration", a.duration());
    j.put("subject", a.subject());
    j.put("body", a.body());
  }

  private static void address(ObjectNode j, Lead.Address a) {
    j.put("id", a.id());
    j.put("label", a.label());
    j.put("address_1", a.address1());
    j.put("address_2", a.address2());
    j.put("city", a.city());
    j.put("state", a.state());
    j.put("zipcode", a.zipcode());
    j.put("country", a.country());
  }

  private static void channels(ArrayNode into, List<Lead.Channel> channels, String key) {
    for (Lead.Channel c : channels) {
      ObjectNode j = into.addObject();
      j.put(key, c.value());
      j.put("type", c.type());
    }
  }
}
