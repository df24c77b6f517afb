package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ParquetFiles;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The schema of nested lead exports (docs/schema.md "Nested documents") through a real server: its
 * members are the keys the JSON export writes for a lead with every kind of item and every custom
 * field, and the names and types DuckDB reads from the nested Parquet file; one exact body.
 */
class NestedSchemaIT {
  static TestServer server;
  static Tenant t;
  static List<String> fields = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("nestedschema");
    for (String[] f :
        List.of(
            new String[] {"Seats", "number"},
            new String[] {"Industry", "text"},
            new String[] {"Renewal", "date"},
            new String[] {"Signed", "datetime"},
            new String[] {"Active", "boolean"})) {
      Reply r =
          server.call(
              "POST",
              "/api/v1/custom_fields",
              t.key(),
              Json.object().put("name", f[0]).put("type", f[1]));
      assertThat(r.status()).as(r.text()).isEqualTo(201);
      fields.add(r.json().path("id").asText());
    }
    ObjectNode lead = Json.object().put("name", "Acme").put("url", "https://acme.example");
    ObjectNode custom = lead.putObject("custom");
    custom.put(fields.get(0), 12);
    custom.put(fields.get(1), "Rockets");
    custom.put(fields.get(2), "2027-01-31");
    custom.put(fields.get(3), "2026-12-01T10:00:00Z");
    custom.put(fields.get(4), true);
    ObjectNode contact = lead.putArray("contacts").addObject();
    contact.put("name", "Ada Lovelace").put("title", "CTO");
    contact.putArray("emails").addObject().put("email", "ada@acme.example").put("type", "office");
    contact.putArray("phones").addObject().put("phone", "+15555550100").put("type", "mobile");
    contact.putArray("urls").addObject().put("url", "https://ada.example").put("type", "url");
    lead.putArray("opportunities")
        .addObject()
        .put("status_type", "won")
        .put("value", 1200)
        .put("value_currency", "EUR")
        .put("value_period", "annual")
        .put("confidence", 90)
        .put("date_won", "2026-11-30")
        .put("note", "renewal");
    lead.putArray("activities")
        .addObject()
        .put("type", "call")
        .put("date", "2026-11-01T09:00:00Z")
        .put("direction", "outbound")
        .put("duration", 60)
        .put("subject", "Intro")
        .put("body", "Talked.");
    lead.putArray("addresses")
        .addObject()
        .put("label", "business")
        .put("address_1", "1 Main St")
        .put("city", "Springfield")
        .put("zipcode", "12345")
        .put("country", "US");
    Reply r = server.call("POST", "/api/v1/leads", t.key(), lead);
    assertThat(r.status()).as(r.text()).isEqualTo(201);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static ObjectNode request(String format) {
    return Json.object()
        .put("type", "leads")
        .put("format", format)
        .put("include_activities", true)
        .put("include_smart_fields", true);
  }

