package org.leadport.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
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
  /**
   * The start of a statement selecting lead rows ({@code l}, joined to their status stage {@code
   * s}) for {@link #load}; a WHERE clause follows.
   */
  static final String SELECT =
      "select "
          + LeadField.select()
          + " from leads l left join status_stages s on s.id = l.status_id";

  private LeadReader() {}

  static List<Lead> load(Handle h, Query query) {
    return load(h, query, true);
  }

  /**
   * The leads of {@code query} with their children; without {@code activities} their activity lists
   * stay empty and the (usually largest) activities table is not read.
   */
  static List<Lead> load(Handle h, Query query, boolean activities) {
    Map<String, Map<LeadField, Object>> rows = new LinkedHashMap<>();
    query.map((rs, ctx) -> row(rs)).forEach(r -> rows.put(text(r, LeadField.ID), r));
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
    for (Map<LeadField, Object> r : rows.values()) {
      String id = text(r, LeadField.ID);
      out.add(
          new Lead(
              id,
              text(r, LeadField.WORKSPACE_ID),
              text(r, LeadField.NAME),
              text(r, LeadField.DISPLAY_NAME),
              text(r, LeadField.STATUS_ID),
              text(r, LeadField.STATUS_LABEL),
              text(r, LeadField.URL),
              text(r, LeadField.DESCRIPTION),
              text(r, LeadField.SOURCE),
              text(r, LeadField.MEDIUM),
              text(r, LeadField.CAMPAIGN),
              (ObjectNode) r.get(LeadField.CUSTOM),
              contacts.getOrDefault(id, List.of()),
              opps.getOrDefault(id, List.of()),
              acts.getOrDefault(id, List.of()),
              addrs.getOrDefault(id, List.of()),
              (Instant) r.get(LeadField.CREATED_AT),
              (Instant) r.get(LeadField.UPDATED_AT),
              (Instant) r.get(LeadField.DELETED_AT)));
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

  /** The current lead row of a {@link #SELECT} query, by field. */
  private static Map<LeadField, Object> row(ResultSet rs) throws SQLException {
    Map<LeadField, Object> row = new EnumMap<>(LeadField.class);
    for (LeadField f : LeadField.selected()) {
      row.put(f, f.read(rs));
    }
    return row;
  }

  private static String text(Map<LeadField, Object> row, LeadField field) {
    return (String) row.get(field);
  }

  /** The rows of {@code found} in the order of {@code ids}; ids not found are left out. */
  static <T> List<T> inOrderOf(
      List<String> ids, List<T> found, java.util.function.Function<T, String> id) {
    Map<String, T> byId = new HashMap<>();
    found.forEach(r -> byId.put(id.apply(r), r));
    List<T> out = new ArrayList<>(ids.size());
    for (String i : ids) {
      T r = byId.get(i);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
