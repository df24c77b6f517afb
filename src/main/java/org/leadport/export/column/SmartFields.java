package org.leadport.export.column;

import java.util.List;

/**
 * Close's smart fields: per-lead figures computed from what the lead holds. Communications are
 * calls, emails, SMS and meetings; notes are not. The primary opportunity is the lead's first (by
 * position). Computed in SQL, for rows of columns and JSON documents alike. Stateless.
 */
public final class SmartFields {
  /** The smart fields in export order. */
  public static final List<String> NAMES =
      List.of(
          "num_contacts",
          "num_emails",
          "num_calls",
          "num_notes",
          "num_opportunities",
          "num_won_opportunities",
          "times_communicated",
          "first_communication_date",
          "last_communication_date",
          "last_activity_date",
          "last_call_date",
          "last_email_date",
          "primary_opportunity_value");

  /** The lateral joins the columns read from, after the lead table {@code l}. */
  public static final String JOINS =
      """
      left join lateral (
        select count(*) filter (where a.type = 'email') as num_emails,
          count(*) filter (where a.type = 'call') as num_calls,
          count(*) filter (where a.type = 'note') as num_notes,
          count(*) filter (where a.type in ('call', 'email', 'sms', 'meeting')) as comms,
          min(a.occurred_at) filter (where a.type in ('call', 'email', 'sms', 'meeting'))
            as first_comm,
          max(a.occurred_at) filter (where a.type in ('call', 'email', 'sms', 'meeting'))
            as last_comm,
          max(a.occurred_at) as last_activity,
          max(a.occurred_at) filter (where a.type = 'call') as last_call,
          max(a.occurred_at) filter (where a.type = 'email') as last_email
        from activities a where a.lead_id = l.id) sf_a on true
      left join lateral (select count(*) as num_contacts from contacts sc where sc.lead_id = l.id)
        sf_c on true
      left join lateral (
        select count(*) as num_opps, count(*) filter (where so.status_type = 'won') as num_won,
          (array_agg(so.value order by so.position, so.id))[1] as primary_value
        from opportunities so where so.lead_id = l.id) sf_o on true
      """;

  private SmartFields() {}

  public static List<ExportColumn> columns() {
    return List.of(
        ExportColumn.of("num_contacts", ColumnKind.INTEGER, "sf_c.num_contacts"),
        ExportColumn.of("num_emails", ColumnKind.INTEGER, "sf_a.num_emails"),
        ExportColumn.of("num_calls", ColumnKind.INTEGER, "sf_a.num_calls"),
        ExportColumn.of("num_notes", ColumnKind.INTEGER, "sf_a.num_notes"),
        ExportColumn.of("num_opportunities", ColumnKind.INTEGER, "sf_o.num_opps"),
        ExportColumn.of("num_won_opportunities", ColumnKind.INTEGER, "sf_o.num_won"),
        ExportColumn.of("times_communicated", ColumnKind.INTEGER, "sf_a.comms"),
        ExportColumn.of("first_communication_date", ColumnKind.DATETIME, "sf_a.first_comm"),
        ExportColumn.of("last_communication_date", ColumnKind.DATETIME, "sf_a.last_comm"),
        ExportColumn.of("last_activity_date", ColumnKind.DATETIME, "sf_a.last_activity"),
        ExportColumn.of("last_call_date", ColumnKind.DATETIME, "sf_a.last_call"),
        ExportColumn.of("last_email_date", ColumnKind.DATETIME, "sf_a.last_email"),
        ExportColumn.of("primary_opportunity_value", ColumnKind.INTEGER, "sf_o.primary_value"));
  }
}
