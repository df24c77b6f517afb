package org.leadport.synthetic;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.store.LeadItems;
import org.leadport.store.LeadItemsText;
import org.leadport.synthetic.SyntheticRows.ActivityRow;
import org.leadport.synthetic.SyntheticRows.AddressRow;
import org.leadport.synthetic.SyntheticRows.ContactRow;
import org.leadport.synthetic.SyntheticRows.OpportunityRow;

/**
 * The {@code lead_items} rows (migration V21) of one chunk's leads as COPY text, rendered from the
 * generated values ({@link LeadItemsText}) as the chunk encodes its items, so that the server need
 * not read every item back ({@code lead_items_write}) to write them: issue 18's seed cost. A lead
 * two of whose activities happened in the same microsecond is left out and listed in {@link
 * #recomputed()}: the function orders those by id in the database's collation, which Java does not
 * know; the writer has the function write those few rows. Not thread-safe.
 */
final class SyntheticItems {
  static final String COLUMNS =
      "lead_items (lead_id, contacts, opportunities, activities, addresses)";

  private record Activity(String id, ActivityRow row) {}

  private final SyntheticCopy rows;
  private final List<String> recomputed = new ArrayList<>();
  private final LeadItemsText contacts = new LeadItemsText();
  private final LeadItemsText opportunities = new LeadItemsText();
  private final LeadItemsText addresses = new LeadItemsText();
  private final LeadItemsText activityText = new LeadItemsText();
  private final List<Activity> activities = new ArrayList<>();

  SyntheticItems(int capacity) {
    rows = new SyntheticCopy(capacity);
  }

  /** The rows, one per lead with items and not {@link #recomputed()}. */
  SyntheticCopy rows() {
    return rows;
  }

  /** The leads whose row the writer has {@link LeadItems#write} compute. */
  List<String> recomputed() {
    return recomputed;
  }

  void contact(ContactRow row, String id, @Nullable String first, @Nullable String last) {
    contacts.item().text(id).text(row.name()).text(first).text(last).text(row.title());
    contacts.channels(row.emails(), "email");
    contacts.channels(row.phones(), "phone");
    contacts.channels(row.urls(), "url");
  }

  void opportunity(OpportunityRow row, String id) {
    opportunities.item().text(id).text(row.statusType()).text(row.statusLabel());
    opportunities.number(row.value()).text(row.currency()).text(row.period());
    opportunities.number(row.confidence());
    opportunities.date(row.dateWon() == null ? null : LocalDate.ofEpochDay(row.dateWon()));
    opportunities.text(row.note()).text(row.userName());
  }

  void activity(ActivityRow row, String id) {
    activities.add(new Activity(id, row));
  }

  void address(AddressRow row, String id) {
    addresses.item().text(id).text(row.label()).text(row.address1()).text(row.address2());
    addresses.text(row.city()).text(row.state()).text(row.zipcode()).text(row.country());
  }

  /** Ends the lead {@code leadId}: its row from the items added since the last lead. */
  void endLead(String leadId) {
    // Activities in the function's order: occurred_at, then id (only for a tie; see above).
    activities.sort(Comparator.comparingLong(a -> a.row().occurredAt()));
    boolean tie = false;
    for (int i = 1; i < activities.size(); i++) {
      tie |= activities.get(i).row().occurredAt() == activities.get(i - 1).row().occurredAt();
    }
    for (Activity a : activities) {
      ActivityRow r = a.row();
      activityText.item().text(a.id()).text(r.type()).time(r.occurredAt()).text(r.direction());
      activityText.number(r.duration() == null ? null : (long) r.duration());
      activityText.text(r.subject()).text(r.body());
    }
    activities.clear();
    String c = contacts.end();
    String o = opportunities.end();
    String v = activityText.end();
    String a = addresses.end();
    if (tie) {
      recomputed.add(leadId);
    } else if (c != null || o != null || v != null || a != null) {
      // As the function: no row for a lead without items.
      rows.text(leadId).text(c).text(o).text(v).text(a).endRow();
    }
  }
}
