package org.leadport.surface.roofkit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.Set;
import org.leadport.export.ExportSpec;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportLabels;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.query.LeadFilter;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;

/**
 * {@code GET /api/v1/leads/export/schema} (docs/schema.md): the column schema of the synchronous
 * export the same query parameters and {@code Accept} would give, before running it, with its
 * descriptions in the {@code language} parameter's language (English by default). The parameters
 * are checked as the export checks them; {@code cursor} and {@code limit} choose rows, not columns,
 * and change nothing here.
 */
public final class SyncSchemaRoutes {
  private static final Set<String> PARAMS = params();

  private final Exporter exporter;
  private final Guard guard;

  public SyncSchemaRoutes(Exporter exporter, Guard guard) {
    this.exporter = exporter;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/leads/export/schema", guard.scope(Scope.LEADS_EXPORT, this::schema));
  }

  private void schema(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, PARAMS);
    LeadFilter filter = LeadFilter.fromParams(ctx::queryParam);
    Requests.intQuery(ctx, "limit", 1, SyncExportRoutes.CAP, SyncExportRoutes.CAP);
    ExportFormat format = SyncExportRoutes.format(ctx.header("Accept"));
    boolean bom = SyncExportRoutes.bom(ctx, format);
    String word = ctx.queryParam("language");
    String language = word == null ? "en" : ExportLabels.required("language", word).language();
    ExportSpec spec = ExportSpec.segment(p.workspaceId(), filter, null, 1, bom, format);
    ExportSchema schema = exporter.schema(spec, language);
    ctx.header("Vary", "Accept");
    Responses.json(ctx, 200, schema.toJson(ExportSchema.Style.SNAKE));
  }

  private static Set<String> params() {
    Set<String> s = new HashSet<>(SyncExportRoutes.PARAMS);
    s.add("language");
    return Set.copyOf(s);
  }
}
