package org.leadport.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.leadport.model.Ids;
import org.leadport.store.ContactNames;
import org.leadport.store.ExportProjection;
import org.leadport.store.ItemKind;
import org.leadport.store.Lead;
import org.leadport.store.LeadSearchText;
import org.leadport.synthetic.SyntheticRows.ActivityRow;
import org.leadport.synthetic.SyntheticRows.AddressRow;
import org.leadport.synthetic.SyntheticRows.ContactRow;
import org.leadport.synthetic.SyntheticRows.LeadRow;
import org.leadport.synthetic.SyntheticRows.OpportunityRow;

/**
 * One chunk of generated leads as ready-to-send COPY text, one buffer per table, with ids assigned,
 * and the leads' {@code lead_items} rows rendered from the same values ({@link SyntheticItems}).
 * Children only reference leads of the same chunk, so a chunk is consistent on its own.
 */
record SyntheticChunk(
    SyntheticCopy leads,
    SyntheticCopy contacts,
    SyntheticCopy opportunities,
    SyntheticCopy activities,
    SyntheticCopy addresses,
    SyntheticItems items,
    List<String> leadIds) {

  static final String LEAD_COLUMNS =
      "leads (id, workspace_id, name, display_name, status_id, url, description, source, medium,"
          + " campaign, custom, search_text, created_at, updated_at, "
          + String.join(", ", ExportProjection.COLUMNS)
          + ")";
  // Each kind's rows are encoded below in the order of its catalogue's columns.
  static final String CONTACT_COLUMNS = ItemKind.CONTACTS.copyColumns();
  static final String OPPORTUNITY_COLUMNS = ItemKind.OPPORTUNITIES.copyColumns();
  static final String ACTIVITY_COLUMNS = ItemKind.ACTIVITIES.copyColumns();
  static final String ADDRESS_COLUMNS = ItemKind.ADDRESSES.copyColumns();

  /**
   * Encodes {@code rows}. {@code statusIds} is indexed like {@link SyntheticRows#STATUSES} and
   * {@code fieldIds} like each lead's custom values; {@code ids} supplies the random id bits.
   */
  static SyntheticChunk encode(
      List<LeadRow> rows,
      String workspaceId,
      List<String> statusIds,
      List<String> fieldIds,
      RandomGenerator ids) {
    int n = rows.size();
    // Sized from measured averages (bytes per lead) so buffers rarely grow.
    SyntheticChunk c =
        new SyntheticChunk(
            new SyntheticCopy(n * 450),
            new SyntheticCopy(n * 700),
            new SyntheticCopy(n * 250),
            new SyntheticCopy(n * 1_000),
            new SyntheticCopy(n * 150),
            new SyntheticItems(n * 1_500),
            new ArrayList<>(n));
    String[] leadIds = new String[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      leadIds[i] = Ids.next("lead_", ids);
      order[i] = i;
    }
    // Leads in id order, children in their lead's order: the leads index inserts, the children's
    // foreign-key lookups and their (lead_id, ...) index inserts then each walk a btree forwards.
    Arrays.sort(order, Comparator.comparing(i -> leadIds[i]));
    for (int i : order) {
      LeadRow row = rows.get(i);
      String leadId = leadIds[i];
      c.leadIds.add(leadId);
      c.lead(row, leadId, workspaceId, statusIds, fieldIds);
      int pos = 0;
      for (ContactRow contact : row.contacts()) {
        c.contact(
            contact,
            Ids.next(ItemKind.CONTACTS.idPrefix(), ids),
            workspaceId,
            leadId,
            pos++,
            row.updatedAt());
      }
      pos = 0;
      for (OpportunityRow opp : row.opportunities()) {
        c.opportunity(
            opp,
            Ids.next(ItemKind.OPPORTUNITIES.idPrefix(), ids),
            workspaceId,
            leadId,
            pos++,
            row.updatedAt());
      }
      for (ActivityRow activity : row.activities()) {
        c.activity(activity, Ids.next(ItemKind.ACTIVITIES.idPrefix(), ids), workspaceId, leadId);
      }
      pos = 0;
      for (AddressRow address : row.addresses()) {
        c.address(
            address, Ids.next(ItemKind.ADDRESSES.idPrefix(), ids), workspaceId, leadId, pos++);
      }

      c.items.endLead(leadId);
    }
    return c;
  }

  private void lead(
      LeadRow row, String id, String ws, List<String> statusIds, List<String> fieldIds) {
    leads.text(id).text(ws).text(row.name()).text(row.name()).text(statusIds.get(row.status()));
    leads.text(row.url()).text(row.description());
    leads.text(row.source()).text(row.medium()).text(row.campaign());
    leads.jsonCell().raw("{");
    boolean first = true;
    for (int i = 0; i < fieldIds.size(); i++) {
      Object value = row.custom().get(i);
      if (value == null) {
        continue;
      }
      leads.raw(first ? "" : ",").jsonString(fieldIds.get(i)).raw(":");
      first = false;
      if (value instanceof String s) {
        leads.jsonString(s);
      } else {
        // Long and Boolean print as JSON literals.
        leads.raw(value.toString());
      }
    }
    leads.raw("}");
    leads.text(searchText(row));
    leads.timestamp(row.createdAt()).timestamp(row.updatedAt());
    projection(row);
    leads.endRow();
  }

  /**
   * The lead's export projection (migration V19), which the seed writes with the lead so that the
   * triggers on contacts and addresses need not look each lead up again, by the rule every insert
   * of leads follows ({@link ExportProjection}; ExportProjectionIT compares it with the triggers').
   */
  private void projection(LeadRow row) {
    @Nullable ContactRow c = row.contacts().isEmpty() ? null : row.contacts().get(0);
    @Nullable AddressRow a = row.addresses().isEmpty() ? null : row.addresses().get(0);
    ExportProjection p =
        ExportProjection.of(
            c == null
                ? null
                : new Lead.Contact(
                    "", c.name(), null, null, null, c.emails(), c.phones(), List.of()),
            a == null
                ? null
                : new Lead.Address(
                    "",
                    null,
                    a.address1(),
                    a.address2(),
                    a.city(),
                    a.state(),
                    a.zipcode(),
                    a.country()));
    for (@Nullable String value : p.values()) {
      leads.text(value);
    }
  }

  /** The same text {@link LeadSearchText#of} makes for a stored lead. */
  private static String searchText(LeadRow row) {
    StringBuilder out = new StringBuilder(128);
    LeadSearchText.line(out, row.name());
    LeadSearchText.line(out, row.url());
    for (ContactRow c : row.contacts()) {
      LeadSearchText.line(out, c.name());
      c.emails().forEach(ch -> LeadSearchText.line(out, ch.value()));
      c.phones().forEach(ch -> LeadSearchText.line(out, ch.value()));
    }
    return out.toString();
  }

  private void contact(ContactRow row, String id, String ws, String leadId, int pos, long at) {
    // First and last names by the rule every write follows (ContactNames): a name alone is split.
    ContactNames.Parts names = ContactNames.split(row.name());
    contacts.text(id).text(ws).text(leadId).number(pos).text(row.name());
    contacts.text(names.first()).text(names.last()).text(row.title());
    items.contact(row, id, names.first(), names.last());
    channels(row.emails(), "email");
    channels(row.phones(), "phone");
    channels(row.urls(), "url");
    contacts.timestamp(at).timestamp(at);
    contacts.endRow();
  }

  private void channels(List<Lead.Channel> list, String key) {
    contacts.jsonCell().raw("[");
    for (int i = 0; i < list.size(); i++) {
      Lead.Channel ch = list.get(i);
      contacts.raw(i == 0 ? "{\"" : ",{\"").raw(key).raw("\":").jsonString(ch.value());
      contacts.raw(",\"type\":").jsonString(ch.type()).raw("}");
    }
    contacts.raw("]");
  }

  private void opportunity(
      OpportunityRow row, String id, String ws, String leadId, int pos, long at) {
    opportunities.text(id).text(ws).text(leadId).number(pos);
    opportunities.text(row.statusType()).text(row.statusLabel()).number(row.value());
    opportunities.text(row.currency()).text(row.period()).number(row.confidence());
    opportunities.date(row.dateWon()).text(row.note()).text(row.userName());
    opportunities.timestamp(at).timestamp(at);
    opportunities.endRow();
    items.opportunity(row, id);
  }

  private void activity(ActivityRow row, String id, String ws, String leadId) {
    activities.text(id).text(ws).text(leadId).text(row.type()).timestamp(row.occurredAt());
    activities.text(row.direction()).number(row.duration()).text(row.subject()).text(row.body());
    activities.timestamp(row.occurredAt());
    activities.endRow();
    items.activity(row, id);
  }

  private void address(AddressRow row, String id, String ws, String leadId, int pos) {
    addresses.text(id).text(ws).text(leadId).number(pos).text(row.label());
    addresses.text(row.address1()).text(row.address2()).text(row.city()).text(row.state());
    addresses.text(row.zipcode()).text(row.country());
    addresses.endRow();
    items.address(row, id);
  }
}
