package org.leadport.surface.hubspot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.CustomField;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.ValueType;
import org.leadport.store.Lead;
import org.leadport.store.ObjectSearchRepository.ContactRow;
import org.leadport.store.ObjectSearchRepository.OpportunityRow;

/**
 * The HubSpot property names of each object type and the Leadport fields they are; for companies
 * also the workspace's custom fields, by internal name ({@link #internalName}), exact name or id.
 * {@code docs/hubspot-properties.md} documents this table. Immutable.
 */
final class HubSpotProperties {
  /** The name of a contact's or deal's lead, for {@code company} and {@code dealname}. */
  private static final String LEAD_NAME =
      "(select hl.display_name from leads hl where hl.id = %s.lead_id)";

  /** A column of a lead's first address (by position), then the SQL of the lead's id. */
  private static final String ADDRESS =
      "(select ha.%s from addresses ha where ha.lead_id = %s order by ha.position limit 1)";

  /** The label of the status of a contact's lead, for a contact's {@code hs_lead_status}. */
  private static final String LEAD_STATUS =
      "(select hs.label from leads hl join status_stages hs on hs.id = hl.status_id"
          + " where hl.id = %s.lead_id)";

  /** A contact's first phone number whose type is mobile. */
  private static final String MOBILE =
      "(select hp ->> 'phone' from jsonb_array_elements(%s.phones) with ordinality as p(hp, n)"
          + " where hp ->> 'type' = 'mobile' order by n limit 1)";

  private static final String DOMAIN =
      "lower(substring(%s.url from '" + HubSpotValues.DOMAIN_REGEX + "'))";

  private static final Map<HubSpotObject, Map<String, HubSpotProperty>> STANDARD = standard();

  private final HubSpotObject object;
  private final Fields fields;
  private final List<CustomField> customFields;

  private HubSpotProperties(HubSpotObject object, List<CustomField> customFields) {
    this.object = object;
    this.customFields = List.copyOf(customFields);
    this.fields = new Fields(this.customFields);
  }

  /** The properties of {@code object}; custom fields count only for companies. */
  static HubSpotProperties of(HubSpotObject object, List<CustomField> customFields) {
    return new HubSpotProperties(
        object, object == HubSpotObject.COMPANIES ? customFields : List.of());
  }

  /** The standard property names of {@code object}, for documentation and tests. */
  static Map<String, HubSpotProperty> standard(HubSpotObject object) {
    // standard() maps every object.
    return Objects.requireNonNull(STANDARD.get(object));
  }

  Optional<HubSpotProperty> find(String name) {
    HubSpotProperty p = standard(object).get(name);
    if (p != null) {
      return Optional.of(p);
    }
    Optional<FieldRef> custom = fields.custom(name);
    if (custom.isEmpty()) {
      custom =
          customFields.stream()
              .filter(f -> internalName(f.name()).equals(name))
              .findFirst()
              .flatMap(f -> fields.custom(f.id()));
    }
    return custom.map(HubSpotProperties::custom);
  }

  /**
   * A custom field's HubSpot internal name, as HubSpot derives one from a label: lower case, each
   * run of characters other than letters and digits one underscore, none at either end ("Lead
   * Score" is {@code lead_score}, "Tier" {@code tier}).
   */
  static String internalName(String label) {
    String lower = label.toLowerCase(java.util.Locale.ROOT);
    return lower.replaceAll("[^\\p{L}\\p{N}]+", "_").replaceAll("^_+|_+$", "");
  }

  /** The property {@code name}; a 400 naming {@code path} when the object type has none. */
  HubSpotProperty require(String name, String path) {
    return find(name)
        .orElseThrow(() -> {
          TreeSet<String> valid = new TreeSet<>(standard(object).keySet());
          customFields.forEach(f -> valid.add(internalName(f.name())));
          return new LeadportException(
              400,
              "property_doesnt_exist",
              "Property \""
                  + name
                  + "\" does not exist on "
                  + object.pathName()
                  + "."
                  + " Valid properties are "
                  + valid
                  + ".",
              path);
        });
  }

  private static HubSpotProperty custom(FieldRef f) {
    String id = f.customFieldId();
    return new HubSpotProperty(
        f.name(), f, 0, row -> HubSpotValues.custom(((Lead) row).custom().get(id)));
  }

