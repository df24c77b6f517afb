package org.leadport.surface.jsonapi;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.json.Json;

/**
 * JSON:API's content negotiation (v1.1 §Content Negotiation) and request documents: the media type
 * in ({@code Content-Type}, a 415) and out ({@code Accept}, a 406), the body's size (a 413) and
 * syntax (a 400), and values PostgreSQL cannot store, each failure naming its header or JSON
 * pointer. Stateless.
 */
final class JsonApiRequests {
  static final String JSON_API = "application/vnd.api+json";
  static final String PLAIN_JSON = "application/json";

  private JsonApiRequests() {}

  /**
   * Checks {@code Content-Type}: JSON:API's media type, without parameters but {@code profile}
   * (ignored, as the spec allows) and {@code charset=utf-8} (what this surface's responses carry,
   * and so what clients echo; the only charset JSON has). An {@code ext} parameter names an
   * extension this server does not support: a 415, as the spec wants. Plain {@code
   * application/json} (with at most {@code charset=utf-8}) is accepted too: MPDX's API, a Rails
   * app, parses it as well, and clients that are not JSON:API-aware send it.
   */
  static void requireContentType(Context ctx) {
    String header = ctx.header("Content-Type");
    MediaType type = header == null ? null : MediaType.parse(header);
    boolean plainJson = type != null && type.name().equals(PLAIN_JSON);
    if (type == null || !(plainJson || type.name().equals(JSON_API))) {
      throw unsupported(
          "Content-Type must be "
              + JSON_API
              + " or "
              + PLAIN_JSON
              + (header == null ? "; none was sent." : "; got " + header + "."));
    }
    for (Map.Entry<String, String> p : type.params().entrySet()) {
      switch (p.getKey()) {
        case "profile" -> {
          if (plainJson) {
            throw unsupported(PLAIN_JSON + " takes no profile parameter (got " + header + ").");
          }
        }
        case "charset" -> {
          if (!p.getValue().equalsIgnoreCase("utf-8")) {
            throw unsupported("JSON:API documents are UTF-8; got charset=" + p.getValue() + ".");
          }
        }
        case "ext" ->
            throw unsupported(
                "This server supports no JSON:API extensions; got ext=\"" + p.getValue() + "\".");
        default ->
            throw unsupported(
                "The JSON:API media type takes no parameter "
                    + p.getKey()
                    + " (got "
                    + header
                    + ").");
      }
    }
  }

  /**
   * Checks {@code Accept} as JSON:API v1.1 asks: when it names the JSON:API media type only with
   * parameters other than {@code ext}, {@code profile} (and {@code charset=utf-8}, which this
   * surface sends), or only with extensions this server lacks, and names nothing else this response
   * could satisfy, a 406. No {@code Accept}, {@code *}{@code /*} and {@code application/*} are
   * fine.
   */
  static void checkAccept(Context ctx) {
    String header = ctx.header("Accept");
    if (header == null || header.isBlank()) {
      return;
    }
    boolean jsonApiNamed = false;
    for (String part : header.split(",")) {
      MediaType type = MediaType.parse(part);
      if (type == null) {
        continue;
      }
      String q = type.params().get("q");
      if (q != null && q.matches("0(\\.0{0,3})?")) {
        continue;
      }
      switch (type.name()) {
        case "*/*", "application/*" -> {
          return;
        }
        case JSON_API -> {
          jsonApiNamed = true;
          if (acceptable(type)) {
            return;
          }
        }
        default -> {}
      }
    }
    if (jsonApiNamed) {
      throw new LeadportException(
          406,
          "not_acceptable",
          "Accept names "
              + JSON_API
              + " only with parameters this server cannot honour ("
              + header
              + "); send it without parameters.",
          "Accept");
    }
    // Accept names neither JSON:API nor a wildcard (say application/json): JSON:API has no rule
    // for that, and refusing clients that send a generic JSON Accept helps nobody.
  }

  private static boolean acceptable(MediaType type) {
    for (Map.Entry<String, String> p : type.params().entrySet()) {
      switch (p.getKey()) {
        case "q", "profile" -> {}
        case "charset" -> {
          if (!p.getValue().equalsIgnoreCase("utf-8")) {
            return false;
          }
        }
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  /** The request body as one JSON value, at most {@code limit} bytes. */
  static JsonNode document(Context ctx, long limit) {
    byte[] body = Bodies.read(ctx, limit);
    if (body.length == 0) {
      throw LeadportException.invalid(
          "", "The request body is empty; a JSON:API document was expected.");
    }
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      throw new LeadportException(
          400,
          "invalid_json",
          "The request body is not valid JSON"
              + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      throw new LeadportException(400, "body_unreadable", "The request body could not be read.");
    }
    rejectUnstorable(node, "");
    return node;
  }

  /**
   * PostgreSQL cannot hold U+0000 (nor compare with it), so a string or key holding it is refused
   * here, with its JSON pointer, instead of failing deep in the database.
   */
  static void rejectUnstorable(JsonNode node, String pointer) {
    if (node.isTextual()) {
      if (node.textValue().indexOf('\u0000') >= 0) {
        throw LeadportException.invalid(
            pointer, "The value at " + pointer + " must not contain the NUL character.");
      }
      if (Json.hasLoneSurrogate(node.textValue())) {
        throw LeadportException.invalid(
            pointer, "The value at " + pointer + " must not contain a lone UTF-16 surrogate.");
      }
    } else if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw LeadportException.invalid(pointer, "The value at " + pointer + " is too large.");
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        rejectUnstorable(node.get(i), pointer + "/" + i);
      }
    } else if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.properties().iterator();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        String child = pointer + "/" + escape(e.getKey());
        if (e.getKey().indexOf('\u0000') >= 0) {
          throw LeadportException.invalid(
              child, "Member names must not contain the NUL character.");
        }
        if (Json.hasLoneSurrogate(e.getKey())) {
          throw LeadportException.invalid(
              pointer, "Member names must not contain a lone UTF-16 surrogate.");
        }
        rejectUnstorable(e.getValue(), child);
      }
    }
  }

  /** A member name as one reference token of a JSON pointer (RFC 6901). */
  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }

  private static LeadportException unsupported(String message) {
    return new LeadportException(415, "unsupported_media_type", message, "Content-Type");
  }

  /** A media type with lower-cased name and parameter names, and unquoted parameter values. */
  record MediaType(String name, Map<String, String> params) {
    static @Nullable MediaType parse(String text) {
      String[] parts = text.split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.isEmpty()) {
        return null;
      }
      Map<String, String> params = new java.util.LinkedHashMap<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        if (p.isEmpty()) {
          continue;
        }
        int eq = p.indexOf('=');
        String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? "" : p.substring(eq + 1).trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        params.put(key, value);
      }
      return new MediaType(name, params);
    }
  }
}
