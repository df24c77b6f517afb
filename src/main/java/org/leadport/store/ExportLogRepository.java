package org.leadport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * Stores the JSON:API surface's export logs (docs/jsonapi-exports.md): who asked for which contact
 * filter, when, and when a file was last rendered from it. The filter is kept as sent and parsed
 * again at every render. Thread-safe.
 */
public final class ExportLogRepository {
  /**
   * One export log.
   *
   * @param id a random UUID, as the seed's ids are
   * @param apiKeyId the key that created it (the seed's {@code user})
   * @param type what is exported, such as {@code Contacts}
   * @param params the {@code params} attribute exactly as the client sent it
   * @param exportAt when a file was last rendered (set at creation too, as the seed shows)
   */
  public record ExportLog(
      String id,
      String workspaceId,
      String apiKeyId,
      String type,
      JsonNode params,
      Instant createdAt,
      Instant updatedAt,
      @Nullable Instant exportAt) {}

  private static final RowMapper<ExportLog> MAPPER =
      (rs, ctx) -> {
        try {
          Timestamp exportAt = rs.getTimestamp("export_at");
          return new ExportLog(
              rs.getString("id"),
              rs.getString("workspace_id"),
              rs.getString("api_key_id"),
              rs.getString("type"),
              Json.parse(rs.getString("params")),
              rs.getTimestamp("created_at").toInstant(),
              rs.getTimestamp("updated_at").toInstant(),
              exportAt == null ? null : exportAt.toInstant());
        } catch (JsonProcessingException e) {
          throw new SQLException("stored export log params are not JSON", e);
        }
      };

  private final Jdbi jdbi;
  private final Clock clock;

  public ExportLogRepository(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A new log; created, updated and export times are all now, as in the seed's 201. */
  public ExportLog create(String workspaceId, String apiKeyId, String type, JsonNode params) {
    String id = UUID.randomUUID().toString();
    Instant now = now();
    jdbi.useHandle(h ->
        h.createUpdate(
                """
                insert into export_logs
                  (id, workspace_id, api_key_id, type, params, created_at, updated_at, export_at)
                values (:id, :ws, :key, :type, cast(:params as json), :now, :now, :now)
                """)
            .bind("id", id)
            .bind("ws", workspaceId)
            .bind("key", apiKeyId)
            .bind("type", type)
            .bind("params", Json.text(params))
            .bind("now", Timestamp.from(now))
            .execute());
    return new ExportLog(id, workspaceId, apiKeyId, type, params, now, now, now);
  }

  /** The log {@code id} of the workspace; empty for another workspace's or an unknown id. */
  public Optional<ExportLog> find(String workspaceId, String id) {
    return jdbi.withHandle(h ->
        h.createQuery("select * from export_logs where workspace_id = :ws and id = :id")
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /**
   * Records that a file was rendered at {@code at}: sets the export and update times. Returns the
   * updated log, or empty when it no longer exists.
   */
  public Optional<ExportLog> exported(String workspaceId, String id, Instant at) {
    Timestamp t = Timestamp.from(at.truncatedTo(ChronoUnit.MICROS));
    return jdbi.withHandle(h ->
        h.createQuery(
                """
                update export_logs set export_at = :at, updated_at = :at
                where workspace_id = :ws and id = :id
                returning *
                """)
            .bind("at", t)
            .bind("ws", workspaceId)
            .bind("id", id)
            .map(MAPPER)
            .findOne());
  }

  /** The current instant at the precision PostgreSQL stores. */
  public Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }
}
