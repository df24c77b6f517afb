package org.leadport.leads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.model.CustomField;
import org.leadport.model.Ids;
import org.leadport.store.Lead;
import org.leadport.store.LeadField;
import org.leadport.store.LeadRepository.Part;
import org.leadport.store.Status;

/**
 * Turns the native API's lead JSON into {@link Lead} values, validating every member and naming the
 * JSON path of the first problem. Stateless apart from the workspace catalog it resolves statuses
 * and custom fields against.
 */
public final class LeadParser {
  static final int TEXT = LeadField.Input.TEXT.maxLength();
  static final int LONG_TEXT = LeadField.Input.LONG_TEXT.maxLength();

  /** The members of a lead's create or update body: the catalogue's fields a request may set. */
  private static final Set<String> LEAD_KEYS =
      Arrays.stream(LeadField.values())
          .filter(f -> f.input() != LeadField.Input.NONE)
          .map(LeadField::shownKey)
          .collect(Collectors.toUnmodifiableSet());

  private final Catalog catalog;

  public LeadParser(Catalog catalog) {
    this.catalog = catalog;
  }

  /** A new lead from a create body; {@code path} prefixes error paths (bulk items). */
  public Lead create(JsonNode body, String path, String workspaceId, Instant now) {
    JsonInput in = JsonInput.of(body, path).allowOnly(LEAD_KEYS);
    List<Lead.Contact> contacts = LeadItems.contacts(in, Map.of());
    String name = text(in, LeadField.NAME);
    Status status = status(in);
    return new Lead(
        Ids.lead(),
        workspaceId,
        name,
        displayName(name, contacts),
        status == null ? null : status.id(),
        status == null ? null : status.label(),
        text(in, LeadField.URL),
        text(in, LeadField.DESCRIPTION),
        text(in, LeadField.SOURCE),
        text(in, LeadField.MEDIUM),
        text(in, LeadField.CAMPAIGN),
        custom(in, Json.object()),
        contacts,
        LeadItems.opportunities(in, Map.of()),
        LeadItems.activities(in, Map.of()),
        LeadItems.addresses(in, Map.of()),
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
      contacts = LeadItems.contacts(in, LeadItems.index(old.contacts(), Lead.Contact::id));
      replaced.add(Part.CONTACTS);
    }
    List<Lead.Opportunity> opps = old.opportunities();
    if (in.has("opportunities")) {
      opps =
          LeadItems.opportunities(in, LeadItems.index(old.opportunities(), Lead.Opportunity::id));
      replaced.add(Part.OPPORTUNITIES);
    }
    List<Lead.Activity> acts = old.activities();
    if (in.has("activities")) {
      acts = LeadItems.activities(in, LeadItems.index(old.activities(), Lead.Activity::id));
      replaced.add(Part.ACTIVITIES);
    }
    List<Lead.Address> addrs = old.addresses();
    if (in.has("addresses")) {
      addrs = LeadItems.addresses(in, LeadItems.index(old.addresses(), Lead.Address::id));
      replaced.add(Part.ADDRESSES);
    }
    String name = text(in, LeadField.NAME, old);
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
            text(in, LeadField.URL, old),
            text(in, LeadField.DESCRIPTION, old),
            text(in, LeadField.SOURCE, old),
            text(in, LeadField.MEDIUM, old),
            text(in, LeadField.CAMPAIGN, old),
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

  /** A plain string member of the body, checked by its field's rule in the catalogue. */
  private static @Nullable String text(JsonInput in, LeadField field) {
    if (field.input() != LeadField.Input.TEXT && field.input() != LeadField.Input.LONG_TEXT) {
      throw new IllegalArgumentException(field + " is not a plain string member");
    }
    return in.string(field.shownKey(), field.input().maxLength());
  }

  /** As {@link #text(JsonInput, LeadField)} when the member is present, else the old value. */
  private static @Nullable String text(JsonInput in, LeadField field, Lead old) {
    return in.has(field.shownKey()) ? text(in, field) : (String) field.of(old);
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
        into.set(field.id(), CustomValues.check(field, e.getValue(), path));
      }
    }
    return into;
  }
}
