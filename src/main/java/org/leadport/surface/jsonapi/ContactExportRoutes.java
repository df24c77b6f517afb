package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.app.Services;
import org.leadport.export.ExportFormat;
import org.leadport.export.ExportOptions;
import org.leadport.export.ExportSpec;
import org.leadport.export.RowType;
import org.leadport.export.Sink;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Spool;
import org.leadport.http.StreamSlots;
import org.leadport.jobs.ExportBudget;
import org.leadport.json.Json;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.ExportLogRepository;
import org.leadport.store.ExportLogRepository.ExportLog;
import org.leadport.store.Scope;

/**
 * MPDX's JSON:API contact exports (seed 003): {@code POST /api/v2/contacts/exports} stores an
 * {@code export_logs} resource holding a contact filter, {@code GET /api/v2/contacts/exports/{id}}
 * reads it, and {@code GET …/{id}.csv} or {@code .xlsx} renders the contacts of the leads the
 * filter selects at that moment, streamed through the one export engine. Everything speaks {@code
 * application/vnd.api+json}, every failure in JSON:API's error shape ({@link JsonApiErrors}).
 */
public final class ContactExportRoutes {
  static final String BASE = "/api/v2/contacts/exports";

  /** The JSON:API resource type of this collection. */
  static final String RESOURCE_TYPE = "export_logs";

  /**
   * The {@code type} attribute: what the log exports. The seed shows {@code Contacts} in the 201 of
   * the POST it documents and {@code Contacts Export} in a GET example whose times contradict each
   * other (exported in 2017, created in 2022): the POST's word is the one to trust.
   */
  static final String EXPORT_TYPE = "Contacts";

  /** Where the filter sits in request documents, and so in every pointer about it. */
  static final String FILTER_POINTER = "/data/attributes/params/filter";

  /** The file formats a log renders to, by extension. */
  static final Set<String> EXTENSIONS = Set.of("csv", "xlsx");

  private static final long MAX_BODY = 256 * 1024;

  /** The seed's instants: seconds, UTC, {@code Z}. */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

  private static final Set<String> DOCUMENT_MEMBERS = Set.of("data", "meta", "jsonapi");
  private static final Set<String> RESOURCE_MEMBERS =
      Set.of("type", "id", "attributes", "relationships", "meta");

  /**
   * Attributes a client may send. Only {@code params} is used; the seed documents the three
   * timestamps as request parameters too, so they are accepted (and must be timestamps), but the
   * server assigns them.
   */
  private static final Set<String> WRITABLE_ATTRIBUTES =
      Set.of("params", "created_at", "updated_at", "updated_in_db_at");

  private static final Set<String> TIMESTAMP_ATTRIBUTES =
      Set.of("created_at", "updated_at", "updated_in_db_at");
  private static final Set<String> READ_ONLY_ATTRIBUTES = Set.of("export_at", "type");
  private static final Set<String> PARAMS_MEMBERS = Set.of("filter");

  private final Services services;
  private final Guard guard;
  private final ExportLogRepository logs;
  private final StreamSlots streams;

  /**
   * @param streams the workspace's open streams, of which a render takes one
   */
  public ContactExportRoutes(Services services, Guard guard, StreamSlots streams) {
    this.services = services;
    this.guard = guard;
    this.logs = new ExportLogRepository(services.database().jdbi(), services.clock());
    this.streams = streams;
  }