  private static Map<HubSpotObject, Map<String, HubSpotProperty>> standard() {
    Map<HubSpotObject, Map<String, HubSpotProperty>> all = new LinkedHashMap<>();

    Table<Lead> co = new Table<>(ObjectKind.LEAD, Lead.class);
    co.regular("hs_object_id", "id", Lead::id);
    co.regular("name", "display_name", Lead::displayName);
    co.computed("domain", ValueType.TEXT, DOMAIN, l -> HubSpotValues.domain(l.url()));
    co.regular("website", "url", Lead::url);
    co.regular("description", "description", Lead::description);
    address(co, "%s.id", l -> l.addresses().isEmpty() ? null : l.addresses().get(0));
    co.regular("hs_lead_status", "status_label", Lead::statusLabel);
    co.regular("hs_analytics_source", "source", Lead::source);
    co.regular("source", "source", Lead::source);
    co.regular("medium", "medium", Lead::medium);
    co.regular("campaign", "campaign", Lead::campaign);
    co.computed(
        "num_associated_contacts",
        ValueType.NUMBER,
        "(select count(*) from contacts hc where hc.lead_id = %s.id)",
        l -> Integer.toString(l.contacts().size()));
    co.computed(
        "num_associated_deals",
        ValueType.NUMBER,
        "(select count(*) from opportunities ho where ho.lead_id = %s.id)",
        l -> Integer.toString(l.opportunities().size()));
    co.regular("createdate", "date_created", l -> HubSpotValues.iso(l.createdAt()));
    co.regular("hs_lastmodifieddate", "date_updated", l -> HubSpotValues.iso(l.updatedAt()));
    all.put(HubSpotObject.COMPANIES, co.done());

    Table<ContactRow> ct = new Table<>(ObjectKind.CONTACT, ContactRow.class);
    ct.regular("hs_object_id", "id", ContactRow::id);
    ct.regular("name", "name", ContactRow::name);
    ct.computed("firstname", ValueType.TEXT, "%s.first_name", ContactRow::firstName);
    ct.computed("lastname", ValueType.TEXT, "%s.last_name", ContactRow::lastName);
    ct.computed(
        "email",
        ValueType.TEXT,
        "(%s.emails -> 0 ->> 'email')",
        c -> HubSpotValues.first(c.emails()));
    ct.put(
        "hs_additional_emails",
        FieldRef.array(ObjectKind.CONTACT, "hs_additional_emails", "(%s.emails - 0)", "email"),
        0,
        c -> HubSpotValues.rest(c.emails()));
    ct.computed(
        "phone",
        ValueType.TEXT,
        "(%s.phones -> 0 ->> 'phone')",
        c -> HubSpotValues.first(c.phones()));
    ct.computed("mobilephone", ValueType.TEXT, MOBILE, c -> HubSpotValues.mobile(c.phones()));
    ct.regular("jobtitle", "title", ContactRow::title);
    ct.computed(
        "website", ValueType.TEXT, "(%s.urls -> 0 ->> 'url')", c -> HubSpotValues.first(c.urls()));
    ct.computed("company", ValueType.TEXT, LEAD_NAME, ContactRow::leadName);
    address(ct, "%s.lead_id", ContactRow::leadAddress);
    ct.computed("hs_lead_status", ValueType.TEXT, LEAD_STATUS, ContactRow::leadStatusLabel);
    ct.computed("associatedcompanyid", ValueType.TEXT, "%s.lead_id", ContactRow::leadId);
    ct.computed("associations.company", ValueType.TEXT, "%s.lead_id", ContactRow::leadId);
    ct.regular("createdate", "date_created", c -> HubSpotValues.iso(c.createdAt()));
    ct.regular("lastmodifieddate", "date_updated", c -> HubSpotValues.iso(c.updatedAt()));
    ct.regular("hs_lastmodifieddate", "date_updated", c -> HubSpotValues.iso(c.updatedAt()));
    all.put(HubSpotObject.CONTACTS, ct.done());

    Table<OpportunityRow> de = new Table<>(ObjectKind.OPPORTUNITY, OpportunityRow.class);
    de.regular("hs_object_id", "id", OpportunityRow::id);
    de.computed("dealname", ValueType.TEXT, LEAD_NAME, OpportunityRow::leadName);
    de.regular("description", "note", OpportunityRow::note);
    de.scaled("amount", "value", 2, o -> HubSpotValues.number(o.value(), 2));
    de.regular("deal_currency_code", "value_currency", OpportunityRow::valueCurrency);
    de.regular("dealstage", "status_label", OpportunityRow::statusLabel);
    // Leadport has one pipeline a workspace: HubSpot's default one, whose internal name is this.
    de.computed("pipeline", ValueType.TEXT, "'default'::text", o -> "default");
    de.scaled(
        "hs_deal_stage_probability", "confidence", 2, o -> HubSpotValues.number(o.confidence(), 2));
    de.regular("closedate", "date_won", o -> HubSpotValues.midnight(o.dateWon()));
    de.computed(
        "hs_is_closed_won",
        ValueType.BOOLEAN,
        "(%s.status_type = 'won')",
        o -> Boolean.toString("won".equals(o.statusType())));
    de.computed(
        "hs_is_closed",
        ValueType.BOOLEAN,
        "(%s.status_type in ('won', 'lost'))",
        o -> Boolean.toString(!"active".equals(o.statusType())));
    de.computed("associatedcompanyid", ValueType.TEXT, "%s.lead_id", OpportunityRow::leadId);
    de.computed("associations.company", ValueType.TEXT, "%s.lead_id", OpportunityRow::leadId);
    de.regular("createdate", "date_created", o -> HubSpotValues.iso(o.createdAt()));
    de.regular("hs_lastmodifieddate", "date_updated", o -> HubSpotValues.iso(o.updatedAt()));
    all.put(HubSpotObject.DEALS, de.done());
    return Collections.unmodifiableMap(all);
  }

