package org.leadport.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.http.Context;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.json.Json;

/**
 * Reads request bodies: checks the content type (415) and the size (413) before parsing, and turns
 * malformed JSON into a 400 that says where it broke.
 */
public final class Bodies {
  /** Default limit for a single object. */
  public static final long SMALL = 1L << 20;

  /** Limit for bulk bodies: 10,000 leads with their contacts and activities. */
  public static final long BULK = 64L << 20;

  /**
   * The most of an over-large body read and dropped before its 413 (see {@link #read}); beyond it
   * the connection is closed instead.
   */
  static final long DRAIN = 16L << 20;

  private static final Set<String> JSON_TYPES = Set.of("application/json");
  private static final Set<String> NDJSON_TYPES =
      Set.of("application/x-ndjson", "application/ndjson", "application/jsonl");

  private Bodies() {}

  /** The body as one JSON value; must be {@code application/json} and at most {@code limit}. */
  public static JsonNode json(Context ctx, long limit) {
    requireType(ctx, JSON_TYPES);
    return parse(read(ctx, limit), "");
  }

  /**
   * The body as an array of JSON values: a JSON array ({@code application/json}) or one value a
   * line ({@code application/x-ndjson}).
   */
  public static ArrayNode jsonArrayOrNdjson(Context ctx, long limit) {
    String type = requireType(ctx, union(JSON_TYPES, NDJSON_TYPES));
    byte[] body = read(ctx, limit);
    if (JSON_TYPES.contains(type)) {
      JsonNode node = parse(body, "");
      if (!node.isArray()) {
        throw LeadportException.invalid("", "The request body must be a JSON array.");
      }
      return (ArrayNode) node;
    }
    ArrayNode out = Json.array();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new ByteArrayInputStream(body), StandardCharsets.UTF_8))) {
      String line;
      int lineNo = 0;
      while ((line = reader.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        out.add(parse(line.getBytes(StandardCharsets.UTF_8), "line " + lineNo));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** True when the request carries a body at all. */
  public static boolean present(Context ctx) {
    String length = ctx.header("Content-Length");
    return (length != null && !length.equals("0")) || ctx.header("Transfer-Encoding") != null;
  }

  private static String requireType(Context ctx, Set<String> allowed) {
    String header = ctx.header("Content-Type");
    String type = header == null ? "" : header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!allowed.contains(type)) {
      throw new LeadportException(
          415,
          "unsupported_media_type",
          "Content-Type must be "
              + String.join(" or ", allowed.stream().sorted().toList())
              + (header == null ? "; none was sent." : "; got " + header + "."),
          "Content-Type");
    }
    return type;
  }

  /**
   * The raw body, at most {@code limit} bytes (413 beyond, whatever Content-Length says), for
   * surfaces that check their own media type.
   */
  public static byte[] read(Context ctx, long limit) {
    String length = ctx.header("Content-Length");
    long declared = -1;
    if (length != null) {
      try {
        declared = Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        throw LeadportException.invalid("Content-Length", "Content-Length must be a number.");
      }
    }
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared > limit) {
        throw tooLarge(ctx, limit, declared - limit <= DRAIN && drained(in));
      }
      // Read one byte past the limit so a body without Content-Length cannot exceed it.
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      if (body.length > limit) {
        throw tooLarge(ctx, limit, drained(in));
      }
      return body;
    } catch (IOException e) {
      throw new LeadportException(400, "body_unreadable", "The request body could not be read.");
    }
  }

  /**
   * Reads and drops the rest of an over-large body, at most {@link #DRAIN} bytes, and says whether
   * it ended. A client still sending when its 413 comes would otherwise meet a connection closed
   * with its bytes unread, which the operating system answers with a reset that loses the 413
   * (nginx's lingering close exists for the same reason).
   */
  private static boolean drained(InputStream in) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long left = DRAIN;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        return true;
      }
      left -= n;
    }
    return in.read() < 0;
  }

  private static LeadportException tooLarge(Context ctx, long limit, boolean drained) {
    if (!drained) {
      // Too much to read only to drop it: the connection ends after the answer, and says so.
      ctx.header("Connection", "close");
    }
    return new LeadportException(
        413,
        "payload_too_large",
        "The request body is larger than this endpoint accepts (" + limit + " bytes).");
  }

  private static JsonNode parse(byte[] body, String where) {
    if (body.length == 0) {
      throw LeadportException.invalid("", "The request body is empty; JSON was expected.");
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      rejectUnstorable(node, where.isEmpty() ? "" : where);
      return node;
    } catch (JsonProcessingException e) {
      JsonLocation loc = e.getLocation();
      String at =
          loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
      throw new LeadportException(
          400,
          "invalid_json",
          "The request body is not valid JSON"
              + (where.isEmpty() ? "" : " (" + where + ")")
              + at
              + ": "
              + e.getOriginalMessage(),
          where.isEmpty() ? "" : where);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * PostgreSQL text and jsonb cannot hold U+0000 nor UTF-8 a lone surrogate, nor JSON a number too
   * large for a double, so a string, key or number like that is refused here, naming its JSON path,
   * instead of failing (or silently changing) deep in the database.
   */
  private static void rejectUnstorable(JsonNode node, String path) {
    if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
      throw LeadportException.invalid(
          path, (path.isEmpty() ? "The body" : path) + " must be a finite number.");
    }
    if (node.isTextual()) {
      if (node.textValue().indexOf('\u0000') >= 0) {
        throw LeadportException.invalid(
            path, (path.isEmpty() ? "The body" : path) + " must not contain the NUL character.");
      }
      if (Json.hasLoneSurrogate(node.textValue())) {
        throw LeadportException.invalid(
            path,
            (path.isEmpty() ? "The body" : path)
                + " must not contain a lone UTF-16 surrogate (such as \\ud800).");
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        rejectUnstorable(node.get(i), path + "[" + i + "]");
      }
    } else if (node.isObject()) {
      var fields = node.properties().iterator();
      while (fields.hasNext()) {
        var e = fields.next();
        String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
        if (e.getKey().indexOf('\u0000') >= 0) {
          throw LeadportException.invalid(child, "Keys must not contain the NUL character.");
        }
        if (Json.hasLoneSurrogate(e.getKey())) {
          // The key itself cannot be named in UTF-8: the error names the object holding it.
          throw LeadportException.invalid(
              path,
              "Keys"
                  + (path.isEmpty() ? "" : " of " + path)
                  + " must not contain a lone UTF-16 surrogate (such as \\ud800).");
        }
        rejectUnstorable(e.getValue(), child);
      }
    }
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    var out = new java.util.HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
