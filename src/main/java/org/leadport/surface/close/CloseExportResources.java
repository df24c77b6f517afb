package org.leadport.surface.close;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.json.Json;
import org.leadport.store.ApiKeyRepository.Principal;

/**
 * Close's exports once created: list them, read one (with a fresh download link once done), and, as
 * Leadport's additions, cancel and delete. Only exports created through Close's API are seen here;
 * another surface's export is a 404, as an unknown id.
 */
final class CloseExportResources {
  private static final int MAX_PAGE = 100;

  private final ExportJobs exportJobs;
  private final CloseExportObject objects;

  CloseExportResources(ExportJobs exportJobs, CloseExportObject objects) {
    this.exportJobs = exportJobs;
    this.objects = objects;
  }

  /** One Close export; with {@code endpoint}, only one created there (another kind is a 404). */
  void get(Context ctx, Principal p, @Nullable String endpoint) {
    Requests.allowQueryParams(ctx, Set.of("_fields"));
    ExportJob job = closeJob(exportJobs, p, ctx.pathParam("id"));
    if (endpoint != null && !endpoint.equals(job.request().path("endpoint").asText())) {
      throw LeadportException.notFound("Export", job.id());
    }
    Responses.json(ctx, 200, objects.render(ctx, job, CloseExportObject.fields(ctx)));
  }

  /** Close's exports, newest first; with {@code endpoint}, those created there. */
  void list(Context ctx, Principal p, @Nullable String endpoint) {
    Requests.allowQueryParams(ctx, Set.of("_limit", "_skip", "_fields"));
    int limit = Requests.intQuery(ctx, "_limit", 1, MAX_PAGE, MAX_PAGE);
    int skip = Requests.intQuery(ctx, "_skip", 0, Integer.MAX_VALUE, 0);
    Set<String> fields = CloseExportObject.fields(ctx);
    List<ExportJob> page =
        exportJobs.list(p.workspaceId(), CloseExportRoutes.SURFACE, endpoint, skip, limit + 1);
    ObjectNode out = Json.object();
    ArrayNode data = out.putArray("data");
    for (ExportJob job : page.subList(0, Math.min(limit, page.size()))) {
      data.add(objects.render(ctx, job, fields));
    }
    out.put("has_more", page.size() > limit);
    Responses.json(ctx, 200, out);
  }

  void cancel(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job =
        exportJobs.cancel(p.workspaceId(), closeJob(exportJobs, p, ctx.pathParam("id")).id());
    Responses.json(ctx, 200, objects.render(ctx, job));
  }

  void delete(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    exportJobs.delete(p.workspaceId(), closeJob(exportJobs, p, ctx.pathParam("id")).id());
    Responses.noContent(ctx);
  }

  /**
   * The workspace's export {@code id}, when created through Close's API: another surface's export
   * is none of Close's (a 404, as an unknown id).
   */
  static ExportJob closeJob(ExportJobs exportJobs, Principal p, String id) {
    ExportJob job = exportJobs.get(p.workspaceId(), id);
    if (!CloseExportRoutes.SURFACE.equals(job.surface())) {
      throw LeadportException.notFound("Export", id);
    }
    return job;
  }
}