  /**
   * HubSpot's address properties of a company or contact: the lead's first address ({@code leadId}
   * is the SQL of the lead's id over the alias {@code %s}). Leadport keeps addresses on leads only,
   * so a contact's address is its company's.
   */
  private static <T> void address(
      Table<T> t, String leadId, Function<T, Lead.@Nullable Address> address) {
    t.computed(
        "address",
        ValueType.TEXT,
        ADDRESS.formatted("address_1", leadId),
        r -> part(address.apply(r), Lead.Address::address1));
    t.computed(
        "address2",
        ValueType.TEXT,
        ADDRESS.formatted("address_2", leadId),
        r -> part(address.apply(r), Lead.Address::address2));
    t.computed(
        "city",
        ValueType.TEXT,
        ADDRESS.formatted("city", leadId),
        r -> part(address.apply(r), Lead.Address::city));
    t.computed(
        "state",
        ValueType.TEXT,
        ADDRESS.formatted("state", leadId),
        r -> part(address.apply(r), Lead.Address::state));
    t.computed(
        "zip",
        ValueType.TEXT,
        ADDRESS.formatted("zipcode", leadId),
        r -> part(address.apply(r), Lead.Address::zipcode));
    t.computed(
        "country",
        ValueType.TEXT,
        ADDRESS.formatted("country", leadId),
        r -> part(address.apply(r), Lead.Address::country));
  }

  private static @Nullable String part(
      Lead.@Nullable Address a, Function<Lead.Address, @Nullable String> part) {
    return a == null ? null : part.apply(a);
  }

  /** Builds one object type's table. */
  private static final class Table<T> {
    private final ObjectKind kind;
    private final Class<T> rowType;
    private final Map<String, HubSpotProperty> out = new LinkedHashMap<>();

    Table(ObjectKind kind, Class<T> rowType) {
      this.kind = kind;
      this.rowType = rowType;
    }

    /** A property that is one of the query model's regular fields of the kind. */
    void regular(String name, String field, Function<T, @Nullable String> render) {
      put(name, regularField(field), 0, render);
    }

    void scaled(String name, String field, int scale, Function<T, @Nullable String> render) {
      put(name, regularField(field), scale, render);
    }

    /** A property computed by an SQL expression over the object's alias ({@code %s}). */
    void computed(String name, ValueType type, String sql, Function<T, @Nullable String> render) {
      put(name, FieldRef.column(kind, name, type, sql), 0, render);
    }

    void put(String name, FieldRef field, int scale, Function<T, @Nullable String> render) {
      out.put(
          name, new HubSpotProperty(name, field, scale, row -> render.apply(rowType.cast(row))));
    }

    private FieldRef regularField(String field) {
      return Fields.STANDARD
          .regular(kind, field)
          .orElseThrow(() -> new IllegalStateException("no " + kind + " field " + field));
    }

    Map<String, HubSpotProperty> done() {
      return Collections.unmodifiableMap(new LinkedHashMap<>(out));
    }
  }
}
