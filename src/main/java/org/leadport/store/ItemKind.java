package org.leadport.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The catalogue of one kind of a lead's items (contacts, opportunities, activities, addresses): its
 * table, its fields ({@link ItemField}, in the order of the item's record and of its JSON's keys)
 * and the columns every item row has besides. The store's statements ({@link ItemRows}), the native
 * JSON ({@code leads.LeadJson}), the request members ({@code leads.LeadItems}), the export's lead
 * documents ({@code export.LeadDocuments}) and the seed's COPY columns ({@code synthetic}) are
 * derived from it, as the lead's own are from {@link LeadField}. Immutable.
 *
 * @param <T> the item's record
 */
public final class ItemKind<T> {
  public static final ItemKind<Lead.Contact> CONTACTS =
      new ItemKind<>(
          LeadField.CONTACTS,
          "cont_",
          "position",
          true,
          List.of("created_at", "updated_at"),
          List.of(
              ItemField.text("id", Lead.Contact::id),
              ItemField.text("name", Lead.Contact::name),
              ItemField.text("first_name", Lead.Contact::firstName),
              ItemField.text("last_name", Lead.Contact::lastName),
              ItemField.text("title", Lead.Contact::title),
              ItemField.channels("emails", "email", Lead.Contact::emails),
              ItemField.channels("phones", "phone", Lead.Contact::phones),
              ItemField.channels("urls", "url", Lead.Contact::urls)),
          Lead::contacts,
          v ->
              new Lead.Contact(
                  v.id(),
                  v.text("name"),
                  v.text("first_name"),
                  v.text("last_name"),
                  v.text("title"),
                  v.get("emails"),
                  v.get("phones"),
                  v.get("urls")));

  public static final ItemKind<Lead.Opportunity> OPPORTUNITIES =
      new ItemKind<>(
          LeadField.OPPORTUNITIES,
          "oppo_",
          "position",
          true,
          List.of("created_at", "updated_at"),
          List.of(
              ItemField.text("id", Lead.Opportunity::id),
              ItemField.text("status_type", Lead.Opportunity::statusType),
              ItemField.text("status_label", Lead.Opportunity::statusLabel),
              ItemField.integer("value", Lead.Opportunity::value),
              ItemField.text("value_currency", Lead.Opportunity::valueCurrency),
              ItemField.text("value_period", Lead.Opportunity::valuePeriod),
              ItemField.integer("confidence", Lead.Opportunity::confidence),
              ItemField.date("date_won", Lead.Opportunity::dateWon),
              ItemField.text("note", Lead.Opportunity::note),
              ItemField.text("user_name", Lead.Opportunity::userName)),
          Lead::opportunities,
          v ->
              new Lead.Opportunity(
                  v.id(),
                  v.get("status_type"),
                  v.text("status_label"),
                  v.nullable("value"),
                  v.text("value_currency"),
                  v.text("value_period"),
                  v.nullable("confidence"),
                  v.nullable("date_won"),
                  v.text("note"),
                  v.text("user_name")));

  public static final ItemKind<Lead.Activity> ACTIVITIES =
      new ItemKind<>(
          LeadField.ACTIVITIES,
          "acti_",
          // Activities keep no position: they are in the order they happened.
          "occurred_at, id",
          false,
          List.of("created_at"),
          List.of(
              ItemField.text("id", Lead.Activity::id),
              ItemField.text("type", Lead.Activity::type),
              ItemField.time("date", "occurred_at", Lead.Activity::date),
              ItemField.text("direction", Lead.Activity::direction),
              ItemField.integer("duration", Lead.Activity::duration),
              ItemField.text("subject", Lead.Activity::subject),
              ItemField.text("body", Lead.Activity::body)),
          Lead::activities,
          v ->
              new Lead.Activity(
                  v.id(),
                  v.get("type"),
                  v.get("date"),
                  v.text("direction"),
                  v.nullable("duration"),
                  v.text("subject"),
                  v.text("body")));

  public static final ItemKind<Lead.Address> ADDRESSES =
      new ItemKind<>(
          LeadField.ADDRESSES,
          "addr_",
          "position",
          true,
          List.of(),
          List.of(
              ItemField.text("id", Lead.Address::id),
              ItemField.text("label", Lead.Address::label),
              ItemField.text("address_1", Lead.Address::address1),
              ItemField.text("address_2", Lead.Address::address2),
              ItemField.text("city", Lead.Address::city),
              ItemField.text("state", Lead.Address::state),
              ItemField.text("zipcode", Lead.Address::zipcode),
              ItemField.text("country", Lead.Address::country)),
          Lead::addresses,
          v ->
              new Lead.Address(
                  v.id(),
                  v.text("label"),
                  v.text("address_1"),
                  v.text("address_2"),
                  v.text("city"),
                  v.text("state"),
                  v.text("zipcode"),
                  v.text("country")));

