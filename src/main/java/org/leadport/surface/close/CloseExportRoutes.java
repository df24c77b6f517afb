package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Downloads;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.Delivery;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.jobs.JobSubmissions;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.query.Fields;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.SavedSearchRepository.SavedSearch;
import org.leadport.store.Scope;

/**
 * Close's export API (docs/close-exports.md) on the shared job engine: create lead and opportunity
 * exports, list them, read one (with a fresh download link once done), and, as Leadport's
 * additions, cancel and delete. Speaks Close's field names and status words.
 */
public final class CloseExportRoutes {
  static final String SURFACE = "close";
  private static final String BASE = "/api/v1/export/";
  private static final long MAX_BODY = 256 * 1024;
  private static final int MAX_PAGE = 100;

  /** Close writes instants with microseconds and an explicit UTC offset. */
  private static final DateTimeFormatter CLOSE_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private static final Set<String> OBJECT_FIELDS =
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
          "date_finished");

  private final ExportJobs exportJobs;
  private final CustomFieldRepository customFields;
  private final SavedSearchRepository savedSearches;
  private final Clock clock;
  private final int exportQuota;
  private final long exportRowsQuota;
  private final Guard guard;
  private final Downloads downloads;

  /**
   * @param exportQuota async exports per workspace per rolling 24 h, named in the 429 this surface
   *     answers when it runs out
   */
  public CloseExportRoutes(
      ExportJobs exportJobs,
      CustomFieldRepository customFields,
      SavedSearchRepository savedSearches,
      Clock clock,
      int exportQuota,
      long exportRowsQuota,
      Guard guard,
      Downloads downloads) {
    this.exportJobs = exportJobs;
    this.customFields = customFields;
    this.savedSearches = savedSearches;
    this.clock = clock;
    this.exportQuota = exportQuota;
    this.exportRowsQuota = exportRowsQuota;
    this.guard = guard;
    this.downloads = downloads;
  }

  public void register(RoutesConfig r) {
    CloseErrors errors = new CloseErrors(exportQuota, exportRowsQuota);
    for (String slash : List.of("/", "")) {
      // The kinds' lists before "{id}", which would otherwise take "lead" for an id.
      for (Kind kind : Kind.values()) {
        String base = BASE + kind.word;
        r.post(base + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, kind.create(this))));
        r.get(base + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, kind.list(this))));
        r.get(base + "/{id}" + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, kind.get(this))));
      }
      r.get(BASE + "{id}" + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::get)));
      r.delete(BASE + "{id}" + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::delete)));
      r.post(
          BASE + "{id}/cancel" + slash, errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::cancel)));
    }
    r.get(BASE, errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::list)));
    r.get("/api/v1/export", errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::list)));
  }

  /** Close's two kinds of export, each with its create, list and get endpoints. */
  private enum Kind {
    LEAD("lead"),
    OPPORTUNITY("opportunity");

    final String word;

    Kind(String word) {
      this.word = word;
    }

    /** The endpoint its exports are created at, as stored with each job. */
    String endpoint() {
      return BASE + word + "/";
    }

    Guard.AuthedHandler create(CloseExportRoutes routes) {
      return (ctx, p) -> routes.create(ctx, p, word, this == LEAD);
    }

    Guard.AuthedHandler list(CloseExportRoutes routes) {
      return (ctx, p) -> routes.list(ctx, p, endpoint());
    }

    Guard.AuthedHandler get(CloseExportRoutes routes) {
      return (ctx, p) -> routes.get(ctx, p, endpoint());
    }
  }

  private void create(Context ctx, Principal p, String endpoint, boolean leads) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonNode body = Bodies.json(ctx, MAX_BODY);
    JsonInput in = JsonInput.of(body, "");
    String ws = p.workspaceId();
    CloseExportRequests requests =
        new CloseExportRequests(
            ws,
            new CloseQueryParser(
                new Fields(customFields.list(ws)),
                clock,
                id -> savedSearches.find(ws, id).map(SavedSearch::query)));
    CloseExportRequests.Parsed parsed = leads ? requests.lead(in) : requests.opportunity(in);
    JobSubmissions.Submitted submitted =
        exportJobs.submit(
            parsed.spec(),
            Delivery.GZIP,
            p.keyId(),
            SURFACE,
            BASE + endpoint + "/",
            body,
            ctx.header("Idempotency-Key"),
            parsed.email());
    if (submitted.repeated()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Responses.json(ctx, 200, render(ctx, submitted.job()));
  }

  private void get(Context ctx, Principal p) {
    get(ctx, p, null);
  }

  /** One Close export; with {@code endpoint}, only one created there (another kind is a 404). */
  private void get(Context ctx, Principal p, @Nullable String endpoint) {
    Requests.allowQueryParams(ctx, Set.of("_fields"));
    ExportJob job = closeJob(p, ctx.pathParam("id"));
    if (endpoint != null && !endpoint.equals(job.request().path("endpoint").asText())) {
      throw LeadportException.notFound("Export", job.id());
    }
    Responses.json(ctx, 200, project(render(ctx, job), fields(ctx)));
  }

  /**
   * The workspace's export {@code id}, when created through Close's API: another surface's export
   * is none of Close's (a 404, as an unknown id).
   */
  private ExportJob closeJob(Principal p, String id) {
    ExportJob job = exportJobs.get(p.workspaceId(), id);
    if (!SURFACE.equals(job.surface())) {
      throw LeadportException.notFound("Export", id);
    }
    return job;
  }

  private void list(Context ctx, Principal p) {
    list(ctx, p, null);
  }

  /** Close's exports, newest first; with {@code endpoint}, those created there. */
  private void list(Context ctx, Principal p, @Nullable String endpoint) {
    Requests.allowQueryParams(ctx, Set.of("_limit", "_skip", "_fields"));
    int limit = Requests.intQuery(ctx, "_limit", 1, MAX_PAGE, MAX_PAGE);
    int skip = Requests.intQuery(ctx, "_skip", 0, Integer.MAX_VALUE, 0);
    Set<String> fields = fields(ctx);
    List<ExportJob> page = exportJobs.list(p.workspaceId(), SURFACE, endpoint, skip, limit + 1);
    ObjectNode out = Json.object();
    ArrayNode data = out.putArray("data");
    for (ExportJob job : page.subList(0, Math.min(limit, page.size()))) {
      data.add(project(render(ctx, job), fields));
    }
    out.put("has_more", page.size() > limit);
    Responses.json(ctx, 200, out);
  }

  private void cancel(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.cancel(p.workspaceId(), closeJob(p, ctx.pathParam("id")).id());
    Responses.json(ctx, 200, render(ctx, job));
  }

  private void delete(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    exportJobs.delete(p.workspaceId(), closeJob(p, ctx.pathParam("id")).id());
    Responses.noContent(ctx);
  }

  /** The export object of seed README, plus Leadport's progress, file and error details. */
  private ObjectNode render(Context ctx, ExportJob job) {
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
    o.put("file_size", job.downloadable() ? job.fileSize() : null);
    o.put("sha256", job.downloadable() ? job.fileSha256() : null);
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
  private static @Nullable Set<String> fields(Context ctx) {
    String raw = ctx.queryParam("_fields");
    if (raw == null) {
      return null;
    }
    Set<String> out = new java.util.HashSet<>();
    for (String f : raw.split(",", -1)) {
      String name = f.trim();
      if (!OBJECT_FIELDS.contains(name)) {
        throw LeadportException.invalid(
            "_fields",
            "Unknown export field "
                + name
                + " in _fields; valid fields are "
                + String.join(", ", new java.util.TreeSet<>(OBJECT_FIELDS))
                + ".");
      }
      out.add(name);
    }
    return out;
  }

  private static ObjectNode project(ObjectNode o, @Nullable Set<String> fields) {
    if (fields != null) {
      o.retain(fields);
    }
    return o;
  }
}
