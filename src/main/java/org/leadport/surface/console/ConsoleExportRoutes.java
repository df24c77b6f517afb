package org.leadport.surface.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.XlsRowWriter;
import org.leadport.http.Bodies;
import org.leadport.http.Downloads;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.jobs.Delivery;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.jobs.JobState;
import org.leadport.jobs.JobSubmissions;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Scope;
import org.leadport.store.StatusRepository;

/**
 * The console API, Leadport's own export surface (issue 8): the options a client offers, create an
 * export, list every export of the workspace whatever surface made it, read one, cancel it and mint
 * a fresh download link. Errors in the native shape.
 */
public final class ConsoleExportRoutes {
  static final String SURFACE = "console";
  static final String BASE = "/api/v1/exports";
  private static final long MAX_BODY = 64 * 1024;
  private static final int MAX_PAGE = 100;
  private static final int DEFAULT_PAGE = 50;

  /** Where a job (of any surface) is read here, with its manifest when it is in parts. */
  public static String statusPath(ExportJob job) {
    return BASE + "/" + job.id();
  }

  private final ExportJobs exportJobs;
  private final CustomFieldRepository customFields;
  private final StatusRepository statuses;
  private final ApiKeyRepository apiKeys;
  private final Guard guard;
  private final Downloads downloads;
  private final ChangeHandoff handoff;

  /**
   * @param handoff the jobs' changes cursors and the delta exports' {@code since}
   */
  public ConsoleExportRoutes(
      ExportJobs exportJobs,
      CustomFieldRepository customFields,
      StatusRepository statuses,
      ApiKeyRepository apiKeys,
      Guard guard,
      Downloads downloads,
      ChangeHandoff handoff) {
    this.exportJobs = exportJobs;
    this.customFields = customFields;
    this.statuses = statuses;
    this.apiKeys = apiKeys;
    this.guard = guard;
    this.downloads = downloads;
    this.handoff = handoff;
  }

  public void register(RoutesConfig r) {
    r.get(BASE + "/options", guard.scope(Scope.LEADS_EXPORT, this::options));
    r.post(BASE, guard.scope(Scope.LEADS_EXPORT, this::create));
    r.get(BASE, guard.scope(Scope.LEADS_EXPORT, this::list));
    r.get(BASE + "/{id}", guard.scope(Scope.LEADS_EXPORT, this::get));
    r.post(BASE + "/{id}/cancel", guard.scope(Scope.LEADS_EXPORT, this::cancel));
    r.post(BASE + "/{id}/link", guard.scope(Scope.LEADS_EXPORT, this::link));
  }

  private void options(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    String ws = p.workspaceId();
    Responses.json(ctx, 200, ConsoleCatalog.options(customFields.list(ws), statuses.list(ws)));
  }

  private void create(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonNode body = Bodies.json(ctx, MAX_BODY);
    String ws = p.workspaceId();
    ConsoleExportRequests.Parsed parsed =
        new ConsoleExportRequests(ws, customFields.list(ws), statuses.list(ws), handoff)
            .parse(JsonInput.of(body, ""));
    ExportSpec spec = parsed.spec();
    if (spec.format() == ExportFormat.XLS) {
      long rows = exportJobs.count(spec);
      if (rows > XlsRowWriter.MAX_ROWS) {
        throw new LeadportException(
            400,
            "too_many_rows_for_xls",
            String.format(
                Locale.ROOT,
                "This export has %,d rows; an XLS file holds at most %,d. Use XLSX or CSV, or"
                    + " narrow the export with filters.",
                rows,
                XlsRowWriter.MAX_ROWS),
            "format");
      }
    }
    JobSubmissions.Submitted submitted =
        exportJobs.submit(
            spec,
            delivery(parsed),
            p.keyId(),
            SURFACE,
            BASE,
            body,
            ctx.header("Idempotency-Key"),
            parsed.email());
    if (submitted.repeated()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    ExportJob job = submitted.job();
    ctx.header("Location", BASE + "/" + job.id());
    Responses.json(
        ctx, 202, render(job, names(ws, List.of(job)), maxAttempts(), handoff.cursor(job)));
  }

  /**
   * The plain file, or compressed as a file of its own ({@code leads.csv.zst}): a download link is
   * fetched by clients whose {@code Accept-Encoding} is not known when the file is written.
   */
  private static Delivery delivery(ConsoleExportRequests.Parsed parsed) {
    return switch (parsed.compression()) {
      case IDENTITY -> Delivery.plain(parsed.type());
      case GZIP -> new Delivery(Delivery.Packaging.GZIP_FILE, parsed.type(), 0, 0);
      case ZSTD -> new Delivery(Delivery.Packaging.ZSTD_FILE, parsed.type(), 0, 0);
    };
  }

  private void list(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of("limit", "skip"));
    int limit = Requests.intQuery(ctx, "limit", 1, MAX_PAGE, DEFAULT_PAGE);
    int skip = Requests.intQuery(ctx, "skip", 0, Integer.MAX_VALUE, 0);
    List<ExportJob> page = exportJobs.list(p.workspaceId(), skip, limit + 1);
    List<ExportJob> shown = page.subList(0, Math.min(limit, page.size()));
    Map<String, String> names = names(p.workspaceId(), shown);
    ObjectNode out = Json.object();
    ArrayNode data = out.putArray("data");
    shown.forEach(job -> data.add(render(job, names, maxAttempts(), handoff.cursor(job))));
    out.put("has_more", page.size() > limit);
    Responses.json(ctx, 200, out);
  }

