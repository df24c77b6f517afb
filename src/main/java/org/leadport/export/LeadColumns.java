package org.leadport.export;

import java.util.ArrayList;
import java.util.List;
import org.leadport.store.CustomField;

/**
 * The documented column set of a one-row-per-lead export, in order. Custom fields come as {@code
 * custom.<name>} in name order, typed by their definition.
 */
public final class LeadColumns {
  /** The joins the column expressions rely on, after {@code from leads l}. */
  static final String JOINS =
      """
      left join status_stages s on s.id = l.status_id
      left join lateral (select c.name, c.emails, c.phones from contacts c
                         where c.lead_id = l.id order by c.position limit 1) pc on true
      left join lateral (select a.address_1, a.address_2, a.city, a.state, a.zipcode, a.country
                         from addresses a where a.lead_id = l.id order by a.position limit 1) pa
        on true
      """;

  private static final String UTC_MICROS =
      "to_char(%s at time zone 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

  private LeadColumns() {}

  public static List<ExportColumn> all(List<CustomField> customFields) {
    List<ExportColumn> out = new ArrayList<>();
    out.add(ExportColumn.of("id", ColumnKind.TEXT, "l.id"));
    out.add(ExportColumn.of("display_name", ColumnKind.TEXT, "l.display_name"));
    out.add(ExportColumn.of("status_id", ColumnKind.TEXT, "l.status_id"));
    out.add(ExportColumn.of("status_label", ColumnKind.TEXT, "s.label"));
    out.add(ExportColumn.of("url", ColumnKind.TEXT, "l.url"));
    out.add(ExportColumn.of("description", ColumnKind.TEXT, "l.description"));
    out.add(ExportColumn.of("source", ColumnKind.TEXT, "l.source"));
    out.add(ExportColumn.of("medium", ColumnKind.TEXT, "l.medium"));
    out.add(ExportColumn.of("campaign", ColumnKind.TEXT, "l.campaign"));
    out.add(ExportColumn.of("primary_contact_name", ColumnKind.TEXT, "pc.name"));
    out.add(
        ExportColumn.of("primary_contact_email", ColumnKind.TEXT, "pc.emails -> 0 ->> 'email'"));
    out.add(
        ExportColumn.of("primary_contact_phone", ColumnKind.TEXT, "pc.phones -> 0 ->> 'phone'"));
    for (String part : List.of("address_1", "address_2", "city", "state", "zipcode", "country")) {
      out.add(ExportColumn.of("address." + part, ColumnKind.TEXT, "pa." + part));
    }
    for (CustomField f :
        customFields.stream().sorted(java.util.Comparator.comparing(CustomField::name)).toList()) {
      out.add(
          new ExportColumn(
              "custom." + f.name(), kind(f.type()), "l.custom ->> ?", List.of(f.id())));
    }
    out.add(
        ExportColumn.of("created_at", ColumnKind.DATETIME, UTC_MICROS.formatted("l.created_at")));
    out.add(
        ExportColumn.of("updated_at", ColumnKind.DATETIME, UTC_MICROS.formatted("l.updated_at")));
    out.add(
        ExportColumn.of("deleted_at", ColumnKind.DATETIME, UTC_MICROS.formatted("l.deleted_at")));
    return out;
  }

  private static ColumnKind kind(CustomField.Type type) {
    return switch (type) {
      case TEXT, CHOICES -> ColumnKind.TEXT;
      case NUMBER -> ColumnKind.NUMBER;
      case DATE -> ColumnKind.DATE;
      case DATETIME -> ColumnKind.DATETIME;
      case BOOLEAN -> ColumnKind.BOOLEAN;
    };
  }
}
