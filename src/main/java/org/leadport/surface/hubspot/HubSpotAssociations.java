package org.leadport.surface.hubspot;

import java.util.List;
import java.util.Map;
import org.leadport.export.column.ColumnSpec;
import org.leadport.query.FieldRef;
import org.leadport.query.ValueType;

/**
 * The two columns an export's {@code associatedObjectType} adds (docs/hubspot-exports.md): the
 * associated records' ids and their primary display values, {@code ;}-separated, at most {@value
 * #PER_ROW} a row unless the request lifts the limit. In Leadport a company is a lead, and its
 * contacts and deals are associated with it and with each other through it. Stateless.
 */
final class HubSpotAssociations {
  /** HubSpot's default cap on associated records per row. */
  static final int PER_ROW = 1_000;

  private HubSpotAssociations() {}

  static List<ColumnSpec> columns(
      HubSpotObject object,
      HubSpotObject other,
      HubSpotLabels labels,
      HubSpotDescriptions descriptions,
      boolean unlimited) {
    // The lead (company) whose records are associated: the row itself, or the row's lead.
    String lead = object == HubSpotObject.COMPANIES ? "%s.id" : "%s.lead_id";
    String ids;
    String names;
    if (other == HubSpotObject.COMPANIES) {
      ids = "%s.lead_id";
      names = "(select al.display_name from leads al where al.id = %s.lead_id)";
    } else {
      String table = other == HubSpotObject.CONTACTS ? "contacts" : "opportunities";
      String display =
          other == HubSpotObject.CONTACTS
              ? "coalesce(a.name, '')"
              : "(select al.display_name from leads al where al.id = a.lead_id)";
      String picked =
          "(select a.* from "
              + table
              + " a where a.lead_id = "
              + lead
              + " order by a.position, a.id"
              + (unlimited ? "" : " limit " + PER_ROW)
              + ") a";
      ids = "(select string_agg(a.id, ';' order by a.position, a.id) from " + picked + ")";
      names =
          "(select string_agg(" + display + ", ';' order by a.position, a.id) from " + picked + ")";
    }
    return List.of(
        new ColumnSpec(
            labels.associationHeader(other, true),
            FieldRef.column(object.kind(), "associated_ids", ValueType.TEXT, ids),
            0,
            Map.of(),
            descriptions.association(other, true)),
        new ColumnSpec(
            labels.associationHeader(other, false),
            FieldRef.column(object.kind(), "associated_names", ValueType.TEXT, names),
            0,
            Map.of(),
            descriptions.association(other, false)));
  }
}