  private static JsonNode schema(JsonNode job) {
    Reply r =
        server.call("GET", "/api/v1/export/" + job.path("id").asText() + "/schema/", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  private static List<String> names(JsonNode columns) {
    List<String> out = new ArrayList<>();
    columns.forEach(c -> out.add(c.path("name").asText()));
    return out;
  }

  private static List<String> keys(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  /** {@code keys} with the custom values' keys, which are consecutive, sorted among themselves. */
  private static List<String> customSorted(List<String> keys) {
    List<String> out = new ArrayList<>(keys);
    int from = 0;
    while (from < out.size() && !out.get(from).startsWith("custom.")) {
      from++;
    }
    int to = from;
    while (to < out.size() && out.get(to).startsWith("custom.")) {
      to++;
    }
    java.util.Collections.sort(out.subList(from, to));
    return out;
  }

  /**
   * The keys of {@code object}, and of each object and list element below it, are the schema's
   * {@code columns} in order; a list's elements are {@code items.fields}.
   */
  private static void sameKeys(String path, JsonNode object, JsonNode columns) {
    // The JSON copies a lead's custom values in the order PostgreSQL's jsonb keeps them (by the
    // keys' length and bytes), the schema in the workspace's order of its fields, as Parquet.
    assertThat(customSorted(keys(object))).as(path).isEqualTo(customSorted(names(columns)));
    for (JsonNode c : columns) {
      String name = c.path("name").asText();
      JsonNode value = object.get(name);
      switch (c.path("type").asText()) {
        case "struct" -> sameKeys(path + "." + name, value, c.path("fields"));
        case "list" -> {
          assertThat(value.isArray()).as(path + "." + name).isTrue();
          for (JsonNode element : value) {
            sameKeys(path + "." + name + "[]", element, c.path("items").path("fields"));
          }
        }
        default -> assertThat(value.isContainerNode()).as(path + "." + name).isFalse();
      }
    }
  }

  @Test
  void theJsonSchemaNamesEveryKeyTheJsonExportWrites() throws Exception {
    JsonNode job = AsyncExports.run(server, t.key(), request("json"));
    JsonNode schema = schema(job);
    assertThat(schema.path("format").asText()).isEqualTo("json");
    assertThat(schema.path("row_type").asText()).isEqualTo("leads");
    JsonNode docs = Json.MAPPER.readTree(AsyncExports.file(job));
    assertThat(docs.size()).isEqualTo(1);
    JsonNode lead = docs.get(0);
    // Every kind of item is there, so every list's elements are compared.
    for (String list : List.of("contacts", "opportunities", "activities", "addresses")) {
      assertThat(lead.path(list).size()).as(list).isEqualTo(1);
    }
    for (String f : fields) {
      assertThat(lead.has("custom." + f)).as(f).isTrue();
    }
    sameKeys("lead", lead, schema.path("columns"));
    // JSON's values have the schema's types.
    Map<String, String> types = new java.util.HashMap<>();
    schema
        .path("columns")
        .forEach(c -> types.put(c.path("name").asText(), c.path("type").asText()));
    assertThat(types)
        .containsEntry("date_created", "timestamp")
        .containsEntry("num_calls", "integer")
        .containsEntry("custom." + fields.get(0), "number")
        .containsEntry("custom." + fields.get(4), "boolean")
        .containsEntry("contacts", "list");
    assertThat(lead.path("custom." + fields.get(0)).isNumber()).isTrue();
    // The NDJSON export has the same schema but for its format word.
    JsonNode jsonl = schema(AsyncExports.run(server, t.key(), request("jsonl")));
    assertThat(jsonl.path("format").asText()).isEqualTo("jsonl");
    assertThat(jsonl.path("columns")).isEqualTo(schema.path("columns"));
  }

  /** DuckDB's name of a schema column's type: a list is {@code STRUCT(…)[]}. */
  private static String duckType(JsonNode c) {
    return switch (c.path("type").asText()) {
      case "string" -> "VARCHAR";
      case "integer" -> "BIGINT";
      case "number" -> "DOUBLE";
      case "boolean" -> "BOOLEAN";
      case "date" -> "DATE";
      case "timestamp" -> "TIMESTAMP WITH TIME ZONE";
      case "struct" -> struct(c.path("fields"));
      case "list" -> struct(c.path("items").path("fields")) + "[]";
      default -> throw new AssertionError("no DuckDB type for " + c);
    };
  }

  private static String struct(JsonNode fields) {
    List<String> members = new ArrayList<>();
    fields.forEach(f -> members.add(f.path("name").asText() + " " + duckType(f)));
    return "STRUCT(" + String.join(", ", members) + ")";
  }

  @Test
  void theNestedParquetSchemaIsWhatDuckDbDescribes() {
    JsonNode job = AsyncExports.run(server, t.key(), request("parquet").put("nested", true));
    JsonNode schema = schema(job);
    assertThat(schema.path("format").asText()).isEqualTo("parquet");
    ParquetFiles.Table table = ParquetFiles.read(AsyncExports.download(job).body(), "id");
    Map<String, String> described = new java.util.LinkedHashMap<>();
    // DuckDB quotes the members that are its keywords ("name", "type", "value").
    table.types().forEach((name, type) -> described.put(name, type.replace("\"", "")));
    Map<String, String> expected = new java.util.LinkedHashMap<>();
    for (JsonNode c : schema.path("columns")) {
      expected.put(c.path("name").asText(), duckType(c));
      assertThat(c.path("parquet").asText()).as(c.toString()).isNotEmpty();
    }
    assertThat(described).containsExactlyEntriesOf(expected);
    assertThat(described.get("contacts")).contains("emails STRUCT(email VARCHAR, type VARCHAR)[]");
    JsonNode contacts =
        schema.path("columns").get(names(schema.path("columns")).indexOf("contacts"));
    assertThat(contacts.path("parquet").asText()).isEqualTo("GROUP");
    assertThat(contacts.path("parquet_logical").asText()).isEqualTo("LIST");
  }

  @Test
  void oneNestedSchemaExactly() throws Exception {
    ObjectNode body = Json.object().put("type", "leads").put("format", "jsonl");
    body.putArray("fields").add("id").add("date_created").add("addresses");
    JsonNode job = AsyncExports.run(server, t.key(), body);
    assertThat(Json.text(schema(job)))
        .isEqualTo(
            "{\"columns\":["
                + "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Unique ID of the lead.\"},"
                + "{\"name\":\"addresses\",\"type\":\"list\",\"nullable\":false,"
                + "\"description\":\"Addresses of the lead, in their order.\","
                + "\"items\":{\"type\":\"struct\",\"fields\":["
                + "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Unique ID of the address.\"},"
                + "{\"name\":\"label\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"Label of the address (business, mailing, …).\"},"
                + "{\"name\":\"address_1\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"First line of the address.\"},"
                + "{\"name\":\"address_2\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"Second line of the address.\"},"
                + "{\"name\":\"city\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"City of the address.\"},"
                + "{\"name\":\"state\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"State or region of the address.\"},"
                + "{\"name\":\"zipcode\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"Postal code of the address.\"},"
                + "{\"name\":\"country\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"Country of the address.\"}]}},"
                + "{\"name\":\"date_created\",\"type\":\"timestamp\",\"nullable\":false,"
                + "\"description\":\"When the lead was created (UTC).\"}],"
                + "\"format\":\"jsonl\",\"row_type\":\"leads\",\"language\":\"en\"}");
    String line = new String(AsyncExports.file(job), java.nio.charset.StandardCharsets.UTF_8);
    sameKeys("lead", Json.parse(line.strip()), schema(job).path("columns"));
  }
}
