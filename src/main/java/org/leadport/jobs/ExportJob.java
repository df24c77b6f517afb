package org.leadport.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.column.ExportLabels;
import org.leadport.json.Json;
import org.leadport.query.ChangePosition;

/**
 * An export job as stored: what to export ({@code spec}), the surface's original request, its state
 * and progress, and the published file once it succeeded.
 *
 * @param request the surface's request as received: {@code {"endpoint":…,"body":…}}
 * @param email the done email: none, pending, sending, sent or failed
 * @param fileDeletedAt when the retention sweeper removed the file, or null
 * @param file how the published file is served, or null for the surface's default
 * @param seq the job's number, for surfaces whose clients want numeric ids
 * @param changes the change feed position of its export's snapshot, once it succeeded (null for
 *     jobs finished before positions were recorded)
 * @param parts how many parts its export was published as (docs/parts.md); 0 for one file
 */
public record ExportJob(
    String id,
    String workspaceId,
    @Nullable String apiKeyId,
    String surface,
    JsonNode spec,
    JsonNode request,
    JobState state,
    long rowsDone,
    @Nullable Long rowsTotal,
    @Nullable String errorCode,
    @Nullable String errorMessage,
    @Nullable String fileKey,
    @Nullable Long fileSize,
    @Nullable String fileSha256,
    int attempts,
    @Nullable String idempotencyKey,
    @Nullable String email,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant startedAt,
    @Nullable Instant finishedAt,
    @Nullable Instant fileDeletedAt,
    JobHandler.@Nullable FileInfo file,
    long seq,
    @Nullable ChangePosition changes,
    int parts) {

  /** Whether the job's file can be downloaded now. */
  public boolean downloadable() {
    return state == JobState.SUCCEEDED && fileKey != null;
  }

  /**
   * The language the export was asked in (its request body's {@code language}, English without
   * one): the language of its headers, labels and column schema.
   */
  public String language() {
    return ExportLabels.languageOf(request.path("body").path("language").asText(null));
  }

  /**
   * The 409 of a request for the one file of an export published as parts (docs/parts.md).
   *
   * @param where where the parts are listed, a sentence
   */
  public LeadportException inParts(String where) {
    return LeadportException.conflict(
        "export_in_parts", "Export " + id + " is published as " + parts + " parts; " + where);
  }

  /** Whether the job's export is published as parts, each downloaded on its own. */
  public boolean parted() {
    return parts > 0;
  }

  /** Maps a row of {@code export_jobs}. */
  static ExportJob read(ResultSet rs) throws SQLException {
    try {
      return new ExportJob(
          rs.getString("id"),
          rs.getString("workspace_id"),
          rs.getString("api_key_id"),
          rs.getString("surface"),
          Json.parse(rs.getString("spec")),
          Json.parse(rs.getString("request")),
          JobState.fromWireName(rs.getString("state")),
          rs.getLong("rows_done"),
          (Long) rs.getObject("rows_total"),
          rs.getString("error_code"),
          rs.getString("error_message"),
          rs.getString("file_key"),
          (Long) rs.getObject("file_size"),
          rs.getString("file_sha256"),
          rs.getInt("attempts"),
          rs.getString("idempotency_key"),
          rs.getString("notify"),
          rs.getTimestamp("created_at").toInstant(),
          rs.getTimestamp("updated_at").toInstant(),
          instant(rs, "started_at"),
          instant(rs, "finished_at"),
          instant(rs, "file_deleted_at"),
          rs.getString("file_name") == null
              ? null
              : new JobHandler.FileInfo(
                  rs.getString("file_name"),
                  rs.getString("content_type"),
                  rs.getString("content_encoding")),
          rs.getLong("seq"),
          rs.getString("changes_position") == null
              ? null
              : ChangePosition.ofSnapshot(rs.getString("changes_position")),
          rs.getInt("parts"));
    } catch (JsonProcessingException e) {
      throw new SQLException("stored job JSON is malformed", e);
    }
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
