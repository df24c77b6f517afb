package org.leadport.leads;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.model.Ids;
import org.leadport.store.ContactNames;
import org.leadport.store.ItemKind;
import org.leadport.store.Lead;

/**
 * Parses the nested collections of a lead's JSON (contacts, opportunities, activities, addresses),
 * validating every member and naming the JSON path of the first problem; the members an item may
 * have are the fields of its {@link ItemKind}. An item may name the id of an existing item of the
 * lead to keep it. Stateless.
 */
final class LeadItems {
  private static final int TEXT = LeadParser.TEXT;
  private static final int LONG_TEXT = LeadParser.LONG_TEXT;

  static List<Lead.Contact> contacts(JsonInput in, Map<String, ?> existing) {
    List<Lead.Contact> out = new ArrayList<>();
    for (JsonInput c : in.objects("contacts", 100)) {
      c.allowOnly(ItemKind.CONTACTS.inputKeys());
      String id = itemId(c, existing, ItemKind.CONTACTS);
      String name = c.string("name", TEXT);
      String first = c.string("first_name", TEXT);
      String last = c.string("last_name", TEXT);
      // The rule of ContactNames (docs/hubspot-properties.md): a name alone is split, first and
      // last names alone compose the name, all three are kept as given.
      if (name != null && first == null && last == null) {
        ContactNames.Parts parts = ContactNames.split(name);
        first = parts.first();
        last = parts.last();
      } else if (name == null) {
        name = ContactNames.compose(first, last);
      }
      out.add(
          new Lead.Contact(
              id,
              name,
              first,
              last,
              c.string("title", TEXT),
              channels(c, "emails", "email"),
              channels(c, "phones", "phone"),
              channels(c, "urls", "url")));
    }
    return out;
  }

  private static List<Lead.Channel> channels(JsonInput contact, String key, String valueKey) {
    List<Lead.Channel> out = new ArrayList<>();
    for (JsonInput ch : contact.objects(key, 50)) {
      ch.allowOnly(Set.of(valueKey, "type"));
      String value = ch.requiredString(valueKey, TEXT);
      if (valueKey.equals("email") && !value.contains("@")) {
        throw LeadportException.invalid(
            ch.pathOf(valueKey), ch.pathOf(valueKey) + " must be an email address.");
      }
      out.add(new Lead.Channel(value, ch.string("type", 100)));
    }
    return out;
  }

  static List<Lead.Opportunity> opportunities(JsonInput in, Map<String, ?> existing) {
    List<Lead.Opportunity> out = new ArrayList<>();
    for (JsonInput o : in.objects("opportunities", 100)) {
      o.allowOnly(ItemKind.OPPORTUNITIES.inputKeys());
      String type = o.oneOf("status_type", Set.of("active", "won", "lost"));
      Long confidence = o.integer("confidence", 0, 100);
      String currency = o.string("value_currency", 3);
      if (currency != null && !currency.matches("[A-Z]{3}")) {
        throw LeadportException.invalid(
            o.pathOf("value_currency"),
            o.pathOf("value_currency") + " must be an ISO 4217 code such as USD.");
      }
      out.add(
          new Lead.Opportunity(
              itemId(o, existing, ItemKind.OPPORTUNITIES),
              type == null ? "active" : type,
              o.string("status_label", TEXT),
              o.integer("value", Long.MIN_VALUE, Long.MAX_VALUE),
              currency,
              o.oneOf("value_period", Set.of("one_time", "monthly", "annual")),
              confidence == null ? null : confidence.intValue(),
              o.date("date_won"),
              o.string("note", LONG_TEXT),
              o.string("user_name", TEXT)));
    }
    return out;
  }

  static List<Lead.Activity> activities(JsonInput in, Map<String, ?> existing) {
    List<Lead.Activity> out = new ArrayList<>();
    for (JsonInput a : in.objects("activities", 1000)) {
      a.allowOnly(ItemKind.ACTIVITIES.inputKeys());
      String type = a.oneOf("type", Set.of("note", "call", "email", "meeting", "sms"));
      if (type == null) {
        throw LeadportException.invalid(a.pathOf("type"), a.pathOf("type") + " is required.");
      }
      OffsetDateTime date = a.dateTime("date");
      if (date == null) {
        throw LeadportException.invalid(a.pathOf("date"), a.pathOf("date") + " is required.");
      }
      Long duration = a.integer("duration", 0, Integer.MAX_VALUE);
      out.add(
          new Lead.Activity(
              itemId(a, existing, ItemKind.ACTIVITIES),
              type,
              date.toInstant(),
              a.oneOf("direction", Set.of("inbound", "outbound")),
              duration == null ? null : duration.intValue(),
              a.string("subject", TEXT),
              a.string("body", LONG_TEXT)));
    }
    return out;
  }

  static List<Lead.Address> addresses(JsonInput in, Map<String, ?> existing) {
    List<Lead.Address> out = new ArrayList<>();
    for (JsonInput a : in.objects("addresses", 20)) {
      a.allowOnly(ItemKind.ADDRESSES.inputKeys());
      out.add(
          new Lead.Address(
              itemId(a, existing, ItemKind.ADDRESSES),
              a.string("label", TEXT),
              a.string("address_1", TEXT),
              a.string("address_2", TEXT),
              a.string("city", TEXT),
              a.string("state", TEXT),
              a.string("zipcode", 100),
              a.string("country", 100)));
    }
    return out;
  }

  /** An item keeps its id only when it names a not yet kept item of the same lead. */
  private static String itemId(JsonInput item, Map<String, ?> existing, ItemKind<?> kind) {
    String id = item.string("id", 100);
    if (id == null) {
      return Ids.next(kind.idPrefix());
    }
    if (!existing.containsKey(id)) {
      throw LeadportException.invalid(
          item.pathOf("id"),
          item.pathOf("id") + " " + id + " is not an item of this lead (or is named twice).");
    }
    // Each existing id may be kept once; a second mention is an error above.
    existing.remove(id);
    return id;
  }

  /** Existing items by id, for the parse of a patch to take those it keeps from. */
  static <T> Map<String, T> index(List<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> out = new HashMap<>();
    items.forEach(i -> out.put(id.apply(i), i));
    return out;
  }
}
