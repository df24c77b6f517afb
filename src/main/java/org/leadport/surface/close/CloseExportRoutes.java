package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.leadport.http.Bodies;
import org.leadport.http.Downloads;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.jobs.JobSubmissions;
import org.leadport.json.JsonInput;
import org.leadport.query.Fields;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.SavedSearchRepository.SavedSearch;
import org.leadport.store.Scope;

/**
 * Close's export API (docs/close-exports.md) on the shared job engine: its routes, and the creation
 * of lead and opportunity exports. Listing, reading, cancelling and deleting them is {@link
 * CloseExportResources}; the export object every endpoint answers with is {@link
 * CloseExportObject}. Speaks Close's field names and status words.
 */
public final class CloseExportRoutes {
  static final String SURFACE = "close";
  static final String BASE = "/api/v1/export/";
  private static final long MAX_BODY = 256 * 1024;

  /** Where a job of this surface is read: Close's export object, with fresh links each time. */
  public static String statusPath(ExportJob job) {
    return BASE + job.id() + "/";
  }

  private final ExportJobs exportJobs;
  private final CustomFieldRepository customFields;
  private final SavedSearchRepository savedSearches;
  private final Clock clock;
  private final int exportQuota;
  private final long exportRowsQuota;
  private final Guard guard;
  private final CloseExportObject objects;
  private final CloseExportResources exports;
  private final ChangeHandoff handoff;

  /**
   * @param exportQuota async exports per workspace per rolling 24 h, named in the 429 this surface
   *     answers when it runs out
   * @param handoff the jobs' changes cursors and the delta exports' {@code since}
   */
  public CloseExportRoutes(
      ExportJobs exportJobs,
      CustomFieldRepository customFields,
      SavedSearchRepository savedSearches,
      Clock clock,
      int exportQuota,
      long exportRowsQuota,
      Guard guard,
      Downloads downloads,
      ChangeHandoff handoff) {
    this.exportJobs = exportJobs;
    this.customFields = customFields;
    this.savedSearches = savedSearches;
    this.clock = clock;
    this.exportQuota = exportQuota;
    this.exportRowsQuota = exportRowsQuota;
    this.guard = guard;
    this.handoff = handoff;
    this.objects = new CloseExportObject(exportJobs, downloads, handoff);
    this.exports = new CloseExportResources(exportJobs, objects);
  }

  public void register(RoutesConfig r) {
    CloseErrors errors = new CloseErrors(exportQuota, exportRowsQuota);
    // Every Close export route: Close's error shape around the export scope.
    Function<Guard.AuthedHandler, Handler> scoped =
        h -> errors.wrap(guard.scope(Scope.LEADS_EXPORT, h));
    for (String slash : List.of("/", "")) {
      // The kinds' lists before "{id}", which would otherwise take "lead" for an id.
      for (Kind kind : Kind.values()) {
        String base = BASE + kind.word;
        r.post(base + slash, scoped.apply((ctx, p) -> create(ctx, p, kind)));
        r.get(base + slash, scoped.apply((ctx, p) -> exports.list(ctx, p, kind.endpoint())));
        r.get(
            base + "/{id}" + slash, scoped.apply((ctx, p) -> exports.get(ctx, p, kind.endpoint())));
      }
      r.get(BASE + "{id}" + slash, scoped.apply((ctx, p) -> exports.get(ctx, p, null)));
      r.delete(BASE + "{id}" + slash, scoped.apply(exports::delete));
      r.post(BASE + "{id}/cancel" + slash, scoped.apply(exports::cancel));
    }
    r.get(BASE, scoped.apply((ctx, p) -> exports.list(ctx, p, null)));
    r.get("/api/v1/export", scoped.apply((ctx, p) -> exports.list(ctx, p, null)));
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
  }

  private void create(Context ctx, Principal p, Kind kind) {
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
                id -> savedSearches.find(ws, id).map(SavedSearch::query)),
            handoff);
    CloseExportRequests.Parsed parsed =
        kind == Kind.LEAD ? requests.lead(in) : requests.opportunity(in);
    JobSubmissions.Submitted submitted =
        exportJobs.submit(
            parsed.spec(),
            parsed.delivery(),
            p.keyId(),
            SURFACE,
            kind.endpoint(),
            body,
            ctx.header("Idempotency-Key"),
            parsed.email());
    if (submitted.repeated()) {
      ctx.header("Idempotent-Replayed", "true");
    }
    Responses.json(ctx, 200, objects.render(ctx, submitted.job()));
  }
}
