package org.leadport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.model.Ids;

/** Stores saved searches: a name and a query in Close's advanced-filtering shape. Thread-safe. */
public final class SavedSearchRepository {
  /** A stored query. */
  public record SavedSearch(
      String id, String name, JsonNode query, Instant createdAt, Instant updatedAt) {}

  private static final RowMapper<SavedSearch> MAPPER =
      (rs, ctx) -> {
        try {
          return new SavedSearch(
              rs.getString("id"),
              rs.getString("name"),
              Json.parse(rs.getString("query")),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant());
        } catch (JsonProcessingException e) {
          throw new java.sql.SQLException("stored query is not JSON", e);
        }
      };

  private final Jdbi jdbi;
  private final Clock clock;

  public SavedSearchRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  public SavedSearch create(String workspaceId, String name, JsonNode query) {
    String id = Ids.savedSearch();
    Timestamp now = Timestamp.from(clock.instant());
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into saved_searches (id, workspace_id, name, query, created_at, updated_at)
                values (:id, :ws, :name, cast(:query as jsonb), :now, :now)
                """)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("name", name)
            .bind("query", Json.text(query))
            .bind("now", now)
            .execute());
    return find(workspaceId, id).orElseThrow();
  }

  public List<SavedSearch> list(String workspaceId) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "select * from saved_searches where workspace_id = :ws order by created_at, id")
            .bind("ws", workspaceId)
            .map(MAPPER)
            .list());
  }

  public Optional<SavedSearch> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from saved_searches where workspace_id = :ws and id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /** Renames or replaces the query (null keeps the old value). */
  public SavedSearch update(
      String workspaceId, String id, @Nullable String name, @Nullable JsonNode query) {
    SavedSearch old =
        find(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Saved search", id));
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                update saved_searches set name = :name, query = cast(:query as jsonb),
                  updated_at = :now
                where workspace_id = :ws and id = :id
                """)
            .bind("name", name != null ? name : old.name())
            .bind("query", Json.text(query != null ? query : old.query()))
            .bind("now", Timestamp.from(clock.instant()))
            .bind("ws", workspaceId)
            .bind("id", id)
            .execute());
    return find(workspaceId, id).orElseThrow();
  }

  public void delete(String workspaceId, String id) {
    int deleted =
        jdbi.withHandle(h ->
            h.createUpdate("delete from saved_searches where workspace_id = :ws and id = :id")
                .bind("ws", workspaceId)
                .bind("id", id)
                .execute());
    if (deleted == 0) {
      throw LeadportException.notFound("Saved search", id);
    }
  }
}
