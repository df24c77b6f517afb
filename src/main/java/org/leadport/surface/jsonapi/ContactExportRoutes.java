package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.Exporter;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.StreamSlots;
import org.leadport.jobs.ExportBudget;
import org.leadport.json.Json;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.ExportLogRepository;
import org.leadport.store.ExportLogRepository.ExportLog;
import org.leadport.store.Scope;

/**
 * MPDX's JSON:API contact exports (docs/jsonapi-exports.md): {@code POST /api/v2/contacts/exports}
 * stores an {@code export_logs} resource holding a contact filter, {@code GET
 * /api/v2/contacts/exports/{id}} reads it, and {@code GET …/{id}.csv} or {@code .xlsx} renders the
 * contacts of the leads the filter selects at that moment ({@link ContactFiles}). Documents are
 * JSON:API's ({@link ExportLogRequests} in, {@link ExportLogResources} out), every failure in
 * JSON:API's error shape ({@link JsonApiErrors}). See docs/jsonapi-exports.md.
 */
public final class ContactExportRoutes {
  static final String BASE = "/api/v2/contacts/exports";

  /**
   * The {@code type} attribute: what the log exports. The seed shows {@code Contacts} in the 201 of
   * the POST it documents and {@code Contacts Export} in a GET example whose times contradict each
   * other (exported in 2017, created in 2022): the POST's word is the one to trust.
   */
  static final String EXPORT_TYPE = "Contacts";

  /** Where the filter sits in request documents, and so in every pointer about it. */
  static final String FILTER_POINTER = "/data/attributes/params/filter";

  /**
   * The query parameter MPDX's web client puts its key in when it downloads a file (a browser
   * download sends no {@code Authorization}). Taken on the file endpoints only.
   */
  static final String ACCESS_TOKEN = "access_token";

  private static final long MAX_BODY = 256 * 1024;

  private final ExportLogRepository logs;
  private final FilterParsers filters;
  private final ExportLogResources resources;
  private final ContactFiles files;
  private final Guard guard;

  /**
   * @param budget the workspace's export rows, which renders spend
   * @param publicUrl {@code LEADPORT_PUBLIC_URL}, or null for the request's own base in links
   * @param streams the workspace's open streams, of which a render takes one
   */
  public ContactExportRoutes(
      ExportLogRepository logs,
      FilterParsers filters,
      Exporter exporter,
      ExportBudget budget,
      ApiKeyRepository apiKeys,
      @Nullable String publicUrl,
      Guard guard,
      StreamSlots streams) {
    this.logs = logs;
    this.filters = filters;
    this.resources = new ExportLogResources(apiKeys, publicUrl);
    this.files = new ContactFiles(exporter, budget, filters, logs, streams);
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.post(
        BASE,
        JsonApiErrors.wrap(
            guard.scope(Scope.LEADS_EXPORT, ContactExportRoutes::accessToken, this::create)));
    r.get(
        BASE + "/{id}",
        JsonApiErrors.wrap(
            guard.scope(Scope.LEADS_EXPORT, ContactExportRoutes::accessToken, this::show)));
    Handler collection = notAllowed("POST");
    r.get(BASE, collection);
    r.put(BASE, collection);
    r.patch(BASE, collection);
    r.delete(BASE, collection);
    Handler member = notAllowed("GET");
    r.post(BASE + "/{id}", member);
    r.put(BASE + "/{id}", member);
    r.patch(BASE + "/{id}", member);
    r.delete(BASE + "/{id}", member);
  }

  /**
   * The key a file request brings as {@code access_token}, or null. Anywhere else the parameter is
   * a 400 naming it (before authentication, so the client learns to move the key to {@code
   * Authorization} whatever the key is); with an {@code Authorization} header too, a 400 as well.
   * Neither message holds the value.
   */
  static @Nullable String accessToken(Context ctx) {
    List<String> values = ctx.queryParamMap().get(ACCESS_TOKEN);
    if (values == null) {
      return null;
    }
    if (!isFile(ctx)) {
      throw LeadportException.invalid(
          ACCESS_TOKEN,
          "access_token is accepted only by the .csv and .xlsx downloads; send the API key in"
              + " the Authorization header.");
    }
    if (values.size() != 1) {
      throw LeadportException.invalid(ACCESS_TOKEN, "access_token may be given only once.");
    }
    if (ctx.header("Authorization") != null) {
      throw LeadportException.invalid(
          ACCESS_TOKEN,
          "Send the API key either in the Authorization header or as access_token, not both.");
    }
    return values.get(0);
  }

  private static boolean isFile(Context ctx) {
    return ctx.method().name().equals("GET")
        && ctx.pathParamMap().containsKey("id")
        && ctx.pathParam("id").indexOf('.') >= 0;
  }

  private void create(Context ctx, Principal p) {
    JsonApiRequests.requireContentType(ctx);
    JsonApiRequests.checkAccept(ctx);
    ExportLogResources.Shape shape = ExportLogResources.checkQuery(ctx);
    JsonNode params = ExportLogRequests.params(JsonApiRequests.document(ctx, MAX_BODY));
    String ws = p.workspaceId();
    JsonNode filter = params.get("filter");
    filters.of(ws).parse(filter, FILTER_POINTER);
    if (filter != null && filter.isTextual()) {
      // The string parsed (or the parser would have said otherwise): its values reach SQL too.
      try {
        JsonApiRequests.rejectUnstorable(Json.parse(filter.textValue()), FILTER_POINTER);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a filter the parser accepted is not JSON", e);
      }
    }
    ExportLog log = logs.create(ws, p.keyId(), EXPORT_TYPE, params);
    ctx.header("Location", resources.self(ctx, log));
    resources.respond(ctx, 201, log, shape);
  }

  private void show(Context ctx, Principal p) {
    String raw = ctx.pathParam("id");
    int dot = raw.lastIndexOf('.');
    if (dot < 0) {
      ExportLogResources.Shape shape = ExportLogResources.checkQuery(ctx);
      JsonApiRequests.checkAccept(ctx);
      resources.respond(ctx, 200, find(p.workspaceId(), raw), shape);
      return;
    }
    Requests.allowQueryParams(ctx, Set.of(ACCESS_TOKEN));
    ExportLog log = find(p.workspaceId(), raw.substring(0, dot));
    files.render(ctx, log, ContactFiles.format(raw.substring(dot + 1)));
  }

  private ExportLog find(String ws, String id) {
    return logs.find(ws, id).orElseThrow(() -> LeadportException.notFound("Export log", id));
  }

  private static Handler notAllowed(String allow) {
    return JsonApiErrors.wrap(ctx -> {
      ctx.header("Allow", allow);
      throw new LeadportException(
          405,
          "method_not_allowed",
          "Method " + ctx.method() + " is not allowed on " + ctx.path() + "; use " + allow + ".");
    });
  }
}
