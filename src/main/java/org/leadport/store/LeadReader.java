package org.leadport.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.leadport.json.Json;

/**
 * Reads leads with everything they hold: the lead rows of a query, then their contacts,
 * opportunities, activities and addresses in one query each. Stateless.
 */
final class LeadReader {
  static final String COLUMNS =
      """
      l.id, l.workspace_id, l.name, l.display_name, l.status_id, s.label as status_label,
      l.url, l.description, l.source, l.medium, l.campaign, l.custom::text as custom,
      l.created_at, l.updated_at, l.deleted_at
      """;

  private LeadReader() {}

  static List<Lead> load(Handle h, Query query) {
    return load(h, query, true);
  }

  /**
   * The leads of {@code query} with their children; without {@code activities} their activity lists
   * stay empty and the (usually largest) activities table is not read.
   */
  static List<Lead> load(Handle h, Query query, boolean activities) {
    Map<String, LeadRow> rows = new LinkedHashMap<>();
    query.map((rs, ctx) -> LeadRow.read(rs)).forEach(r -> rows.put(r.id, r));
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = List.copyOf(rows.keySet());
    Map<String, List<Lead.Contact>> contacts = new HashMap<>();
    h.createQuery("select * from contacts where lead_id = any(:ids) order by lead_id, position")
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> {
          contacts
              .computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>())
              .add(
                  new Lead.Contact(
                      rs.getString("id"),
                      rs.getString("name"),
                      rs.getString("first_name"),
                      rs.getString("last_name"),
                      rs.getString("title"),
                      channels(rs.getString("emails"), "email"),
                      channels(rs.getString("phones"), "phone"),
                      channels(rs.getString("urls"), "url")));
          return 0;
        })
        .list();
    Map<String, List<Lead.Opportunity>> opps = new HashMap<>();
    h.createQuery(
            "select * from opportunities where lead_id = any(:ids) order by lead_id, position")
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> {
          java.sql.Date won = rs.getDate("date_won");
          opps.computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>())
              .add(
                  new Lead.Opportunity(
                      rs.getString("id"),
                      rs.getString("status_type"),
                      rs.getString("status_label"),
                      (Long) rs.getObject("value"),
                      rs.getString("value_currency"),
                      rs.getString("value_period"),
                      (Integer) rs.getObject("confidence"),
                      won == null ? null : won.toLocalDate(),
                      rs.getString("note"),
                      rs.getString("user_name")));
          return 0;
        })
        .list();
    Map<String, List<Lead.Activity>> acts = new HashMap<>();
    if (activities) {
      h.createQuery(
              "select * from activities where lead_id = any(:ids) order by lead_id, occurred_at, id")
          .bindArray("ids", String.class, ids)
          .map((rs, ctx) -> {
            acts.computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>())
                .add(
                    new Lead.Activity(
                        rs.getString("id"),
                        rs.getString("type"),
                        rs.getTimestamp("occurred_at").toInstant(),
                        rs.getString("direction"),
                        (Integer) rs.getObject("duration"),
                        rs.getString("subject"),
                        rs.getString("body")));
            return 0;
          })
          .list();
    }
    Map<String, List<Lead.Address>> addrs = new HashMap<>();
    h.createQuery("select * from addresses where lead_id = any(:ids) order by lead_id, position")
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> {
          addrs
              .computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>())
              .add(
                  new Lead.Address(
                      rs.getString("id"),
                      rs.getString("label"),
                      rs.getString("address_1"),
                      rs.getString("address_2"),
                      rs.getString("city"),
                      rs.getString("state"),
                      rs.getString("zipcode"),
                      rs.getString("country")));
          return 0;
        })
        .list();
    List<Lead> out = new ArrayList<>(rows.size());
    for (LeadRow r : rows.values()) {
      out.add(
          new Lead(
              r.id,
              r.workspaceId,
              r.name,
              r.displayName,
              r.statusId,
              r.statusLabel,
              r.url,
              r.description,
              r.source,
              r.medium,
              r.campaign,
              r.custom,
              contacts.getOrDefault(r.id, List.of()),
              opps.getOrDefault(r.id, List.of()),
              acts.getOrDefault(r.id, List.of()),
              addrs.getOrDefault(r.id, List.of()),
              r.createdAt.toInstant(),
              r.updatedAt.toInstant(),
              r.deletedAt == null ? null : r.deletedAt.toInstant()));
    }
    return out;
  }

  /** Channels as stored: {@code [{"email": "…", "type": "office"}]} under {@code key}. */
  static List<Lead.Channel> channels(String json, String key) throws SQLException {
    try {
      JsonNode array = Json.parse(json);
      List<Lead.Channel> out = new ArrayList<>(array.size());
      for (JsonNode o : array) {
        out.add(new Lead.Channel(o.path(key).asText(null), o.path("type").asText(null)));
      }
      return out;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("stored " + key + "s are not JSON", e);
    }
  }

  private record LeadRow(
      String id,
      String workspaceId,
      String name,
      String displayName,
      String statusId,
      String statusLabel,
      String url,
      String description,
      String source,
      String medium,
      String campaign,
      ObjectNode custom,
      Timestamp createdAt,
      Timestamp updatedAt,
      Timestamp deletedAt) {
    static LeadRow read(ResultSet rs) throws SQLException {
      ObjectNode custom;
      try {
        custom = (ObjectNode) Json.parse(rs.getString("custom"));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new SQLException("stored custom values are not JSON", e);
      }
      return new LeadRow(
          rs.getString("id"),
          rs.getString("workspace_id"),
          rs.getString("name"),
          rs.getString("display_name"),
          rs.getString("status_id"),
          rs.getString("status_label"),
          rs.getString("url"),
          rs.getString("description"),
          rs.getString("source"),
          rs.getString("medium"),
          rs.getString("campaign"),
          custom,
          rs.getTimestamp("created_at"),
          rs.getTimestamp("updated_at"),
          rs.getTimestamp("deleted_at"));
    }
  }
}
