package org.leadport.surface.console;

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
 * {@code GET /api/v1/exports/{id}/schema} (docs/schema.md): the column schema of any export job of
 * the workspace, as the console's status route shows any job, from the spec stored with it; its
 * descriptions in the language the export was asked in (the request's {@code language}), English
 * when it named none.
 */
public final class ConsoleSchemaRoutes {
  private final ExportJobs exportJobs;
  private final Exporter exporter;
  private final Guard guard;

  public ConsoleSchemaRoutes(ExportJobs exportJobs, Exporter exporter, Guard guard) {
    this.exportJobs = exportJobs;
    this.exporter = exporter;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get(ConsoleExportRoutes.BASE + "/{id}/schema", guard.scope(Scope.LEADS_EXPORT, this::schema));
  }

  private void schema(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    ExportJob job = exportJobs.get(p.workspaceId(), ctx.pathParam("id"));
    ExportSchema schema = exporter.schema(ExportSpecJson.read(job.spec()), job.language());
    Responses.json(ctx, 200, schema.toJson(ExportSchema.Style.SNAKE));
  }
}