  private static final List<ItemKind<?>> ALL =
      List.of(CONTACTS, OPPORTUNITIES, ACTIVITIES, ADDRESSES);

  private final LeadField field;
  private final String idPrefix;
  private final String order;
  private final boolean positioned;
  private final List<String> stamps;
  private final List<ItemField<T>> fields;
  private final Function<Lead, List<T>> items;
  private final Function<ItemRows.Values, T> make;

  private ItemKind(
      LeadField field,
      String idPrefix,
      String order,
      boolean positioned,
      List<String> stamps,
      List<ItemField<T>> fields,
      Function<Lead, List<T>> items,
      Function<ItemRows.Values, T> make) {
    this.field = field;
    this.idPrefix = idPrefix;
    this.order = order;
    this.positioned = positioned;
    this.stamps = stamps;
    this.fields = fields;
    this.items = items;
    this.make = make;
  }

  /** The kinds, in the order of the lead's JSON. */
  public static List<ItemKind<?>> all() {
    return ALL;
  }

  /** The kind a lead field of {@link LeadField.Type#ITEMS} holds. */
  public static ItemKind<?> of(LeadField field) {
    for (ItemKind<?> k : ALL) {
      if (k.field == field) {
        return k;
      }
    }
    throw new IllegalArgumentException(field + " holds no items");
  }

  /** The lead field holding these items; its key is also the name of their table. */
  public LeadField field() {
    return field;
  }

  /** The key of the lead's JSON holding these items, and the name of their table. */
  public String table() {
    return Objects.requireNonNull(field.key());
  }

  /** What a new item's id starts with ({@code model.Ids}). */
  public String idPrefix() {
    return idPrefix;
  }

  /** The fields, the id first. */
  public List<ItemField<T>> fields() {
    return fields;
  }

  /** The items of this kind {@code lead} holds, in its order. */
  public List<T> items(Lead lead) {
    return items.apply(lead);
  }

  /**
   * Whether an item's JSON names its lead ({@code lead_id}, after the id): contacts, opportunities
   * and activities do, addresses (which are only ever read with their lead) do not.
   */
  public boolean showsLeadId() {
    return this != ADDRESSES;
  }

  /** Whether an item's JSON names its lead's id right after {@code field}'s key. */
  public boolean leadIdFollows(ItemField<?> field) {
    return field == fields.get(0) && showsLeadId();
  }

  /** The keys of an item's JSON, in order. */
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (ItemField<T> f : fields) {
      out.add(f.key());
      if (leadIdFollows(f)) {
        out.add("lead_id");
      }
    }
    return out;
  }

  /** The members an item of a create or update request may have: its fields' keys. */
  public Set<String> inputKeys() {
    return fields.stream().map(ItemField::key).collect(Collectors.toUnmodifiableSet());
  }

  /** Whether the items keep their position in the lead (a {@code position} column). */
  boolean positioned() {
    return positioned;
  }

  /** The timestamp columns a new row sets to its lead's last change. */
  List<String> stamps() {
    return stamps;
  }

  /** The columns after {@code lead_id} an item's rows are ordered by within their lead. */
  public String order() {
    return order;
  }

  /**
   * The table and the columns a new row sets, as COPY and INSERT name them: {@code contacts (id,
   * workspace_id, lead_id, position, name, …, created_at, updated_at)}. Besides the fields: the
   * workspace and lead, the position in the lead (but for activities) and the row's timestamps.
   */
  public String copyColumns() {
    return table() + " (" + String.join(", ", written()) + ")";
  }

  /** The columns a new row sets, in the order {@link #copyColumns()} names them. */
  List<String> written() {
    List<String> out = new ArrayList<>();
    out.add(fields.get(0).column());
    out.add("workspace_id");
    out.add("lead_id");
    if (positioned) {
      out.add("position");
    }
    fields.subList(1, fields.size()).forEach(f -> out.add(f.column()));
    out.addAll(stamps);
    return out;
  }

  @Override
  public String toString() {
    return table();
  }

  /** {@code item} made of its values. */
  T make(ItemRows.Values values) {
    return make.apply(values);
  }
}
