package org.leadport.export.column;

import java.util.ArrayList;
import java.util.List;
import org.leadport.LeadportException;
import org.leadport.model.CustomField;

/**
 * The documented columns of each row type, and the joins their expressions read from. Leads are
 * aliased {@code l}, contacts {@code c}, opportunities {@code o}. Custom fields come as {@code
 * custom.<name>} in name order, typed by their definition ({@link CustomFieldColumns}). DATETIME
 * expressions yield {@code timestamptz}; the row source writes them in the export's date format.
 * Which columns show under which names is {@link ColumnNames}'s; columns asked for by field are
 * {@link FieldColumns}'. Stateless.
 */
public final class ExportColumns {
  /** Which columns a row type has and what they need joined. */
  public record Set(List<ExportColumn> columns, String joins) {}

  private static final String STATUS = "left join status_stages s on s.id = l.status_id\n";

  /**
   * The primary address's parts, as the lead row carries them (the export projection, migration
   * V18: {@code primary_address_1} … {@code primary_country}, kept by triggers on addresses).
   */
  private static final List<String> ADDRESS_PARTS =
      List.of("address_1", "address_2", "city", "state", "zipcode", "country");

  /** Every address of the lead, one a line, parts separated by commas. */
  private static final String ALL_ADDRESSES =
      """
      (select string_agg(concat_ws(', ', nullif(a.label, '') || ':', a.address_1, a.address_2,
         a.city, a.state, a.zipcode, a.country), E'\\n' order by a.position)
       from addresses a where a.lead_id = l.id)\
      """;

  private ExportColumns() {}

  /**
   * The columns of {@code rows}, narrowed to {@code options.fields()} (in that order) when given.
   *
   * @throws LeadportException 400 naming the valid fields when a field is unknown
   */
  public static Set of(RowType rows, ExportOptions options, List<CustomField> customFields) {
    return of(rows, options, customFields, false);
  }

  /**
   * As {@link #of(RowType, ExportOptions, List)}, for an export that includes deleted leads when
   * {@code tombstones}: their {@code deleted_at} is a column under every naming.
   */
  public static Set of(
      RowType rows, ExportOptions options, List<CustomField> customFields, boolean tombstones) {
    List<ExportColumn> all = new ArrayList<>();
    StringBuilder joins = new StringBuilder(STATUS);
    switch (rows) {
      case LEADS -> {
        lead(all, customFields);
        if (options.addresses()) {
          all.add(ExportColumn.of("addresses", ColumnKind.TEXT, ALL_ADDRESSES));
        }
      }
      case CONTACTS -> {
        contact(all, customFields);
        if (options.addresses()) {
          address(all, "lead_address.");
        }
      }
      case OPPORTUNITIES -> {
        opportunity(all);
        if (options.addresses()) {
          address(all, "lead_address.");
        }
      }
    }
    if (options.smartFields()) {
      joins.append(SmartFields.JOINS);
      all.addAll(SmartFields.columns());
    }
    return new Set(ColumnNames.shown(all, options, customFields, tombstones), joins.toString());
  }

  private static void lead(List<ExportColumn> out, List<CustomField> customFields) {
    text(out, "id", "l.id");
    text(out, "display_name", "l.display_name");
    text(out, "status_id", "l.status_id");
    text(out, "status_label", "s.label");
    text(out, "url", "l.url");
    text(out, "description", "l.description");
    text(out, "source", "l.source");
    text(out, "medium", "l.medium");
    text(out, "campaign", "l.campaign");
    // The primary contact (first by position), its first email and phone: the export projection
    // (migration V18), kept on the lead row by triggers on contacts.
    text(out, "primary_contact_name", "l.primary_contact_name");
    text(out, "primary_contact_email", "l.primary_contact_email");
    text(out, "primary_contact_phone", "l.primary_contact_phone");
    address(out, "address.");
    CustomFieldColumns.add(out, customFields);
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "l.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "l.updated_at"));
    out.add(ExportColumn.of("deleted_at", ColumnKind.DATETIME, "l.deleted_at"));
  }

  private static void contact(List<ExportColumn> out, List<CustomField> customFields) {
    text(out, "id", "c.id");
    text(out, "lead_id", "l.id");
    text(out, "lead_display_name", "l.display_name");
    text(out, "lead_status_label", "s.label");
    text(out, "name", "c.name");
    text(out, "title", "c.title");
    channels(out, "email", "c.emails");
    channels(out, "phone", "c.phones");
    channels(out, "url", "c.urls");
    CustomFieldColumns.add(out, customFields);
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "c.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "c.updated_at"));
  }

  private static void opportunity(List<ExportColumn> out) {
    text(out, "id", "o.id");
    text(out, "lead_id", "l.id");
    text(out, "lead_display_name", "l.display_name");
    text(out, "status_type", "o.status_type");
    text(out, "status_label", "o.status_label");
    out.add(ExportColumn.of("value", ColumnKind.INTEGER, "o.value"));
    text(out, "value_currency", "o.value_currency");
    text(out, "value_period", "o.value_period");
    out.add(ExportColumn.of("confidence", ColumnKind.INTEGER, "o.confidence"));
    out.add(ExportColumn.of("date_won", ColumnKind.DATE, "to_char(o.date_won, 'YYYY-MM-DD')"));
    text(out, "note", "o.note");
    text(out, "user_name", "o.user_name");
    out.add(ExportColumn.of("created_at", ColumnKind.DATETIME, "o.created_at"));
    out.add(ExportColumn.of("updated_at", ColumnKind.DATETIME, "o.updated_at"));
  }

  /** The first value of a contact's channel, and all of them joined by ", ". */
  private static void channels(List<ExportColumn> out, String key, String column) {
    text(out, "primary_" + key, column + " -> 0 ->> '" + key + "'");
    text(
        out,
        key + "s",
        "(select string_agg(e ->> '"
            + key
            + "', ', ' order by n) from jsonb_array_elements("
            + column
            + ") with ordinality as x(e, n))");
  }

  private static void address(List<ExportColumn> out, String prefix) {
    for (String part : ADDRESS_PARTS) {
      text(out, prefix + part, "l.primary_" + part);
    }
  }

  private static void text(List<ExportColumn> out, String header, String sql) {
    out.add(ExportColumn.of(header, ColumnKind.TEXT, sql));
  }
}
