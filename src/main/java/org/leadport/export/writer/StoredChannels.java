package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * Reads a contact's channels as PostgreSQL stored them ({@code [{"email": "…", "type": "office"}]},
 * {@code jsonb} read as text) without building a tree, for every writer of lead documents (JSON's
 * and Parquet's), so both read the same values: each channel's value under its key and its type, a
 * string or null (a nested value reads as an empty string). Stateless.
 */
public final class StoredChannels {
  /** Takes one channel's value and type. */
  @FunctionalInterface
  public interface Channel {
    void accept(@Nullable String value, @Nullable String type) throws IOException;
  }

  private StoredChannels() {}

  /**
   * Hands each channel stored in {@code stored} (null or {@code []}: none) to {@code channel}, its
   * value read under {@code key}; {@code name} names the field in an error.
   */
  public static void each(@Nullable String stored, String name, String key, Channel channel)
      throws IOException {
    if (stored == null || "[]".equals(stored)) {
      return;
    }
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new IOException("stored " + name + " are not a JSON array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        String value = null;
        String type = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          JsonToken t = p.nextToken();
          String text = t.isScalarValue() && t != JsonToken.VALUE_NULL ? p.getText() : null;
          if (t.isStructStart()) {
            p.skipChildren();
            text = "";
          }
          if (field.equals(key)) {
            value = text;
          } else if (field.equals("type")) {
            type = text;
          }
        }
        channel.accept(value, type);
      }
    }
  }
}
