package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Requests;
import org.leadport.json.Json;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.ExportLogRepository.ExportLog;

/**
 * Writes the seed's {@code export_logs} resource documents, shaped by JSON:API's query parameters:
 * {@code include=user} adds the log's user (the API key that created it) as a {@code users}
 * resource in {@code included}, and sparse fieldsets ({@code fields[export_logs]}, {@code
 * fields[users]}) keep only the named fields. Unknown paths, types and fields are 400s naming the
 * parameter, as JSON:API requires.
 */
final class ExportLogResources {
  /** The JSON:API resource type of this collection. */
  static final String TYPE = "export_logs";

  /** The resource type of a log's user. */
  static final String USERS = "users";

  /** The query parameters a resource response takes. */
  static final Set<String> QUERY_PARAMS =
      Set.of("include", "fields[" + TYPE + "]", "fields[" + USERS + "]");

  /** Fields (attributes and relationships) of each type, in the order they are written. */
  private static final Map<String, List<String>> FIELDS =
      Map.of(
          TYPE,
          List.of(
              "created_at",
              "export_at",
              "params",
              "type",
              "updated_at",
              "updated_in_db_at",
              "user"),
          USERS,
          List.of("name", "email"));

  /** The seed's instants: seconds, UTC, {@code Z}. */
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final ApiKeyRepository apiKeys;
  private final @Nullable String publicUrl;

  /**
   * @param publicUrl {@code LEADPORT_PUBLIC_URL}, or null for the request's own base
   */
  ExportLogResources(ApiKeyRepository apiKeys, @Nullable String publicUrl) {
    this.apiKeys = apiKeys;
    this.publicUrl = publicUrl;
  }

  /**
   * What a response is to hold: whether to include the user, and the fields to keep per type (a
   * type without a sparse fieldset keeps all of its fields).
   */
  record Shape(boolean includeUser, Map<String, Set<String>> fields) {
    boolean keeps(String type, String field) {
      Set<String> kept = fields.get(type);
      return kept == null || kept.contains(field);
    }
  }

  /** The shape a request asks for; call after the query parameters were checked by name. */
  static Shape shape(Context ctx) {
    boolean includeUser = false;
    String include = ctx.queryParam("include");
    if (include != null && !include.isEmpty()) {
      for (String path : include.split(",", -1)) {
        if (!path.equals("user")) {
          throw LeadportException.invalid(
              "include",
              "An export log has no relationship path \""
                  + path
                  + "\" to include; the only one is user.");
        }
        includeUser = true;
      }
    }
    Map<String, Set<String>> fields = new java.util.HashMap<>();
    for (String type : FIELDS.keySet()) {
      String param = "fields[" + type + "]";
      String value = ctx.queryParam(param);
      if (value == null) {
        continue;
      }
      Set<String> kept = new LinkedHashSet<>();
      if (!value.isEmpty()) {
        for (String f : value.split(",", -1)) {
          if (!FIELDS.get(type).contains(f)) {
            throw LeadportException.invalid(
                param,
                "The "
                    + type
                    + " resource has no field \""
                    + f
                    + "\"; its fields are "
                    + new TreeSet<>(FIELDS.get(type))
                    + ".");
          }
          kept.add(f);
        }
      }
      fields.put(type, kept);
    }
    return new Shape(includeUser, fields);
  }

  /**
   * Refuses a sparse fieldset of a type this surface does not serve ({@code fields[people]}): JSON:
   * API wants a 400 naming the parameter, rather than the general "unknown parameter" message.
   */
  static void rejectUnknownFieldsets(Context ctx) {
    for (String name : ctx.queryParamMap().keySet()) {
      if (name.startsWith("fields[") && !QUERY_PARAMS.contains(name)) {
        throw LeadportException.invalid(
            name,
            "Sparse fieldsets are served for the types "
                + new TreeSet<>(FIELDS.keySet())
                + "; "
                + name
                + " names another.");
      }
    }
  }

  /** Answers {@code status} with the log as a JSON:API document in {@code shape}. */
  void respond(Context ctx, int status, ExportLog log, Shape shape) {
    ObjectNode body = Json.object();
    body.set("data", resource(ctx, log, shape));
    if (shape.includeUser()) {
      ArrayNode included = body.putArray("included");
      user(log, shape).ifPresent(included::add);
    }
    ctx.status(status);
    ctx.contentType(JsonApiErrors.MEDIA_TYPE);
    ctx.result(Json.bytes(body));
  }

  private ObjectNode resource(Context ctx, ExportLog log, Shape shape) {
    ObjectNode o = Json.object();
    o.put("id", log.id());
    o.put("type", TYPE);
    ObjectNode a = Json.object();
    put(a, shape, "created_at", seconds(log.createdAt()));
    put(a, shape, "export_at", seconds(log.exportAt()));
    if (shape.keeps(TYPE, "params")) {
      a.set("params", log.params());
    }
    put(a, shape, "type", log.type());
    put(a, shape, "updated_at", seconds(log.updatedAt()));
    // Leadport has no offline clients' copies to reconcile: the database's update time it is.
    put(a, shape, "updated_in_db_at", seconds(log.updatedAt()));
    if (!a.isEmpty()) {
      o.set("attributes", a);
    }
    if (shape.keeps(TYPE, "user")) {
      o.putObject("relationships")
          .putObject("user")
          .putObject("data")
          .put("id", log.apiKeyId())
          .put("type", USERS);
    }
    o.putObject("links").put("self", self(ctx, log));
    return o;
  }

  private static void put(ObjectNode a, Shape shape, String name, @Nullable String value) {
    if (shape.keeps(TYPE, name)) {
      a.put(name, value);
    }
  }

  /** The log's API key as a {@code users} resource: its name and done-email address. */
  private Optional<ObjectNode> user(ExportLog log, Shape shape) {
    String name = apiKeys.names(log.workspaceId(), List.of(log.apiKeyId())).get(log.apiKeyId());
    if (name == null) {
      return Optional.empty();
    }
    ObjectNode u = Json.object();
    u.put("id", log.apiKeyId());
    u.put("type", USERS);
    ObjectNode a = Json.object();
    if (shape.keeps(USERS, "name")) {
      a.put("name", name);
    }
    if (shape.keeps(USERS, "email")) {
      a.put("email", apiKeys.email(log.apiKeyId()).orElse(null));
    }
    if (!a.isEmpty()) {
      u.set("attributes", a);
    }
    return Optional.of(u);
  }

  /** The log's absolute URL, on {@code LEADPORT_PUBLIC_URL} or the request's own base. */
  String self(Context ctx, ExportLog log) {
    String base = publicUrl;
    if (base == null) {
      base = ctx.scheme() + "://" + ctx.host();
    }
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base + ContactExportRoutes.BASE + "/" + log.id();
  }

  private static @Nullable String seconds(@Nullable Instant t) {
    return t == null ? null : SECONDS.format(t);
  }

  /** Checks the query parameters of a request answered with a resource document. */
  static Shape checkQuery(Context ctx) {
    rejectUnknownFieldsets(ctx);
    Requests.allowQueryParams(ctx, QUERY_PARAMS);
    return shape(ctx);
  }
}
