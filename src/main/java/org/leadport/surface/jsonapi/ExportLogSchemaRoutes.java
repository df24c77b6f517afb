package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.json.Json;
import org.leadport.query.Query;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.ExportLogRepository;
import org.leadport.store.Scope;

/**
 * {@code GET /api/v2/contacts/exports/{id}/schema} (docs/schema.md): the column schema of an export
 * log's contact files, as a JSON:API document whose one resource, of type {@value #TYPE}, has the
 * schema as its attributes. The {@code .csv} and {@code .xlsx} renderings have the same columns;
 * the log's filter chooses rows, not columns. English descriptions (MPDX exports have no language);
 * errors in JSON:API's shape.
 */
public final class ExportLogSchemaRoutes {
  static final String TYPE = "export_schemas";

  private final ExportLogRepository logs;
  private final Exporter exporter;
  private final Guard guard;

  public ExportLogSchemaRoutes(ExportLogRepository logs, Exporter exporter, Guard guard) {
    this.logs = logs;
    this.exporter = exporter;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get(
        ContactExportRoutes.BASE + "/{id}/schema",
        JsonApiErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::schema)));
  }

  private void schema(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonApiRequests.checkAccept(ctx);
    String id = ctx.pathParam("id");
    if (logs.find(p.workspaceId(), id).isEmpty()) {
      throw LeadportException.notFound("Export log", id);
    }
    ExportSpec spec = ContactFiles.spec(p.workspaceId(), ExportFormat.CSV, new Query.All());
    ObjectNode body = Json.object();
    body.putObject("data")
        .put("id", id)
        .put("type", TYPE)
        .set("attributes", exporter.schema(spec, "en").toJson(ExportSchema.Style.SNAKE));
    ctx.status(200);
    ctx.contentType(JsonApiErrors.MEDIA_TYPE);
    ctx.result(Json.bytes(body));
  }
}
