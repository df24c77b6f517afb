package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.json.Json;

/**
 * Checks the request document that creates an export log and returns its {@code params}: the
 * resource's type (409 when it is another, as JSON:API wants), no client-generated id (403, ditto),
 * known members and attributes only (400 naming the valid ones). Stateless.
 */
final class ExportLogRequests {
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

  private ExportLogRequests() {}

  /** The {@code params} of a create request's document ({@code {}} when absent). */
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
              + ExportLogResources.TYPE
              + "\",\"attributes\":{\"params\":{\"filter\":{…}}}}.");
    }
    JsonNode type = data.get("type");
    if (type == null || !type.isTextual()) {
      throw LeadportException.invalid(
          "/data/type",
          "data.type is required and must be the string " + ExportLogResources.TYPE + ".");
    }
    if (!type.textValue().equals(ExportLogResources.TYPE)) {
      throw new LeadportException(
          409,
          "type_mismatch",
          "This collection holds "
              + ExportLogResources.TYPE
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
        OffsetDateTime.parse(v.textValue());
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
}
