package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.XlsRowWriter;
import org.leadport.http.Bodies;
import org.leadport.http.Downloads;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.jobs.Delivery;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.json.Json;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.ListRepository;
import org.leadport.store.ListRepository.LeadList;
import org.leadport.store.Scope;

/**
 * HubSpot's CRM Exports API (docs/hubspot-exports.md) on the shared job engine: start an export
 * (202 with the task's number and links), read its status (a fresh signed download URL once
 * COMPLETE), and, as Leadport's addition, cancel it. Every error in HubSpot's shape.
 */
public final class HubSpotExportRoutes {
  static final String SURFACE = "hubspot";
  static final String BASE = "/crm/v3/exports/export/async";
  private static final long MAX_BODY = 256 * 1024;

  /** Where a job of this surface is read: its task status, with fresh links each time. */
  public static String statusPath(ExportJob job) {
    return BASE + "/tasks/" + job.seq() + "/status";
  }

  /** HubSpot splits files at a million rows (CSV, XLSX) or 65,535 (XLS). */
  static final long ROWS_PER_FILE = 1_000_000;

  static final long XLS_ROWS_PER_FILE = 65_535;

  private final ExportJobs exportJobs;
  private final CustomFieldRepository customFields;
  private final ListRepository lists;
  private final FileLimits fileLimits;
  private final Guard guard;
  private final ChangeHandoff handoff;
  private final Downloads downloads;

  /**
   * How this surface cuts its files (docs/hubspot-exports.md).
   *
   * @param zipOverBytes a file over this many bytes is zipped
   * @param rowsPerFile rows a file holds before the next one starts; 0 for the format's default
   */
  public record FileLimits(long zipOverBytes, long rowsPerFile) {}

  /**
   * @param handoff the jobs' changes cursors, shown on the task status
   */
  public HubSpotExportRoutes(
      ExportJobs exportJobs,
      CustomFieldRepository customFields,
      ListRepository lists,
      FileLimits fileLimits,
      Guard guard,
      Downloads downloads,
      ChangeHandoff handoff) {
    this.exportJobs = exportJobs;
    this.customFields = customFields;
    this.lists = lists;
    this.fileLimits = fileLimits;
    this.guard = guard;
    this.downloads = downloads;
    this.handoff = handoff;
  }

  public void register(RoutesConfig r) {
    for (String slash : new String[] {"", "/"}) {
      r.post(BASE + slash, HubSpotErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::start)));
      r.get(
          BASE + "/tasks/{taskId}/status" + slash,
          HubSpotErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::status)));
      r.post(
          BASE + "/tasks/{taskId}/cancel" + slash,
          HubSpotErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::cancel)));
    }
  }

  private void start(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonNode body = Bodies.json(ctx, MAX_BODY);
    String ws = p.workspaceId();
    HubSpotExportRequests.Parsed parsed =
        new HubSpotExportRequests(
                ws,
                customFields.list(ws),
                new HubSpotExportRequests.Lists() {
                  @Override
                  public Optional<String> byIlsId(long ilsId) {
                    return lists.findByIlsId(ws, ilsId).map(LeadList::id);
                  }

                  @Override
                  public Optional<String> byId(String id) {
                    return lists.find(ws, id).map(LeadList::id);
                  }
                })
            .parse(body);
    ExportFormat format = parsed.spec().format();
    if (format == ExportFormat.XLS) {
      long rows = exportJobs.count(parsed.spec());
      if (rows > XlsRowWriter.MAX_ROWS) {
        throw LeadportException.invalid(
            "format",
            "This export has "
                + rows
                + " rows; XLS exports hold at most "
                + XlsRowWriter.MAX_ROWS
                + ". Use XLSX or CSV, or narrow the export.");
      }
    }
    long perFile =
        fileLimits.rowsPerFile() > 0
            ? fileLimits.rowsPerFile()
            : format == ExportFormat.XLS ? XLS_ROWS_PER_FILE : ROWS_PER_FILE;
    Delivery delivery =
        new Delivery(
            Delivery.Packaging.PLAIN_OR_ZIP, parsed.name(), fileLimits.zipOverBytes(), perFile);
    ExportJob job =
        exportJobs
            .submit(
                parsed.spec(),
                delivery,
                p.keyId(),
                SURFACE,
                BASE,
                body,
                ctx.header("Idempotency-Key"),
                false)
            .job();
    ObjectNode out = Json.object();
    out.put("id", Long.toString(job.seq()));
    out.putObject("links").put("status", statusUrl(ctx, job));
    Responses.json(ctx, 202, out);
  }

  private void status(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.getBySeq(p.workspaceId(), taskId(ctx));
    Responses.json(ctx, 200, render(ctx, job));
  }

  private void cancel(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.getBySeq(p.workspaceId(), taskId(ctx));
    Responses.json(ctx, 200, render(ctx, exportJobs.cancel(p.workspaceId(), job.id())));
  }

  /**
   * The task status HubSpot sends (docs/hubspot-exports.md); a failed export is COMPLETE with its
   * error in {@code errors}.
   */
  private ObjectNode render(Context ctx, ExportJob job) {
    ObjectNode o = Json.object();
    o.put("id", Long.toString(job.seq()));
    o.put(
        "status",
        switch (job.state()) {
          case QUEUED -> "PENDING";
          case RUNNING -> "PROCESSING";
          case SUCCEEDED, FAILED -> "COMPLETE";
          case CANCELED -> "CANCELED";
        });
    String url = downloads.link(ctx, job);
    if (url != null) {
      o.put("result", url);
    }
    ObjectNode manifest = downloads.manifest(ctx, job, ExportSchema.Style.CAMEL);
    if (manifest != null) {
      // Leadport's own, only for an export in parts (docs/parts.md); its keys read the same in
      // HubSpot's camelCase.
      o.set("manifest", manifest);
    }
    o.put("requestedAt", HubSpotValues.iso(job.createdAt()));
    o.put("startedAt", HubSpotValues.iso(job.startedAt()));
    o.put("completedAt", HubSpotValues.iso(job.finishedAt()));
    var errors = o.putArray("errors");
    if (job.errorCode() != null) {
      errors
          .addObject()
          .put("status", "error")
          .put("category", "VALIDATION_ERROR")
          .put("message", job.errorMessage())
          .put("code", job.errorCode().toUpperCase(java.util.Locale.ROOT))
          // HubSpot's clients keep the code only from the nested details.
          .putArray("errors")
          .addObject()
          .put("message", job.errorMessage())
          .put("code", job.errorCode().toUpperCase(java.util.Locale.ROOT));
    }
    o.put("numErrors", errors.size());
    // Leadport's own: a transient failure is retried (docs/operations.md, "Retries").
    o.put("attempts", job.attempts());
    o.put("maxAttempts", exportJobs.maxAttempts());
    // Leadport's own too: the change feed from here holds exactly what the file does not.
    String changes = handoff.cursor(job);
    if (changes != null) {
      o.put("changesCursor", changes);
    }
    o.putObject("links").put("self", statusUrl(ctx, job));
    return o;
  }

  private static String statusUrl(Context ctx, ExportJob job) {
    return ctx.scheme() + "://" + ctx.host() + statusPath(job);
  }

  /** The task's number in the path, or a 404 in HubSpot's words for anything else. */
  static long taskId(Context ctx) {
    String raw = ctx.pathParam("taskId");
    if (!raw.matches("[1-9][0-9]{0,17}")) {
      throw new LeadportException(
          404, "object_not_found", "No export task " + raw + " in this account.", "taskId");
    }
    return Long.parseLong(raw);
  }
}
