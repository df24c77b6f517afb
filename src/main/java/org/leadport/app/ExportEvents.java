package org.leadport.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportSchema;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobEnds;
import org.leadport.jobs.JobParts;
import org.leadport.jobs.JobState;
import org.leadport.json.Json;
import org.leadport.store.CustomFieldRepository;
import org.leadport.webhooks.EventType;
import org.leadport.webhooks.WebhookEvents;

/**
 * The webhook events of an async export's end, {@code export.completed} and {@code export.failed},
 * queued in the transaction that records the end (so a node that dies right after loses neither).
 * Their data: the job's id, surface, format, status and rows, and a fresh download link or the
 * error; an export in parts has its manifest (the parts' rows, bytes, SHA-256 and fresh links, and
 * the column schema, as its status lists them) and its status's URL instead of a link. Wiring
 * between {@code jobs} and {@code webhooks}, which do not know each other.
 */
final class ExportEvents implements JobEnds {
  private final WebhookEvents events;
  private final DownloadLinks links;
  private final Exporter exporter;
  private final String base;

  /**
   * @param exporter renders a parted export's column schema from its stored spec
   * @param base the server's URL for links when no public URL is configured
   */
  ExportEvents(WebhookEvents events, DownloadLinks links, Exporter exporter, String base) {
    this.events = events;
    this.links = links;
    this.exporter = exporter;
    this.base = base;
  }

  @Override
  public void ended(Handle h, ExportJob job) {
    boolean done = job.state() == JobState.SUCCEEDED;
    EventType type = done ? EventType.EXPORT_COMPLETED : EventType.EXPORT_FAILED;
    if (!WebhookEvents.wanted(h, job.workspaceId(), type)) {
      return;
    }
    ObjectNode data = Json.object();
    data.put("id", job.id());
    data.put("surface", job.surface());
    String format = job.spec().path("format").asText(null);
    data.put("format", format == null ? null : format.toLowerCase(Locale.ROOT));
    data.put("status", done ? "succeeded" : "failed");
    data.put("rows", job.rowsDone());
    if (done && job.parted()) {
      // The job's own link is a 409 for an export in parts: the event lists the parts instead,
      // with links minted now, and says where the status mints fresh ones (docs/parts.md).
      data.put("file_name", DownloadLinks.fileName(job));
      data.putNull("file_size");
      data.putNull("download_url");
      ObjectNode manifest = links.manifest(base, job, JobParts.list(h, job.id()));
      manifest.set("schema", schema(h, job));
      data.set("manifest", manifest);
      data.put("status_url", links.url(base, StatusPaths.of(job)));
    } else if (done) {
      data.put("file_name", DownloadLinks.fileName(job));
      data.put("file_size", job.fileSize());
      // Valid for LEADPORT_DOWNLOAD_TTL; the job's status on its surface mints a fresh one.
      data.put("download_url", links.link(base, job));
    } else {
      data.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
    }
    events.enqueue(
        h,
        job.workspaceId(),
        type,
        job.finishedAt() == null ? job.updatedAt() : job.finishedAt(),
        data);
  }

  /**
   * The export's column schema, as its status's manifest has it: rendered from the stored spec and
   * the workspace's custom fields read on {@code h}, the transaction ending the job (no second
   * connection while it holds its locks). Null when the spec's fields no longer exist (a custom
   * field deleted since): the schema route answers that 400, and the event must still be queued.
   */
  private @Nullable JsonNode schema(Handle h, ExportJob job) {
    try {
      return exporter
          .schema(
              ExportSpecJson.read(job.spec()),
              job.language(),
              CustomFieldRepository.list(h, job.workspaceId()))
          .toJson(ExportSchema.Style.SNAKE);
    } catch (LeadportException e) {
      if (e.status() != 400) {
        throw e;
      }
      return null;
    }
  }
}
