package org.leadport.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
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
   * order, those whose flat key {@code shown} accepts; nothing for null.
   */
  static void flat(
      JsonGenerator json, String prefix, @Nullable String stored, Predicate<String> shown)
      throws IOException {
    if (stored == null) {
      return;
    }
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
