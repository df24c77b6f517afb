package org.leadport.leads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.json.Times;
import org.leadport.store.ContactNames;
import org.leadport.store.CustomField;
import org.leadport.store.Ids;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository.Part;
import org.leadport.store.Status;

/**
 * Turns the native API's lead JSON into {@link Lead} values, validating every member and naming the
 * JSON path of the first problem. Stateless apart from the workspace catalog it resolves statuses
 * and custom fields against.
 */
public final class LeadParser {
  static final int TEXT = 1_000;
  static final int LONG_TEXT = 100_000;

  private static final Set<String> LEAD_KEYS =
      Set.of(
          "name",
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
          "addresses");
  private static final Set<String> CONTACT_KEYS =
      Set.of("id", "name", "first_name", "last_name", "title", "emails", "phones", "urls");
  private static final Set<String> OPPORTUNITY_KEYS =
      Set.of(
          "id",
          "status_type",
          "status_label",
          "value",
          "value_currency",
          "value_period",
          "confidence",
          "date_won",
          "note",
          "user_name");
  private static final Set<String> ACTIVITY_KEYS =
      Set.of("id", "type", "date", "direction", "duration", "subject", "body");
  private static final Set<String> ADDRESS_KEYS =
      Set.of("id", "label", "address_1", "address_2", "city", "state", "zipcode", "country");

  private final Catalog catalog;

  public LeadParser(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A new lead from a create body; {@code path} prefixes error paths (bulk items). */
  public Lead create(JsonNode body, String path, String workspaceId, Instant now) {
    JsonInput in = JsonInput.of(body, path).allowOnly(LEAD_KEYS);
    List<Lead.Contact> contacts = contacts(in, Map.of());
    String name = in.string("name", TEXT);
    Status status = status(in);
    return new Lead(
        Ids.lead(),
        workspaceId,
        name,
        displayName(name, contacts),
        status == null ? null : status.id(),
        status == null ? null : status.label(),
        in.string("url", TEXT),
        in.string("description", LONG_TEXT),
        in.string("source", TEXT),
        in.string("medium", TEXT),
        in.string("campaign", TEXT),
        custom(in, Json.object()),
        contacts,
        opportunities(in, Map.of()),
        activities(in, Map.of()),
        addresses(in, Map.of()),
        now,
        now,
        null);
  }

  /** A patched lead and the nested collections the patch replaces. */
  public record Patched(Lead lead, Set<Part> replaced) {}

  /**
   * Applies a PATCH body: members present replace their values (null clears), {@code custom} merges
   * (null removes a field), nested arrays replace the whole collection; items may carry the id of
   * an existing item to keep it.
   */
  public Patched patch(Lead old, JsonNode body, Instant now) {
    JsonInput in = JsonInput.of(body, "").allowOnly(LEAD_KEYS);
    Set<Part> replaced = EnumSet.noneOf(Part.class);
    List<Lead.Contact> contacts = old.contacts();
    if (in.has("contacts")) {
      contacts = contacts(in, index(old.contacts(), Lead.Contact::id));
      replaced.add(Part.CONTACTS);
    }
    List<Lead.Opportunity> opps = old.opportunities();
    if (in.has("opportunities")) {
      opps = opportunities(in, index(old.opportunities(), Lead.Opportunity::id));
      replaced.add(Part.OPPORTUNITIES);
    }
    List<Lead.Activity> acts = old.activities();
    if (in.has("activities")) {
      acts = activities(in, index(old.activities(), Lead.Activity::id));
      replaced.add(Part.ACTIVITIES);
    }
    List<Lead.Address> addrs = old.addresses();
    if (in.has("addresses")) {
      addrs = addresses(in, index(old.addresses(), Lead.Address::id));
      replaced.add(Part.ADDRESSES);
    }
    String name = in.has("name") ? in.string("name", TEXT) : old.name();
    String statusId = old.statusId();
    String statusLabel = old.statusLabel();
    if (in.has("status_id") || in.has("status_label")) {
      Status s = status(in);
      statusId = s == null ? null : s.id();
      statusLabel = s == null ? null : s.label();
    }
    Lead lead =
        new Lead(
            old.id(),
            old.workspaceId(),
            name,
            displayName(name, contacts),
            statusId,
            statusLabel,
            in.has("url") ? in.string("url", TEXT) : old.url(),
            in.has("description") ? in.string("description", LONG_TEXT) : old.description(),
            in.has("source") ? in.string("source", TEXT) : old.source(),
            in.has("medium") ? in.string("medium", TEXT) : old.medium(),
            in.has("campaign") ? in.string("campaign", TEXT) : old.campaign(),
            in.has("custom") ? custom(in, old.custom().deepCopy()) : old.custom(),
            contacts,
            opps,
            acts,
            addrs,
            old.createdAt(),
            now,
            null);
    return new Patched(lead, replaced);
  }

  /** Close's rule: the name, or the first contact's name when the lead has none. */
  static String displayName(@Nullable String name, List<Lead.Contact> contacts) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    return contacts.stream()
        .map(Lead.Contact::name)
        .filter(n -> n != null && !n.isBlank())
        .findFirst()
        .orElse("");
  }

