package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.leadport.export.writer.JsonbText;
import org.leadport.export.writer.StoredChannels;
import org.leadport.json.Json;

/**
 * Copies JSON as PostgreSQL stored it ({@code jsonb} read as text) into a lead document's streaming
 * generator, without building a tree: custom values nested or flat, a contact's channels (read by
 * {@link StoredChannels}). Stateless.
 */
final class StoredJson {
  private StoredJson() {}

  /** Copies stored JSON compactly, keys in stored order; null as JSON null. */
  static void copy(JsonGenerator json, @Nullable String stored) throws IOException {
    if (stored == null) {
      json.writeNull();
      return;
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      p.nextToken();
      json.copyCurrentStructure(p);
    }
  }

  /**
   * Writes the members of a stored JSON object as flat keys {@code prefix} + member, in stored
   * order, those whose flat key {@code shown} accepts; nothing for null. The object's members are
   * found in its text ({@link JsonbText}), and plain strings, literals and integers written from
   * it; only other values (escaped strings, decimals, arrays) go through Jackson's parser, each on
   * its own, which writes them as {@link JsonGenerator#copyCurrentStructure} always did.
   */
  static void flat(
      JsonGenerator json, String prefix, @Nullable String stored, Predicate<String> shown)
      throws IOException {
    if (stored == null) {
      return;
    }
    int[] spans = members(stored);
    if (spans == null) {
      parsedFlat(json, prefix, stored, shown);
      return;
    }
    for (int m = 1; m <= spans[0]; m++) {
      int at = 4 * m - 3;
      String key = prefix + stored.substring(spans[at] + 1, spans[at + 1] - 1);
      if (shown.test(key)) {
        json.writeFieldName(key);
        value(json, stored, spans[at + 2], spans[at + 3]);
      }
    }
  }

  /**
   * The members of the object {@code s}: their count, then per member its key token's start and end
   * and its value's start and end; null unless every key is a plain string.
   */
  private static int @Nullable [] members(String s) {
    int n = s.length();
    int i = JsonbText.skipSpace(s, 0);
    if (i >= n || s.charAt(i) != '{') {
      return null;
    }
    int[] spans = new int[1 + 4 * 8];
    i = JsonbText.skipSpace(s, i + 1);
    if (i < n && s.charAt(i) == '}') {
      return JsonbText.skipSpace(s, i + 1) == n ? spans : null;
    }
    int[] member = new int[4];
    while (true) {
      int valueEnd = JsonbText.member(s, i, member);
      if (valueEnd < 0) {
        return null;
      }
      int at = 1 + 4 * spans[0];
      if (at + 4 > spans.length) {
        spans = Arrays.copyOf(spans, spans.length * 2);
      }
      System.arraycopy(member, 0, spans, at, 4);
      spans[0]++;
      i = JsonbText.skipSpace(s, valueEnd);
      if (i < n && s.charAt(i) == ',') {
        i = JsonbText.skipSpace(s, i + 1);
      } else if (i < n && s.charAt(i) == '}') {
        return JsonbText.skipSpace(s, i + 1) == n ? spans : null;
      } else {
        return null;
      }
    }
  }

  /** Writes the value {@code [start, end)} of {@code s}. */
  private static void value(JsonGenerator json, String s, int start, int end) throws IOException {
    char c = s.charAt(start);
    if (c == '"' && JsonbText.plain(s, start, end)) {
      json.writeString(s.substring(start + 1, end - 1));
    } else if (literal(s, start, end, "true")) {
      json.writeBoolean(true);
    } else if (literal(s, start, end, "false")) {
      json.writeBoolean(false);
    } else if (literal(s, start, end, "null")) {
      json.writeNull();
    } else if (JsonbText.canonicalInteger(s, start, end)) {
      json.writeNumber(Long.parseLong(s, start, end, 10));
    } else {
      try (JsonParser p = Json.MAPPER.getFactory().createParser(s.substring(start, end))) {
        p.nextToken();
        json.copyCurrentStructure(p);
      }
    }
  }

  private static boolean literal(String s, int start, int end, String literal) {
    return end - start == literal.length() && s.startsWith(literal, start);
  }

  /** {@link #flat} through Jackson's parser, for text {@link #members} does not read. */
  private static void parsedFlat(
      JsonGenerator json, String prefix, String stored, Predicate<String> shown)
      throws IOException {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("stored values of " + prefix + "… are not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = prefix + p.currentName();
        p.nextToken();
        if (shown.test(key)) {
          json.writeFieldName(key);
          json.copyCurrentStructure(p);
        } else {
          p.skipChildren();
        }
      }
    }
  }

  /**
   * Writes stored channels ({@code [{"email": "…", "type": "office"}]}) as the native API does:
   * {@code key} then {@code type}, each a string or null.
   */
  static void channels(JsonGenerator json, String name, String key, @Nullable String stored)
      throws IOException {
    json.writeArrayFieldStart(name);
    StoredChannels.each(
        stored,
        name,
        key,
        (value, type) -> {
          json.writeStartObject();
          json.writeStringField(key, value);
          json.writeStringField("type", type);
          json.writeEndObject();
        });
    json.writeEndArray();
  }
}
