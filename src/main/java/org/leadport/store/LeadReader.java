package org.leadport.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;
import org.jspecify.annotations.Nullable;

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
    Map<String, Map<LeadField, @Nullable Object>> rows = new LinkedHashMap<>();
    // Each row through a record: a map's nullable values do not survive jdbi's generic mapping.
    query
        .map((rs, ctx) -> new Row(row(rs)))
        .forEach(r -> rows.put(required(r.values(), LeadField.ID), r.values()));
    if (rows.isEmpty()) {
      return List.of();
    }
    List<String> ids = List.copyOf(rows.keySet());
    Map<String, List<Lead.Contact>> contacts = items(h, ItemKind.CONTACTS, ids);
    Map<String, List<Lead.Opportunity>> opps = items(h, ItemKind.OPPORTUNITIES, ids);
    Map<String, List<Lead.Activity>> acts =
        activities ? items(h, ItemKind.ACTIVITIES, ids) : Map.of();
    Map<String, List<Lead.Address>> addrs = items(h, ItemKind.ADDRESSES, ids);
    List<Lead> out = new ArrayList<>(rows.size());
    for (Map<LeadField, @Nullable Object> r : rows.values()) {
      String id = required(r, LeadField.ID);
      out.add(
          new Lead(
              id,
              required(r, LeadField.WORKSPACE_ID),
              text(r, LeadField.NAME),
              required(r, LeadField.DISPLAY_NAME),
              text(r, LeadField.STATUS_ID),
              text(r, LeadField.STATUS_LABEL),
              text(r, LeadField.URL),
              text(r, LeadField.DESCRIPTION),
              text(r, LeadField.SOURCE),
              text(r, LeadField.MEDIUM),
              text(r, LeadField.CAMPAIGN),
              required(r, LeadField.CUSTOM),
              contacts.getOrDefault(id, List.of()),
              opps.getOrDefault(id, List.of()),
              acts.getOrDefault(id, List.of()),
              addrs.getOrDefault(id, List.of()),
              required(r, LeadField.CREATED_AT),
              required(r, LeadField.UPDATED_AT),
              (Instant) r.get(LeadField.DELETED_AT)));
    }
    return out;
  }

  /** The items of {@code kind} of the leads {@code ids} by lead id, in each lead's order. */
  private static <T> Map<String, List<T>> items(Handle h, ItemKind<T> kind, List<String> ids) {
    Map<String, List<T>> byLead = new HashMap<>();
    h.createQuery(ItemRows.select(kind))
        .bindArray("ids", String.class, ids)
        .map((rs, ctx) -> {
          byLead
              .computeIfAbsent(rs.getString("lead_id"), k -> new ArrayList<>())
              .add(ItemRows.read(kind, rs, ""));
          return 0;
        })
        .list();
    return byLead;
  }

  /** A lead row's values by field. */
  private record Row(Map<LeadField, @Nullable Object> values) {}

  /** The current lead row of a {@link #SELECT} query, by field. */
  private static Map<LeadField, @Nullable Object> row(ResultSet rs) throws SQLException {
    Map<LeadField, @Nullable Object> row = new EnumMap<>(LeadField.class);
    for (LeadField f : LeadField.selected()) {
      row.put(f, f.read(rs));
    }
    return row;
  }

  private static @Nullable String text(Map<LeadField, @Nullable Object> row, LeadField field) {
    return (String) row.get(field);
  }

  /** A value the table holds for every lead (its column is {@code not null}). */
  @SuppressWarnings("TypeParameterUnusedInFormals") // the field's type, as read
  private static <V> V required(Map<LeadField, @Nullable Object> row, LeadField field) {
    @SuppressWarnings("unchecked")
    V v = (V) Objects.requireNonNull(row.get(field), field.name());
    return v;
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