  private @Nullable Status status(JsonInput in) {
    String id = in.string("status_id", 100);
    String label = in.string("status_label", TEXT);
    if (id != null && label != null) {
      throw LeadportException.invalid(
          in.pathOf("status_id"), "Give status_id or status_label, not both.");
    }
    if (id != null) {
      return catalog
          .statusById(id)
          .orElseThrow(() ->
              LeadportException.invalid(
                  in.pathOf("status_id"), "No status " + id + " in this workspace."));
    }
    if (label != null) {
      return catalog
          .statusByLabel(label)
          .orElseThrow(() ->
              LeadportException.invalid(
                  in.pathOf("status_label"),
                  "No status labelled " + label + " in this workspace."));
    }
    if (in.has("status_id") || in.has("status_label")) {
      return null;
    }
    return catalog.defaultStatus().orElse(null);
  }

  private ObjectNode custom(JsonInput in, ObjectNode into) {
    JsonInput custom = in.object("custom");
    if (custom == null) {
      return into;
    }
    Iterator<Map.Entry<String, JsonNode>> fields = custom.node().properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String path = custom.pathOf(e.getKey());
      CustomField field =
          catalog
              .field(e.getKey())
              .orElseThrow(() ->
                  LeadportException.invalid(
                      path, "No custom field " + e.getKey() + " in this workspace."));
      if (e.getValue().isNull()) {
        into.remove(field.id());
      } else {
        into.set(field.id(), customValue(field, e.getValue(), path));
      }
    }
    return into;
  }

  /** Checks a value against its field's type; dates and date-times are normalised to ISO. */
  static JsonNode customValue(CustomField field, JsonNode v, String path) {
    switch (field.type()) {
      case TEXT -> {
        if (!v.isTextual() || v.textValue().length() > LONG_TEXT) {
          throw LeadportException.invalid(path, path + " must be a string (custom text field).");
        }
        return v;
      }
      case NUMBER -> {
        if (!v.isNumber() || (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()))) {
          throw LeadportException.invalid(path, path + " must be a number (custom number field).");
        }
        return v;
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw LeadportException.invalid(path, path + " must be true or false.");
        }
        return v;
      }
      case DATE -> {
        try {
          LocalDate day = DateRange.check(LocalDate.parse(v.asText()), path);
          return Json.MAPPER.getNodeFactory().textNode(day.toString());
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(path, path + " must be a date such as 2026-02-18.");
        }
      }
      case DATETIME -> {
        try {
          Instant t = DateRange.check(OffsetDateTime.parse(v.asText()).toInstant(), path);
          return Json.MAPPER.getNodeFactory().textNode(Times.iso(t));
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(
              path, path + " must be a date-time with an offset such as 2026-02-18T09:30:00Z.");
        }
      }
      case CHOICES -> {
        if (!v.isTextual() || !field.choices().contains(v.textValue())) {
          throw LeadportException.invalid(path, path + " must be one of " + field.choices() + ".");
        }
        return v;
      }
    }
    throw new IllegalStateException("unhandled custom field type " + field.type());
  }

  private static List<Lead.Contact> contacts(JsonInput in, Map<String, ?> existing) {
    List<Lead.Contact> out = new ArrayList<>();
    for (JsonInput c : in.objects("contacts", 100)) {
      c.allowOnly(CONTACT_KEYS);
      String id = itemId(c, existing, "cont_");
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

  private static List<Lead.Opportunity> opportunities(JsonInput in, Map<String, ?> existing) {
    List<Lead.Opportunity> out = new ArrayList<>();
    for (JsonInput o : in.objects("opportunities", 100)) {
      o.allowOnly(OPPORTUNITY_KEYS);
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
              itemId(o, existing, "oppo_"),
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

  private static List<Lead.Activity> activities(JsonInput in, Map<String, ?> existing) {
    List<Lead.Activity> out = new ArrayList<>();
    for (JsonInput a : in.objects("activities", 1000)) {
      a.allowOnly(ACTIVITY_KEYS);
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
              itemId(a, existing, "acti_"),
              type,
              date.toInstant(),
              a.oneOf("direction", Set.of("inbound", "outbound")),
              duration == null ? null : duration.intValue(),
              a.string("subject", TEXT),
              a.string("body", LONG_TEXT)));
    }
    return out;
  }

  private static List<Lead.Address> addresses(JsonInput in, Map<String, ?> existing) {
    List<Lead.Address> out = new ArrayList<>();
    for (JsonInput a : in.objects("addresses", 20)) {
      a.allowOnly(ADDRESS_KEYS);
      out.add(
          new Lead.Address(
              itemId(a, existing, "addr_"),
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
  private static String itemId(JsonInput item, Map<String, ?> existing, String prefix) {
    String id = item.string("id", 100);
    if (id == null) {
      return Ids.next(prefix);
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

  private static <T> Map<String, T> index(
      List<T> items, java.util.function.Function<T, String> id) {
    Map<String, T> out = new HashMap<>();
    items.forEach(i -> out.put(id.apply(i), i));
    return out;
  }
}
