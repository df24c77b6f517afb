package org.leadport.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Timestamp;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.leadport.json.Json;
import org.leadport.store.LeadRepository.Part;

/**
 * Writes what leads hold: their contacts, opportunities, activities and addresses, each collection
 * as a whole. Stateless.
 */
final class LeadParts {
  private LeadParts() {}

  /** Replaces the collections {@code parts} of {@code lead} on {@code h}. */
  static void replace(Handle h, Lead lead, Set<Part> parts) {
    for (Part part : parts) {
      h.createUpdate("delete from " + part.table() + " where lead_id = :id")
          .bind("id", lead.id())
          .execute();
    }
    insert(h, List.of(lead), parts);
  }

  /** Inserts the collections {@code parts} of {@code leads} on {@code h}. */
  static void insert(Handle h, List<Lead> leads, Set<Part> parts) {
    if (parts.contains(Part.CONTACTS)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into contacts (id, workspace_id, lead_id, position, name, first_name,
                last_name, title, emails, phones, urls, created_at, updated_at)
              values (:id, :ws, :lead, :pos, :name, :first_name, :last_name, :title,
                cast(:emails as jsonb), cast(:phones as jsonb), cast(:urls as jsonb), :at, :at)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Contact c : l.contacts()) {
          b.bind("id", c.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("name", c.name())
              .bind("first_name", c.firstName())
              .bind("last_name", c.lastName())
              .bind("title", c.title())
              .bind("emails", channels(c.emails(), "email"))
              .bind("phones", channels(c.phones(), "phone"))
              .bind("urls", channels(c.urls(), "url"))
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.OPPORTUNITIES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into opportunities (id, workspace_id, lead_id, position, status_type,
                status_label, value, value_currency, value_period, confidence, date_won, note,
                user_name, created_at, updated_at)
              values (:id, :ws, :lead, :pos, :status_type, :status_label, :value, :currency,
                :period, :confidence, :date_won, :note, :user_name, :at, :at)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Opportunity o : l.opportunities()) {
          b.bind("id", o.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("status_type", o.statusType())
              .bind("status_label", o.statusLabel())
              .bind("value", o.value())
              .bind("currency", o.valueCurrency())
              .bind("period", o.valuePeriod())
              .bind("confidence", o.confidence())
              .bind("date_won", o.dateWon())
              .bind("note", o.note())
              .bind("user_name", o.userName())
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.ACTIVITIES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into activities (id, workspace_id, lead_id, type, occurred_at, direction,
                duration, subject, body, created_at)
              values (:id, :ws, :lead, :type, :date, :direction, :duration, :subject, :body, :at)
              """);
      for (Lead l : leads) {
        for (Lead.Activity a : l.activities()) {
          b.bind("id", a.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("type", a.type())
              .bind("date", Timestamp.from(a.date()))
              .bind("direction", a.direction())
              .bind("duration", a.duration())
              .bind("subject", a.subject())
              .bind("body", a.body())
              .bind("at", Timestamp.from(l.updatedAt()))
              .add();
        }
      }
      executeIfAny(b);
    }
    if (parts.contains(Part.ADDRESSES)) {
      PreparedBatch b =
          h.prepareBatch(
              """
              insert into addresses (id, workspace_id, lead_id, position, label, address_1,
                address_2, city, state, zipcode, country)
              values (:id, :ws, :lead, :pos, :label, :a1, :a2, :city, :state, :zip, :country)
              """);
      for (Lead l : leads) {
        int pos = 0;
        for (Lead.Address a : l.addresses()) {
          b.bind("id", a.id())
              .bind("ws", l.workspaceId())
              .bind("lead", l.id())
              .bind("pos", pos++)
              .bind("label", a.label())
              .bind("a1", a.address1())
              .bind("a2", a.address2())
              .bind("city", a.city())
              .bind("state", a.state())
              .bind("zip", a.zipcode())
              .bind("country", a.country())
              .add();
        }
      }
      executeIfAny(b);
    }
  }

  /** Channels are stored in Close's shape: {@code [{"email": "…", "type": "office"}]}. */
  static String channels(List<Lead.Channel> channels, String key) {
    ArrayNode array = Json.array();
    for (Lead.Channel c : channels) {
      ObjectNode o = array.addObject();
      o.put(key, c.value());
      o.put("type", c.type());
    }
    return Json.text(array);
  }

  private static void executeIfAny(PreparedBatch batch) {
    if (batch.size() > 0) {
      batch.execute();
    }
  }
}