  private void get(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.get(p.workspaceId(), ctx.pathParam("id"));
    ObjectNode o =
        render(job, names(p.workspaceId(), List.of(job)), maxAttempts(), handoff.cursor(job));
    ObjectNode manifest = downloads.manifest(ctx, job, ExportSchema.Style.SNAKE);
    if (manifest != null) {
      // Only for an export in parts (docs/parts.md), with a fresh link to each part.
      o.set("manifest", manifest);
    }
    Responses.json(ctx, 200, o);
  }

  private void cancel(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.cancel(p.workspaceId(), ctx.pathParam("id"));
    Responses.json(
        ctx,
        200,
        render(job, names(p.workspaceId(), List.of(job)), maxAttempts(), handoff.cursor(job)));
  }

  private void link(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.get(p.workspaceId(), ctx.pathParam("id"));
    if (job.state() != JobState.SUCCEEDED) {
      throw LeadportException.conflict(
          "export_not_ready",
          "Export "
              + job.id()
              + " is "
              + job.state().wireName()
              + "; a download link exists once it has succeeded.");
    }
    if (!job.downloadable()) {
      throw new LeadportException(
          410,
          "export_file_deleted",
          "The file of export "
              + job.id()
              + " was deleted at the end of its retention; run the export again.");
    }
    if (job.parted()) {
      throw job.inParts(
          "GET /api/v1/exports/" + job.id() + " lists them with a link to each in its manifest.");
    }
    // A downloadable job (checked above) has a link.
    String url = Objects.requireNonNull(downloads.link(ctx, job));
    ObjectNode out = Json.object().put("url", url);
    out.put("expires_at", expiry(url).toString());
    Responses.json(ctx, 200, out);
  }

  /** Attempts a job has before a transient failure fails it (LEADPORT_JOB_ATTEMPTS). */
  private int maxAttempts() {
    return exportJobs.maxAttempts();
  }

  /**
   * The job object of the contract, for jobs of any surface: type and format come from the stored
   * spec, which every surface writes alike.
   */
  static ObjectNode render(
      ExportJob job,
      Map<String, String> keyNames,
      int maxAttempts,
      @Nullable String changesCursor) {
    boolean succeeded = job.state() == JobState.SUCCEEDED;
    ObjectNode o = Json.object();
    o.put("id", job.id());
    o.put("surface", job.surface());
    o.put("type", ConsoleCatalog.typeId(RowType.valueOf(job.spec().path("rows").asText())));
    o.put(
        "format",
        ConsoleCatalog.formatId(ExportFormat.valueOf(job.spec().path("format").asText())));
    o.put("state", job.state().wireName());
    o.put("rows_done", job.rowsDone());
    o.put("rows_total", job.rowsTotal());
    o.put("attempts", job.attempts());
    o.put("max_attempts", maxAttempts);
    o.put("file_name", succeeded ? DownloadLinks.fileName(job) : null);
    // An export in parts has no one file: its sizes and checksums are the manifest's.
    o.put("file_size", succeeded && !job.parted() ? job.fileSize() : null);
    if (job.parted()) {
      // Only then, so the job of one file reads as it did: the list shows how many parts there
      // are, and the job's GET (never its link, a 409) lists them with fresh links.
      o.put("parts", job.parts());
    }
    o.put("created_at", time(job.createdAt()));
    o.put("started_at", time(job.startedAt()));
    o.put("finished_at", time(job.finishedAt()));
    o.putObject("created_by")
        .put("api_key_id", job.apiKeyId())
        .put("name", keyNames.get(job.apiKeyId()));
    if (job.errorCode() != null) {
      o.putObject("error").put("code", job.errorCode()).put("message", job.errorMessage());
    } else {
      o.putNull("error");
    }
    // The change feed from here holds exactly what the file does not (docs/changes.md).
    o.put("changes_cursor", changesCursor);
    return o;
  }

  private Map<String, String> names(String workspaceId, List<ExportJob> jobs) {
    Set<String> ids = new HashSet<>();
    jobs.forEach(j -> ids.add(j.apiKeyId()));
    return apiKeys.names(workspaceId, ids);
  }

  /** When a link minted by {@link DownloadLinks} expires: its {@code expires} parameter. */
  private static Instant expiry(String url) {
    for (String param : url.substring(url.indexOf('?') + 1).split("&")) {
      if (param.startsWith("expires=")) {
        return Instant.ofEpochSecond(Long.parseLong(param.substring("expires=".length())));
      }
    }
    throw new IllegalStateException("a download link without expires");
  }

  private static @Nullable String time(@Nullable Instant t) {
    return t == null ? null : t.toString();
  }
}
