package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * Reads a contact's channels as PostgreSQL stored them ({@code [{"email": "…", "type": "office"}]},
 * {@code jsonb} read as text) without building a tree, for every writer of lead documents (JSON's
 * and Parquet's), so both read the same values: each channel's value under its key and its type, a
 * string or null (a nested value reads as an empty string). Channels whose values are all plain
 * strings or null, as nearly all are, are read from the text itself ({@link JsonbText}); others
 * through Jackson's parser, with the same result. Stateless.
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
    List<@Nullable String> plain = plain(stored, key);
    if (plain != null) {
      for (int i = 0; i < plain.size(); i += 2) {
        channel.accept(plain.get(i), plain.get(i + 1));
      }
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

  /**
   * Each channel's value and type, one after the other, when {@code s} is an array of objects whose
   * members are plain strings ({@link JsonbText#plain}) or null; else null, for the parser to read.
   */
  private static @Nullable List<@Nullable String> plain(String s, String key) {
    int n = s.length();
    int i = JsonbText.skipSpace(s, 0);
    if (i >= n || s.charAt(i) != '[') {
      return null;
    }
    List<@Nullable String> out = new ArrayList<>(4);
    int[] member = new int[4];
    i = JsonbText.skipSpace(s, i + 1);
    if (i < n && s.charAt(i) == ']') {
      return JsonbText.skipSpace(s, i + 1) == n ? out : null;
    }
    while (true) {
      if (i >= n || s.charAt(i) != '{') {
        return null;
      }
      String value = null;
      String type = null;
      boolean hasValue = false;
      boolean hasType = false;
      i = JsonbText.skipSpace(s, i + 1);
      if (i < n && s.charAt(i) == '}') {
        i++;
      } else {
        while (true) {
          int end = JsonbText.member(s, i, member);
          if (end < 0) {
            return null;
          }
          int keyStart = member[0];
          int keyEnd = member[1];
          i = member[2];
          String text;
          if (s.charAt(i) == '"' && JsonbText.plain(s, i, end)) {
            text = s.substring(i + 1, end - 1);
          } else if (end - i == 4 && s.startsWith("null", i)) {
            text = null;
          } else {
            return null;
          }
          // A repeated member is the parser's to refuse (it detects duplicates).
          if (named(s, keyStart, keyEnd, key)) {
            if (hasValue) {
              return null;
            }
            value = text;
            hasValue = true;
          } else if (named(s, keyStart, keyEnd, "type")) {
            if (hasType) {
              return null;
            }
            type = text;
            hasType = true;
          }
          i = JsonbText.skipSpace(s, end);
          if (i < n && s.charAt(i) == ',') {
            i = JsonbText.skipSpace(s, i + 1);
          } else if (i < n && s.charAt(i) == '}') {
            i++;
            break;
          } else {
            return null;
          }
        }
      }
      out.add(value);
      out.add(type);
      i = JsonbText.skipSpace(s, i);
      if (i < n && s.charAt(i) == ',') {
        i = JsonbText.skipSpace(s, i + 1);
      } else if (i < n && s.charAt(i) == ']') {
        return JsonbText.skipSpace(s, i + 1) == n ? out : null;
      } else {
        return null;
      }
    }
  }

  /** Whether the plain string token {@code [start, end)} is {@code name}. */
  private static boolean named(String s, int start, int end, String name) {
    return end - start - 2 == name.length() && s.startsWith(name, start + 1);
  }
}
