package org.leadport.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.json.Json;

/**
 * The stored JSON a lead document copies is written exactly as Jackson's parser and {@code
 * copyCurrentStructure} wrote it before the text itself was read (issue 18): each case is written
 * both ways, the reference being that parser's code as it was.
 */
class StoredJsonTest {
  static List<String> objects() {
    return List.of(
        "{}",
        "{\"cf_a\": \"x\"}",
        "{\"cf_a\": \"x\", \"cf_b\": 12, \"cf_c\": true, \"cf_d\": false, \"cf_e\": null}",
        "{\"cf_n\": 0, \"cf_m\": -7, \"cf_big\": 123456789012345678,"
            + " \"cf_bigger\": 1234567890123456789012, \"cf_neg0\": -0, \"cf_lead0\": 007}",
        "{\"cf_f\": 1.50, \"cf_g\": 1e3, \"cf_h\": -2.5E-7, \"cf_i\": 0.1, \"cf_j\": 100.000}",
        "{\"cf_q\": \"say \\\"hi\\\"\", \"cf_nl\": \"a\\nb\\tc\\u001f\", \"cf_sl\": \"a\\\\b/c\"}",
        "{\"cf_u\": \"Zoë — 東京 😀\", \"cf_uesc\": \"\\u00e9\\ud83d\\ude00\"}",
        "{\"cf_arr\": [\"a\", \"b\", 1, null], \"cf_obj\": {\"x\": [1, {\"y\": \"]}\"}]}, \"cf_z\": 1}",
        "{\"cf_s\": \"{[,:]}\", \"cf_t\": \"\"}",
        " { \"cf_a\" : \"x\" , \"cf_b\":1 } ",
        "{\"cf_\\u0041\": \"escaped key\", \"cf_b\": 2}",
        "{\"a\": 1, \"b\": 2, \"c\": 3, \"d\": 4, \"e\": 5, \"f\": 6, \"g\": 7, \"h\": 8, \"i\": 9,"
            + " \"j\": 10}");
  }

  @ParameterizedTest
  @MethodSource("objects")
  void flatWritesWhatTheParserWrote(String stored) throws IOException {
    assertEquals(
        write(json -> reference(json, "custom.", stored, true)),
        write(json -> StoredJson.flat(json, "custom.", stored, k -> true)));
    assertEquals(
        write(json -> reference(json, "custom.", stored, false)),
        write(json -> StoredJson.flat(json, "custom.", stored, k -> !k.endsWith("b"))));
  }

  @Test
  void flatOfWhatIsNoObjectFails() {
    assertThrows(
        IOException.class, () -> write(json -> StoredJson.flat(json, "custom.", "[1]", k -> true)));
  }

  static List<String> channels() {
    return List.of(
        "[]",
        "[{\"type\": \"office\", \"email\": \"a@b.example\"}]",
        "[{\"type\": \"office\", \"email\": \"a@b.example\"}, {\"type\": null, \"email\": \"c@d\"}]",
        "[{\"email\": \"x@y\"}, {\"type\": \"home\"}, {}]",
        "[{\"type\": \"mobile\", \"email\": \"q\\\"uote@x\"}]",
        "[{\"type\": 5, \"email\": true}]",
        "[{\"type\": [\"a\"], \"email\": {\"b\": 1}}]",
        "[{\"type\": \"other\", \"email\": \"é@ü.example\", \"extra\": \"z\"}]",
        "[{\"email\": \"a\", \"email\": \"b\"}]",
        "[1, {\"email\": \"after a number\"}]",
        " [ { \"type\" : \"office\" , \"email\" : \"spaced\" } ] ");
  }

  @ParameterizedTest
  @MethodSource("channels")
  void channelsReadWhatTheParserRead(String stored) throws IOException {
    assertEquals(
        write(json -> referenceChannels(json, stored)),
        write(json -> StoredJson.channels(json, "emails", "email", stored)));
  }

  private interface Writing {
    void to(JsonGenerator json) throws IOException;
  }

  /** What {@code writing} writes into an object, or the exception it fails with. */
  private static String write(Writing writing) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      try {
        writing.to(json);
      } catch (JsonParseException e) {
        return "fails: " + e.getOriginalMessage();
      }
      json.writeEndObject();
    }
    return out.toString();
  }

  /** {@code StoredJson.flat} as it was: every stored object through Jackson's parser. */
  private static void reference(JsonGenerator json, String prefix, String stored, boolean all)
      throws IOException {
    try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = prefix + p.currentName();
        p.nextToken();
        if (all || !key.endsWith("b")) {
          json.writeFieldName(key);
          json.copyCurrentStructure(p);
        } else {
          p.skipChildren();
        }
      }
    }
  }

  /** {@code StoredChannels.each} as it was, written as {@code StoredJson.channels} writes. */
  private static void referenceChannels(JsonGenerator json, String stored) throws IOException {
    json.writeArrayFieldStart("emails");
    if (!"[]".equals(stored)) {
      try (JsonParser p = Json.MAPPER.getFactory().createParser(stored)) {
        p.nextToken();
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
            if (field.equals("email")) {
              value = text;
            } else if (field.equals("type")) {
              type = text;
            }
          }
          json.writeStartObject();
          json.writeStringField("email", value);
          json.writeStringField("type", type);
          json.writeEndObject();
        }
      }
    }
    json.writeEndArray();
  }
}
