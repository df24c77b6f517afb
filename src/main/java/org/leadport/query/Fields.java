package org.leadport.query;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.leadport.model.CustomField;

/**
 * The queryable fields of each object kind under their Close names (with Leadport's own names as
 * aliases), plus a workspace's custom fields. Column expressions use {@code %s} for the object's
 * table alias. Immutable.
 */
public final class Fields {
  private static final String STATUS_LABEL =
      "(select s.label from status_stages s where s.id = %s.status_id)";

  private static final Map<ObjectKind, Map<String, FieldRef>> REGULAR = regular();

  /** The regular fields alone, for surfaces whose filters name no custom field. */
  public static final Fields STANDARD = new Fields(List.of());

  private final Map<String, CustomField> customById = new LinkedHashMap<>();
  private final Map<String, CustomField> customByName = new LinkedHashMap<>();

  public Fields(List<CustomField> customFields) {
    for (CustomField f : customFields) {
      customById.put(f.id(), f);
      customByName.put(f.name(), f);
    }
  }

  /** A regular field of {@code kind}, by name. */
  public Optional<FieldRef> regular(ObjectKind kind, String name) {
    return Optional.ofNullable(regularOf(kind).get(name));
  }

  /** The names {@link #regular} accepts for {@code kind}, for error messages. */
  public Set<String> regularNames(ObjectKind kind) {
    return regularOf(kind).keySet();
  }

  /** Every kind has its regular fields (see {@link #regular()}). */
  private static Map<String, FieldRef> regularOf(ObjectKind kind) {
    return Objects.requireNonNull(REGULAR.get(kind), kind.name());
  }

  /** A lead custom field by id ({@code cf_…}) or exact name. */
  public Optional<FieldRef> custom(String idOrName) {
    CustomField f = customById.getOrDefault(idOrName, customByName.get(idOrName));
    if (f == null) {
      return Optional.empty();
    }
    ValueType type =
        switch (f.type()) {
          case TEXT, CHOICES -> ValueType.TEXT;
          case NUMBER -> ValueType.NUMBER;
          case DATE -> ValueType.DATE;
          case DATETIME -> ValueType.DATETIME;
          case BOOLEAN -> ValueType.BOOLEAN;
        };
    return Optional.of(FieldRef.custom(f.name(), type, f.id()));
  }

  private static Map<ObjectKind, Map<String, FieldRef>> regular() {
    Map<ObjectKind, Map<String, FieldRef>> all = new LinkedHashMap<>();
    Map<String, FieldRef> lead = new LinkedHashMap<>();
    text(lead, ObjectKind.LEAD, "id", "name", "display_name", "status_id", "url", "description");
    text(lead, ObjectKind.LEAD, "source", "medium", "campaign");
    lead.put(
        "status_label",
        FieldRef.column(ObjectKind.LEAD, "status_label", ValueType.TEXT, STATUS_LABEL));
    timestamps(lead, ObjectKind.LEAD);
    all.put(ObjectKind.LEAD, Map.copyOf(lead));

    Map<String, FieldRef> contact = new LinkedHashMap<>();
    text(contact, ObjectKind.CONTACT, "id", "name", "title");
    contact.put("email", FieldRef.array(ObjectKind.CONTACT, "email", "%s.emails", "email"));
    contact.put("phone", FieldRef.array(ObjectKind.CONTACT, "phone", "%s.phones", "phone"));
    contact.put("url", FieldRef.array(ObjectKind.CONTACT, "url", "%s.urls", "url"));
    timestamps(contact, ObjectKind.CONTACT);
    all.put(ObjectKind.CONTACT, Map.copyOf(contact));

    Map<String, FieldRef> opp = new LinkedHashMap<>();
    text(opp, ObjectKind.OPPORTUNITY, "id", "status_type", "status_label", "value_currency");
    text(opp, ObjectKind.OPPORTUNITY, "value_period", "note", "user_name");
    number(opp, ObjectKind.OPPORTUNITY, "value", "confidence");
    opp.put(
        "date_won",
        FieldRef.column(ObjectKind.OPPORTUNITY, "date_won", ValueType.DATE, "%s.date_won"));
    timestamps(opp, ObjectKind.OPPORTUNITY);
    all.put(ObjectKind.OPPORTUNITY, Map.copyOf(opp));

    Map<String, FieldRef> address = new LinkedHashMap<>();
    text(address, ObjectKind.ADDRESS, "id", "label", "address_1", "address_2", "city", "state");
    text(address, ObjectKind.ADDRESS, "zipcode", "country");
    all.put(ObjectKind.ADDRESS, Map.copyOf(address));

    Map<String, FieldRef> activity = new LinkedHashMap<>();
    text(activity, ObjectKind.ACTIVITY, "id", "type", "direction", "subject", "body");
    number(activity, ObjectKind.ACTIVITY, "duration");
    activity.put(
        "date", FieldRef.column(ObjectKind.ACTIVITY, "date", ValueType.DATETIME, "%s.occurred_at"));
    all.put(ObjectKind.ACTIVITY, Map.copyOf(activity));
    return Map.copyOf(all);
  }

  private static void text(Map<String, FieldRef> into, ObjectKind kind, String... names) {
    for (String n : names) {
      into.put(n, FieldRef.column(kind, n, ValueType.TEXT, "%s." + n));
    }
  }

  private static void number(Map<String, FieldRef> into, ObjectKind kind, String... names) {
    for (String n : names) {
      into.put(n, FieldRef.column(kind, n, ValueType.NUMBER, "%s." + n));
    }
  }

  private static void timestamps(Map<String, FieldRef> into, ObjectKind kind) {
    FieldRef created = FieldRef.column(kind, "date_created", ValueType.DATETIME, "%s.created_at");
    FieldRef updated = FieldRef.column(kind, "date_updated", ValueType.DATETIME, "%s.updated_at");
    into.put("date_created", created);
    into.put("created_at", created);
    into.put("date_updated", updated);
    into.put("updated_at", updated);
  }
}
