package org.leadport.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;

/**
 * Searches contacts and opportunities as objects of their own (rather than through their lead), as
 * HubSpot's contact and deal searches do, and loads the rows found. Only objects of live leads are
 * seen. Thread-safe.
 */
public final class ObjectSearchRepository {
  /** The prefix of the columns of a contact's first lead address. */
  private static final String ADDRESS = "a_";

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
      @Nullable String name,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String title,
      List<Lead.Channel> emails,
      List<Lead.Channel> phones,
      List<Lead.Channel> urls,
      @Nullable String leadStatusLabel,
      Lead.@Nullable Address leadAddress,
      Instant createdAt,
      Instant updatedAt) {
    public ContactRow {
      emails = List.copyOf(emails);
      phones = List.copyOf(phones);
      urls = List.copyOf(urls);
    }

    /** The contact as an item of its lead, as the native API shows it. */
    public Lead.Contact contact() {
      return new Lead.Contact(id, name, firstName, lastName, title, emails, phones, urls);
    }
  }

  /** An opportunity with its lead's id and display name; {@code value} is in minor units. */
  public record OpportunityRow(
      String id,
      String leadId,
      String leadName,
      String statusType,
      @Nullable String statusLabel,
      @Nullable Long value,
      @Nullable String valueCurrency,
      @Nullable String valuePeriod,
      @Nullable Integer confidence,
      @Nullable LocalDate dateWon,
      @Nullable String note,
      @Nullable String userName,
      Instant createdAt,
      Instant updatedAt) {

    /** The opportunity as an item of its lead, as the native API shows it. */
    public Lead.Opportunity opportunity() {
      return new Lead.Opportunity(
          id,
          statusType,
          statusLabel,
          value,
          valueCurrency,
          valuePeriod,
          confidence,
          dateWon,
          note,
          userName);
    }
  }

  /**
   * Ids of {@code kind} objects (contacts or opportunities) of live leads of the workspace matching
   * {@code query}, in the order of {@code sort} (nulls last) with the id as tie-break, {@code
   * limit} after {@code offset}.
   */
  public List<String> searchIds(
      String workspaceId,
      ObjectKind kind,
      Query query,
      List<SortTerm> sort,
      long offset,
      int limit) {
    searched(kind);
    return SearchSql.ids(jdbi, workspaceId, kind, query, sort, offset, limit);
  }

  /** How many {@code kind} objects of live leads match {@code query}. */
  public long searchCount(String workspaceId, ObjectKind kind, Query query) {
    searched(kind);
    return SearchSql.count(jdbi, workspaceId, kind, query);
  }

  private static void searched(ObjectKind kind) {
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
                      %s
                    from contacts x join leads xl on xl.id = x.lead_id
                    left join lateral (select * from addresses a where a.lead_id = xl.id
                                       order by a.position limit 1) xa on true
                    where x.workspace_id = :ws and x.id = any(:ids) and xl.deleted_at is null
                    """
                        .formatted(ItemRows.selectAs(ItemKind.ADDRESSES, "xa", ADDRESS)))
                .bind("ws", workspaceId)
                .bindArray("ids", String.class, ids)
                .map((rs, ctx) -> contact(rs))
                .list());
    return LeadReader.inOrderOf(ids, found, ContactRow::id);
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
    return LeadReader.inOrderOf(ids, found, OpportunityRow::id);
  }

  private static ContactRow contact(ResultSet rs) throws SQLException {
    Lead.Contact c = ItemRows.read(ItemKind.CONTACTS, rs, "");
    return new ContactRow(
        c.id(),
        rs.getString("lead_id"),
        rs.getString("lead_name"),
        c.name(),
        c.firstName(),
        c.lastName(),
        c.title(),
        c.emails(),
        c.phones(),
        c.urls(),
        rs.getString("lead_status_label"),
        rs.getString(ADDRESS + "id") == null
            ? null
            : ItemRows.read(ItemKind.ADDRESSES, rs, ADDRESS),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }

  private static OpportunityRow opportunity(ResultSet rs) throws SQLException {
    Lead.Opportunity o = ItemRows.read(ItemKind.OPPORTUNITIES, rs, "");
    return new OpportunityRow(
        o.id(),
        rs.getString("lead_id"),
        rs.getString("lead_name"),
        o.statusType(),
        o.statusLabel(),
        o.value(),
        o.valueCurrency(),
        o.valuePeriod(),
        o.confidence(),
        o.dateWon(),
        o.note(),
        o.userName(),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("updated_at").toInstant());
  }
}
