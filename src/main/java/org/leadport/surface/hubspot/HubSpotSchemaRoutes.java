package org.leadport.surface.hubspot;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
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
 * {@code GET /crm/v3/exports/export/async/tasks/{taskId}/schema} (docs/schema.md): the column
 * schema of an export task beside its status route, from the spec stored with it, in HubSpot's
 * camelCase keys; the names are the file's headers (labels in the export's {@code language}, or
 * internal names) and the descriptions in that language. Errors in HubSpot's shape.
 */
public final class HubSpotSchemaRoutes {
  private final ExportJobs exportJobs;
  private final Exporter exporter;
  private final Guard guard;

  public HubSpotSchemaRoutes(ExportJobs exportJobs, Exporter exporter, Guard guard) {
    this.exportJobs = exportJobs;
    this.exporter = exporter;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    for (String slash : new String[] {"", "/"}) {
      r.get(
          HubSpotExportRoutes.BASE + "/tasks/{taskId}/schema" + slash,
          HubSpotErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::schema)));
    }
  }

  private void schema(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.getBySeq(p.workspaceId(), HubSpotExportRoutes.taskId(ctx));
    ExportSchema schema = exporter.schema(ExportSpecJson.read(job.spec()), job.language());
    Responses.json(ctx, 200, schema.toJson(ExportSchema.Style.CAMEL));
  }
}
