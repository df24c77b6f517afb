package org.leadport.surface.close;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Set;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportSchema;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.ExportJobs;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;

/**
 * {@code GET /api/v1/export/{id}/schema/} (docs/schema.md): the column schema of a Close export,
 * from the spec stored with its job, so it answers while the export is queued or running as well as
 * after. Close's exports have no language: the descriptions are English. Another surface's export
 * is a 404, as on Close's other export routes; errors are in Close's shape.
 */
public final class CloseSchemaRoutes {
  private final ExportJobs exportJobs;
  private final Exporter exporter;
  private final CloseErrors errors;
  private final Guard guard;

  /**
   * @param exportQuota async exports per workspace per rolling 24 h, named in Close's 429s
   * @param exportRowsQuota rows per workspace per rolling 24 h, named in Close's 429s
   */
  public CloseSchemaRoutes(
      ExportJobs exportJobs,
      Exporter exporter,
      int exportQuota,
      long exportRowsQuota,
      Guard guard) {
    this.exportJobs = exportJobs;
    this.exporter = exporter;
    this.errors = new CloseErrors(exportQuota, exportRowsQuota);
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    for (String slash : List.of("/", "")) {
      r.get(
          CloseExportRoutes.BASE + "{id}/schema" + slash,
          errors.wrap(guard.scope(Scope.LEADS_EXPORT, this::schema)));
    }
  }

  private void schema(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = CloseExportResources.closeJob(exportJobs, p, ctx.pathParam("id"));
    ExportSchema schema = exporter.schema(ExportSpecJson.read(job.spec()), "en");
    Responses.json(ctx, 200, schema.toJson(ExportSchema.Style.SNAKE));
  }
}
