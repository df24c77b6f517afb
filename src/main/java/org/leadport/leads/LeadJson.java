package org.leadport.leads;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.store.Lead;

/** The native API's JSON shape of a lead, with everything it holds. */
public final class LeadJson {
  /** The top-level keys of a lead's JSON, for projections such as Close's {@code _fields}. */
  public static final java.util.Set<String> FIELDS =
      java.util.Set.of(
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
          "created_at",
          "updated_at",
          "deleted_at");

  private LeadJson() {}

  public static ObjectNode of(Lead l) {
    ObjectNode o = Json.object();
    o.put("id", l.id());
    o.put("name", l.name());
    o.put("display_name", l.displayName());
    o.put("status_id", l.statusId());
    o.put("status_label", l.statusLabel());
    o.put("url", l.url());
    o.put("description", l.description());
    o.put("source", l.source());
    o.put("medium", l.medium());
    o.put("campaign", l.campaign());
    o.set("custom", l.custom());
    ArrayNode contacts = o.putArray("contacts");
    for (Lead.Contact c : l.contacts()) {
      ObjectNode j = contacts.addObject();
      j.put("id", c.id());
      j.put("lead_id", l.id());
      j.put("name", c.name());
      j.put("first_name", c.firstName());
      j.put("last_name", c.lastName());
      j.put("title", c.title());
      channels(j.putArray("emails"), c.emails(), "email");
      channels(j.putArray("phones"), c.phones(), "phone");
      channels(j.putArray("urls"), c.urls(), "url");
    }
    ArrayNode opps = o.putArray("opportunities");
    for (Lead.Opportunity p : l.opportunities()) {
      ObjectNode j = opps.addObject();
      j.put("id", p.id());
      j.put("lead_id", l.id());
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
    ArrayNode acts = o.putArray("activities");
    for (Lead.Activity a : l.activities()) {
      ObjectNode j = acts.addObject();
      j.put("id", a.id());
      j.put("lead_id", l.id());
      j.put("type", a.type());
      j.put("date", Times.iso(a.date()));
      j.put("direction", a.direction());
      j.put("duration", a.duration());
      j.put("subject", a.subject());
      j.put("body", a.body());
    }
    ArrayNode addrs = o.putArray("addresses");
    for (Lead.Address a : l.addresses()) {
      ObjectNode j = addrs.addObject();
      j.put("id", a.id());
      j.put("label", a.label());
      j.put("address_1", a.address1());
      j.put("address_2", a.address2());
      j.put("city", a.city());
      j.put("state", a.state());
      j.put("zipcode", a.zipcode());
      j.put("country", a.country());
    }
    o.put("created_at", Times.iso(l.createdAt()));
    o.put("updated_at", Times.iso(l.updatedAt()));
    o.put("deleted_at", Times.iso(l.deletedAt()));
    return o;
  }

  private static void channels(ArrayNode into, List<Lead.Channel> channels, String key) {
    for (Lead.Channel c : channels) {
      ObjectNode j = into.addObject();
      j.put(key, c.value());
      j.put("type", c.type());
    }
  }
}
