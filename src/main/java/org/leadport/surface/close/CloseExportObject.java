package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.column.ExportSchema;
import org.leadport.http.Downloads;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.json.Json;

/**
 * Close's export object (docs/close-exports.md): an export job in Close's field names and status
 * words, plus Leadport's progress, file and error details, and the {@code _fields} that keep only
 * some of its keys. Every Close export endpoint answers with it, so it is rendered here once.
 */
final class CloseExportObject {
  /** Close writes instants with microseconds and an explicit UTC offset. */
  private static final DateTimeFormatter CLOSE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  /** Every key {@link #render} may write: the names {@code _fields} accepts. */
  private static final Set<String> KEYS =
      Set.of(
          "id",
          "status",
          "type",
          "format",
          "date_format",
          "fields",
          "s_query",
          "results_limit",
          "sort",
          "params",
          "send_done_email",
          "include_activities",
          "include_smart_fields",
          "include_addresses",
          "include_custom_objects",
          "n_docs",
          "n_docs_processed",
          "attempts",
          "max_attempts",
          "download_url",
          "file_size",
          "sha256",
          "error",
          "organization_id",
          "created_by",
          "updated_by",
          "date_created",
          "date_updated",
          "date_started",
          "date_finished",
          "changes_cursor");

  private final ExportJobs exportJobs;
  private final Downloads downloads;
  private final ChangeHandoff handoff;

  CloseExportObject(ExportJobs exportJobs, Downloads downloads, ChangeHandoff handoff) {
    this.exportJobs = exportJobs;
    this.downloads = downloads;
    this.handoff = handoff;
  }

  /** The export object of seed README, plus Leadport's progress, file and error details. */
  ObjectNode render(Context ctx, ExportJob job) {
    JsonNode request = job.request().path("body");
    boolean opportunities = job.request().path("endpoint").asText().endsWith("/opportunity/");
    ObjectNode o = Json.object();
    o.put("id", job.id());
    o.put("status", status(job));
    o.put("type", opportunities ? "opps" : request.path("type").asText(null));
    o.put("format", request.path("format").asText(null));
    o.put("date_format", request.path("date_format").asText("original"));
    o.set("fields", request.path("fields").isArray() ? request.get("fields") : Json.array());
    if (opportunities) {
      o.set("params", request.path("params").isObject() ? request.get("params") : Json.object());
    } else {
      o.set("s_query", request.path("s_query").isObject() ? request.get("s_query") : null);
      o.set(
          "results_limit",
          request.path("results_limit").isNumber() ? request.get("results_limit") : null);
      o.set("sort", request.path("sort").isArray() ? request.get("sort") : Json.array());
      for (String flag :
          List.of(
              "include_activities",
              "include_smart_fields",
              "include_addresses",
              "include_custom_objects")) {
        o.put(flag, request.path(flag).asBoolean(false));
      }
    }
    o.put("send_done_email", request.path("send_done_email").asBoolean(true));
    if (job.rowsTotal() == null) {
      o.putNull("n_docs");
    } else {
      o.put("n_docs", job.rowsTotal());
    }
    o.put("n_docs_processed", job.rowsDone());
    // Leadport's own, like error and sha256: a transient failure is retried (docs/operations.md).
    o.put("attempts", job.attempts());
    o.put("max_attempts", exportJobs.maxAttempts());
    o.put("download_url", downloads.link(ctx, job));
    // An export in parts has no one file: its sizes and checksums are the manifest's.
    boolean oneFile = job.downloadable() && !job.parted();
    o.put("file_size", oneFile ? job.fileSize() : null);
    o.put("sha256", oneFile ? job.fileSha256() : null);
    ObjectNode manifest = downloads.manifest(ctx, job, ExportSchema.Style.SNAKE);
    if (manifest != null) {
      // Leadport's own, only for an export in parts (docs/parts.md).
      o.set("manifest", manifest);
    }
    if (job.errorCode() != null) {
      o.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
    } else {
      o.putNull("error");
    }
    o.put("organization_id", job.workspaceId());
    o.put("created_by", job.apiKeyId());
    o.put("updated_by", job.apiKeyId());
    o.put("date_created", time(job.createdAt()));
    o.put("date_updated", time(job.updatedAt()));
    o.put("date_started", time(job.startedAt()));
    o.put("date_finished", time(job.finishedAt()));
    // Leadport's own: the change feed from here holds exactly what the file does not
    // (docs/changes.md).
    o.put("changes_cursor", handoff.cursor(job));
    return o;
  }

  /** {@link #render}, keeping only {@code fields} (all keys when null). */
  ObjectNode render(Context ctx, ExportJob job, @Nullable Set<String> fields) {
    ObjectNode o = render(ctx, job);
    if (fields != null) {
      o.retain(fields);
    }
    return o;
  }

  /** The stored life cycle in Close's words; canceled is Leadport's own. */
  static String status(ExportJob job) {
    return switch (job.state()) {
      case QUEUED -> "created";
      case RUNNING -> job.rowsDone() == 0 ? "started" : "in_progress";
      case SUCCEEDED -> "done";
      case FAILED -> "error";
      case CANCELED -> "canceled";
    };
  }

  private static @Nullable String time(@Nullable Instant t) {
    return t == null ? null : CLOSE_TIME.format(t);
  }

  /** {@code _fields=id,status}: the export object's keys to keep; unknown ones are a 400. */
  static @Nullable Set<String> fields(Context ctx) {
    String raw = ctx.queryParam("_fields");
    if (raw == null) {
      return null;
    }
    Set<String> out = new HashSet<>();
    for (String f : raw.split(",", -1)) {
      String name = f.trim();
      if (!KEYS.contains(name)) {
        throw LeadportException.invalid(
            "_fields",
            "Unknown export field "
                + name
                + " in _fields; valid fields are "
                + String.join(", ", new TreeSet<>(KEYS))
                + ".");
      }
      out.add(name);
    }
    return out;
  }
}
