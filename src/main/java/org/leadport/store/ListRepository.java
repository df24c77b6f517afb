package org.leadport.store;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.model.Ids;

/** Stores static lead lists and their members. Thread-safe. */
public final class ListRepository {
  /**
   * A named set of leads. {@code ilsId} is its number, unique across workspaces, by which HubSpot's
   * LIST exports name it (HubSpot's "ILS list id").
   */
  public record LeadList(
      String id, long ilsId, String name, long size, Instant createdAt, Instant updatedAt) {}

  private static final RowMapper<LeadList> MAPPER =
      (rs, ctx) ->
          new LeadList(
              rs.getString("id"),
              rs.getLong("ils_id"),
              rs.getString("name"),
              rs.getLong("size"),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant());

  private static final String SELECT =
      """
      select l.*, (select count(*) from list_members m
                   join leads d on d.id = m.lead_id and d.deleted_at is null
                   where m.list_id = l.id) as size
      from lists l
      """;

  private final Jdbi jdbi;
  private final Clock clock;

  public ListRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public LeadList create(String workspaceId, String name) {
    String id = Ids.list();
    Timestamp now = Timestamp.from(clock.instant());
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into lists (id, workspace_id, name, created_at, updated_at)
                values (:id, :ws, :name, :now, :now)
                """)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("name", name)
            .bind("now", now)
            .execute());
    return find(workspaceId, id).orElseThrow();
  }

  public List<LeadList> list(String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery(SELECT + " where l.workspace_id = :ws order by l.created_at, l.id")
            .bind("ws", workspaceId)
            .map(MAPPER)
            .list());
  }

  public Optional<LeadList> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery(SELECT + " where l.workspace_id = :ws and l.id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /** The workspace's list whose ILS list id is {@code ilsId}. */
  public Optional<LeadList> findByIlsId(String workspaceId, long ilsId) {
    return jdbi.withHandle(h ->
        h.createQuery(SELECT + " where l.workspace_id = :ws and l.ils_id = :ils")
            .bind("ws", workspaceId)
            .bind("ils", ilsId)
            .map(MAPPER)
            .findOne());
  }

  public void delete(String workspaceId, String id) {
    int deleted =
        jdbi.withHandle(h ->
            h.createUpdate("delete from lists where workspace_id = :ws and id = :id")
                .bind("ws", workspaceId)
                .bind("id", id)
                .execute());
    if (deleted == 0) {
      throw LeadportException.notFound("List", id);
    }
  }

  /** Adds leads (already checked to belong to the workspace); members already in stay. */
  public void addMembers(String listId, List<String> leadIds) {
    Timestamp now = Timestamp.from(clock.instant());
    jdbi.useTransaction(h -> {
      h.createUpdate(
              """
              insert into list_members (list_id, lead_id, added_at)
              select :list, unnest(:ids), :now
              on conflict do nothing
              """)
          .bind("list", listId)
          .bindArray("ids", String.class, leadIds)
          .bind("now", now)
          .execute();
      h.createUpdate("update lists set updated_at = :now where id = :list")
          .bind("list", listId)
          .bind("now", now)
          .execute();
    });
  }

  /** Removes leads from the list; ids that are not members are ignored. */
  public void removeMembers(String listId, List<String> leadIds) {
    jdbi.useTransaction(h -> {
      int removed =
          h.createUpdate("delete from list_members where list_id = :list and lead_id = any(:ids)")
              .bind("list", listId)
              .bindArray("ids", String.class, leadIds)
              .execute();
      // Like adding, a change of membership is a change of the list.
      if (removed > 0) {
        h.createUpdate("update lists set updated_at = :now where id = :list")
            .bind("list", listId)
            .bind("now", Timestamp.from(clock.instant()))
            .execute();
      }
    });
  }

  /** Member lead ids (live leads only) after {@code afterId}, in id order. */
  public List<String> members(String listId, @Nullable String afterId, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                select m.lead_id from list_members m
                join leads d on d.id = m.lead_id and d.deleted_at is null
                where m.list_id = :list and m.lead_id > :after
                order by m.lead_id limit :limit
                """)
            .bind("list", listId)
            .bind("after", afterId == null ? "" : afterId)
            .bind("limit", limit)
            .mapTo(String.class)
            .list());
  }
}
