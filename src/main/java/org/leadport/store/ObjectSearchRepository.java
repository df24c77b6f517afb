package org.leadport.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.leadport.query.ObjectKind;
import org.leadport.query.Sql;
import org.leadport.store.LeadRepository.SortKey;

/**
 * Searches contacts and opportunities as objects of their own (rather than through their lead), as
 * HubSpot's contact and deal searches do, and loads the rows found. Only objects of live leads are
 * seen. Thread-safe.
 */
public final class ObjectSearchRepository {
  /** The alias of the searched table in conditions and sort keys. */
  public static final String ALIAS = "x";

  private final Jdbi jdbi;

  public ObjectSearchRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * A contact with its lead's id, display name, status label and first address (null when the lead
   * has none), and its own timestamps.
   */
  public record ContactRow(
      String id,
      String leadId,
      String leadName,
      String name,
      String firstName,
      String lastName,
      String title,
      List<Lead.Channel> emails,
      List<Lead.Channel> phones,
      List<Lead.Channel> urls,
      String leadStatusLabel,
      Lead.Address leadAddress,
      Instant createdAt,
      Instant updatedAt) {
    public ContactRow {
      emails = List.copyOf(emails);
      phones = List.copyOf(phones);
      urls = List.copyOf(urls);
    }
  }

  /** An opportunity with its lead's id and display name; {@code value} is in minor units. */
  public record OpportunityRow(
      String id,
      String leadId,
      String leadName,
      String statusType,
      String statusLabel,
      Long value,
      String valueCurrency,
      String valuePeriod,
      Integer confidence,
      LocalDate dateWon,
      String note,
      String userName,
      Instant createdAt,
      Instant updatedAt) {}

  /**
   * Ids of {@code kind} objects (contacts or opportunities) of live leads of the workspace matching
   * {@code condition} (an expression over {@link #ALIAS}), in the given order with the id as
   * tie-break, {@code limit} after {@code offset}.
   */
  public List<String> searchIds(
      String workspaceId,
      ObjectKind kind,
      Sql condition,
      List<SortKey> sort,
      long offset,
      int limit) {
    Sql sql = Sql.text("select " + ALIAS + ".id ").append(from(kind, workspaceId, condition));
    sql = sql.append(" order by ");
    for (SortKey k : sort) {
      sql = sql.append(k.sql()).append(k.descending() ? " desc nulls last, " : " asc nulls last, ");
    }
    Sql.Bound query =
        sql.append(ALIAS + ".id offset ").bind(offset).append(" limit ").bind(limit).bound();
    return jdbi.withHandle(
        h -> h.createQuery(query.sql()).bindMap(query.binds()).mapTo(String.class).list());
  }

  /** How many {@code kind} objects of live leads match {@code condition}. */
  public long searchCount(String workspaceId, ObjectKind kind, Sql condition) {
    Sql.Bound sql = Sql.text("select count(*) ").append(from(kind, workspaceId, condition)).bound();
    return jdbi.withHandle(
        h -> h.createQuery(sql.sql()).bindMap(sql.binds()).mapTo(Long.class).one());
  }

  private static Sql from(ObjectKind kind, String workspaceId, Sql condition) {
    table(kind);
    return Sql.text(
            "from "
                + kind.table()
                + " "
                + ALIAS
                + " join leads xl on xl.id = "
                + ALIAS
                + ".lead_id where "
                + ALIAS
                + ".workspace_id = ")
        .bind(workspaceId)
        .append(" and xl.deleted_at is null and ")
        .append(condition);
  }

  private static void table(ObjectKind kind) {
    if (kind != ObjectKind.CONTACT && kind != ObjectKind.OPPORTUNITY) {
      throw new IllegalArgumentException("only contacts and opportunities are searched here");
    }
  }

  /** Contacts of live leads of the workspace by id, in the order of {@code ids}. */
  public List<ContactRow> contacts(String workspaceId, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<ContactRow> found =
        jdbi.withHandle(h ->
            h.createQuery(
                    """
                    select x.*, xl.display_name as lead_name,
                      (select s.label from status_stages s where s.id = xl.status_id)
                        as lead_status_label,
                      xa.id as a_id, xa.label as a_label, xa.address_1 as a_address_1,
                      xa.address_2 as a_address_2, xa.city as a_city, xa.state as a_state,
                      xa.zipcode as a_zipcode, xa.country as a_country
                    from contacts x join leads xl on xl.id = x.lead_id
                    left join lateral (select * from addresses a where a.lead_id = xl.id
                                       order by a.position limit 1) xa on true
                    where x.workspace_id = :ws and x.id = any(:ids) and xl.deleted_at is null
                    """)
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> contact(rs))
                .list());
    return ordered(found, ids, ContactRow::id);
  }

  /** Opportunities of live leads of the workspace by id, in the order of {@code ids}. */
  public List<OpportunityRow> opportunities(String workspaceId, List<String> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<OpportunityRow> found =
        jdbi.withHandle(h ->
            h.createQuery(
                    """
                    select x.*, xl.display_name as lead_name
                    from opportunities x join leads xl on xl.id = x.lead_id
                    where x.workspace_id = :ws and x.id = any(:ids) and xl.deleted_at is null
                    """)
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> opportunity(rs))
                .list());
    return ordered(found, ids, OpportunityRow::id);
  }

  private static ContactRow contact(ResultSet rs) throws SQLException {
    return new ContactRow(
        rs.getString("id"),
        rs.getString("lead_id"),
        rs.getString("lead_name"),
        rs.getString("name"),
        rs.getString("first_name"),
        rs.getString("last_name"),
        rs.getString("title"),
        LeadReader.channels(rs.getString("emails"), "email"),
        LeadReader.channels(rs.getString("phones"), "phone"),
        LeadReader.channels(rs.getString("urls"), "url"),
        rs.getString("lead_status_label"),
        rs.getString("a_id") == null
            ? null
            : new Lead.Address(
                rs.getString("a_id"),
                rs.getString("a_label"),
                rs.getString("a_address_1"),
                rs.getString("a_address_2"),
                rs.getString("a_city"),
                rs.getString("a_state"),
                rs.getString("a_zipcode"),
                rs.getString("a_country")),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static OpportunityRow opportunity(ResultSet rs) throws SQLException {
    java.sql.Date won = rs.getDate("date_won");
    return new OpportunityRow(
        rs.getString("id"),
        rs.getString("lead_id"),
        rs.getString("lead_name"),
        rs.getString("status_type"),
        rs.getString("status_label"),
        (Long) rs.getObject("value"),
        rs.getString("value_currency"),
        rs.getString("value_period"),
        (Integer) rs.getObject("confidence"),
        won == null ? null : won.toLocalDate(),
        rs.getString("note"),
        rs.getString("user_name"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static <T> List<T> ordered(
      List<T> found, List<String> ids, java.util.function.Function<T, String> id) {
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