  public void register(RoutesConfig r) {
    r.post(BASE, JsonApiErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::create)));
    r.get(BASE + "/{id}", JsonApiErrors.wrap(guard.scope(Scope.LEADS_EXPORT, this::show)));
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

  private void create(Context ctx, Principal p) {
    JsonApiRequests.requireContentType(ctx);
    JsonApiRequests.checkAccept(ctx);
    Requests.allowQueryParams(ctx, Set.of());
    JsonNode params = params(JsonApiRequests.document(ctx, MAX_BODY));
    String ws = p.workspaceId();
    JsonNode filter = params.get("filter");
    parser(ws).parse(filter, FILTER_POINTER);
    if (filter != null && filter.isTextual()) {
      // The string parsed (or the parser would have said otherwise): its values reach SQL too.
      try {
        JsonApiRequests.rejectUnstorable(Json.parse(filter.textValue()), FILTER_POINTER);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a filter the parser accepted is not JSON", e);
      }
    }
    ExportLog log = logs.create(ws, p.keyId(), EXPORT_TYPE, params);
    ctx.header("Location", self(ctx, log));
    respond(ctx, 201, log);
  }

  private void show(Context ctx, Principal p) throws IOException {
    Requests.allowQueryParams(ctx, Set.of());
    String raw = ctx.pathParam("id");
    int dot = raw.lastIndexOf('.');
    if (dot < 0) {
      JsonApiRequests.checkAccept(ctx);
      respond(ctx, 200, find(p.workspaceId(), raw));
      return;
    }
    ExportLog log = find(p.workspaceId(), raw.substring(0, dot));
    String ext = raw.substring(dot + 1).toLowerCase(Locale.ROOT);
    ExportFormat format =
        format(ext)
            .orElseThrow(() ->
                new LeadportException(
                    400,
                    "unsupported_format",
                    EXTENSIONS.contains(ext)
                        ? "." + ext + " files are not available on this server."
                        : "An export log has no ."
                            + raw.substring(dot + 1)
                            + " rendering; use .csv or .xlsx."));
    render(ctx, log, format);
  }

  /**
   * Streams the contacts the log's filter selects now, through a spool (a slow client holds no
   * snapshot), then records the render time; the rows spend the workspace's budget.
   */
  private void render(Context ctx, ExportLog log, ExportFormat format) throws IOException {
    String ws = log.workspaceId();
    Query query = storedQuery(log);
    ExportBudget budget = services.exportJobs().budget();
    try (StreamSlots.Slot slot = streams.take(ws);
        Spool spool = new Spool()) {
      budget.admit(ws);
      render(ctx, log, format, query, spool);
      spool.awaitSent();
    }
  }

  private void render(Context ctx, ExportLog log, ExportFormat format, Query query, Spool spool) {
    String ws = log.workspaceId();
    Instant at = logs.now();
    ExportSpec spec =
        new ExportSpec(
            ws,
            RowType.CONTACTS,
            format,
            ObjectKind.LEAD,
            query,
            false,
            List.of(),
            null,
            null,
            null,
            ExportOptions.DEFAULT);
    Sink sink =
        segment -> {
          ctx.status(200);
          ctx.contentType(format.contentType());
          ctx.header(
              "Content-Disposition",
              "attachment; filename=\"contacts-"
                  + FILE_DATE.format(at)
                  + "."
                  + format.extension()
                  + "\"");
          ctx.header("Cache-Control", "no-store");
          ctx.header("X-Content-Type-Options", "nosniff");
          return spool.start(ctx.res().getOutputStream());
        };
    long rows = services.exporter().export(spec, sink);
    services.exportJobs().budget().record(ws, "jsonapi", rows);
    // The last byte is written but the response is not complete until this handler returns, so a
    // client that reads the log after its download sees the new time.
    logs.exported(ws, log.id(), at);
  }

  /**
   * The log's filter parsed against the workspace's custom fields as they are now; a filter that no
   * longer parses (a custom field it names by name was renamed or deleted) is a 422 pointing into
   * the log's params, not a 500.
   */
  private Query storedQuery(ExportLog log) {
    try {
      return parser(log.workspaceId()).parse(log.params().get("filter"), FILTER_POINTER);
    } catch (LeadportException e) {
      if (e.status() != 400) {
        throw e;
      }
      throw new LeadportException(
          422,
          "stale_filter",
          "This export log's filter no longer fits the workspace: "
              + e.getMessage()
              + " Create a new export log with a filter that does.",
          e.param());
    }
  }

  private JsonApiFilterParser parser(String ws) {
    return new JsonApiFilterParser(new Fields(services.customFields().list(ws)));
  }

  private ExportLog find(String ws, String id) {
    return logs.find(ws, id).orElseThrow(() -> LeadportException.notFound("Export log", id));
  }

  /** The formats a log renders to: those of {@link #EXTENSIONS} the export engine has. */
  static Optional<ExportFormat> format(String ext) {
    if (!EXTENSIONS.contains(ext)) {
      return Optional.empty();
    }
    for (ExportFormat f : ExportFormat.values()) {
      if (f.extension().equals(ext)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Checks a create request's document and returns its {@code params} ({@code {}} when absent): the
   * resource's type (409 when it is another, as JSON:API wants), no client-generated id (403,
   * ditto), known members and attributes only (400 naming the valid ones).
   */
  static JsonNode params(JsonNode doc) {
    if (!doc.isObject()) {
      throw LeadportException.invalid(
          "", "The request body must be a JSON:API document: an object with a data member.");
    }
    allowOnly(doc, "", DOCUMENT_MEMBERS);
    JsonNode data = doc.get("data");
    if (data == null || !data.isObject()) {
      throw LeadportException.invalid(
          "/data",
          "data must be a resource object such as {\"type\":\""
              + RESOURCE_TYPE
              + "\",\"attributes\":{\"params\":{\"filter\":{…}}}}.");
    }
    JsonNode type = data.get("type");
    if (type == null || !type.isTextual()) {
      throw LeadportException.invalid(
          "/data/type", "data.type is required and must be the string " + RESOURCE_TYPE + ".");
    }
    if (!type.textValue().equals(RESOURCE_TYPE)) {
      throw new LeadportException(
          409,
          "type_mismatch",
          "This collection holds "
              + RESOURCE_TYPE
              + " resources; data.type is "
              + type.textValue()
              + ".",
          "/data/type");
    }
    if (data.has("id")) {
      throw new LeadportException(
          403,
          "client_id_unsupported",
          "Export log ids are assigned by the server; send data without an id.",
          "/data/id");
    }
    if (data.has("relationships")) {
      throw LeadportException.invalid(
          "/data/relationships",
          "An export log's user is the API key that creates it; send data without relationships.");
    }
    allowOnly(data, "/data", RESOURCE_MEMBERS);
    JsonNode attributes = data.get("attributes");
    if (attributes == null || attributes.isNull()) {
      return Json.object();
    }
    if (!attributes.isObject()) {
      throw LeadportException.invalid("/data/attributes", "data.attributes must be an object.");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = attributes.properties().iterator();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> e = fields.next();
      String name = e.getKey();
      String at = "/data/attributes/" + JsonApiRequests.escape(name);
      if (READ_ONLY_ATTRIBUTES.contains(name)) {
        throw LeadportException.invalid(
            at, "The attribute " + name + " is set by the server; leave it out.");
      }
      if (!WRITABLE_ATTRIBUTES.contains(name)) {
        throw unknown(at, "attribute", name, WRITABLE_ATTRIBUTES);
      }
      if (TIMESTAMP_ATTRIBUTES.contains(name)) {
        checkTimestamp(e.getValue(), at, name);
      }
    }
    JsonNode params = attributes.get("params");
    if (params == null || params.isNull()) {
      return Json.object();
    }
    if (!params.isObject()) {
      throw LeadportException.invalid(
          "/data/attributes/params",
          "params must be an object such as {\"filter\":{\"status\":\"active\"}}.");
    }
    allowOnly(params, "/data/attributes/params", PARAMS_MEMBERS);
    return params;
  }

  private static void checkTimestamp(JsonNode v, String at, String name) {
    if (v.isNull()) {
      return;
    }
    try {
      if (v.isTextual()) {
        java.time.OffsetDateTime.parse(v.textValue());
        return;
      }
    } catch (DateTimeParseException e) {
      // Reported below.
    }
    throw LeadportException.invalid(
        at, name + " must be a timestamp such as 2022-01-12T17:18:07Z (the server sets it).");
  }

  private static void allowOnly(JsonNode object, String pointer, Set<String> allowed) {
    Iterator<String> names = object.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw unknown(pointer + "/" + JsonApiRequests.escape(name), "member", name, allowed);
      }
    }
  }

  private static LeadportException unknown(
      String pointer, String what, String name, Set<String> valid) {
    return LeadportException.invalid(
        pointer, "Unknown " + what + " " + name + "; valid ones are " + new TreeSet<>(valid) + ".");
  }

  private void respond(Context ctx, int status, ExportLog log) {
    ObjectNode body = Json.object();
    body.set("data", resource(ctx, log));
    ctx.status(status);
    ctx.contentType(JsonApiErrors.MEDIA_TYPE);
    ctx.result(Json.bytes(body));
  }

  /** The seed's {@code export_logs} resource, plus its self link. */
  private ObjectNode resource(Context ctx, ExportLog log) {
    ObjectNode o = Json.object();
    o.put("id", log.id());
    o.put("type", RESOURCE_TYPE);
    ObjectNode a = o.putObject("attributes");
    a.put("created_at", seconds(log.createdAt()));
    a.put("export_at", seconds(log.exportAt()));
    a.set("params", log.params());
    a.put("type", log.type());
    a.put("updated_at", seconds(log.updatedAt()));
    // Leadport has no offline clients' copies to reconcile: the database's update time it is.
    a.put("updated_in_db_at", seconds(log.updatedAt()));
    o.putObject("relationships")
        .putObject("user")
        .putObject("data")
        .put("id", log.apiKeyId())
        .put("type", "users");
    o.putObject("links").put("self", self(ctx, log));
    return o;
  }

  private String self(Context ctx, ExportLog log) {
    String base = services.settings().publicUrl();
    if (base == null) {
      base = ctx.scheme() + "://" + ctx.host();
    }
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + BASE + "/" + log.id();
  }

  private static String seconds(Instant t) {
    return t == null ? null : SECONDS.format(t);
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
