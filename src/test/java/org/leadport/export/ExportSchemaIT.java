package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * The column schema routes of every surface (docs/schema.md) through a real server: exact bodies,
 * the schema's names equal to the header of the CSV and the columns of the Parquet file the export
 * then writes (Parquet read by DuckDB), descriptions in the export's language, and each surface's
 * 4xx.
 */
class ExportSchemaIT {
  static final String PARQUET = "application/vnd.apache.parquet";
  static TestServer server;
  static Tenant t;
  static String seats;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("schema");
    Reply field =
        server.call(
            "POST",
            "/api/v1/custom_fields",
            t.key(),
            Json.object().put("name", "Seats").put("type", "number"));
    assertThat(field.status()).as(field.text()).isEqualTo(201);
    seats = field.json().path("id").asText();
    for (String name : List.of("Acme", "Bolt")) {
      ObjectNode lead = Json.object().put("name", name).put("source", "web");
      lead.putObject("custom").put(seats, 12);
      assertThat(server.call("POST", "/api/v1/leads", t.key(), lead).status()).isEqualTo(201);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Reply get(String path, String accept) {
    return server.send(
        path,
        b -> {
          b.header("Authorization", "Bearer " + t.key());
          if (accept != null) {
            b.header("Accept", accept);
          }
          return b.GET();
        });
  }

  private static List<String> names(JsonNode schema) {
    List<String> out = new ArrayList<>();
    schema.path("columns").forEach(c -> out.add(c.path("name").asText()));
    return out;
  }

  private static List<String> csvHeader(byte[] file) {
    String text = new String(file, StandardCharsets.UTF_8);
    return CsvReader.builder().ofCsvRecord(text).stream().findFirst().orElseThrow().getFields();
  }

  @Test
  void theSyncSchemaIsExactlyTheColumnsOfTheCsvExport() throws Exception {
    Reply r = get("/api/v1/leads/export/schema", null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode expected;
    try (InputStream in = ExportSchemaIT.class.getResourceAsStream("sync-schema.json")) {
      expected =
          Json.parse(new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8));
    }
    assertThat(r.json()).isEqualTo(expected);
    Reply csv = get("/api/v1/leads/export", null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csvHeader(csv.body())).containsExactlyElementsOf(names(r.json()));
  }

  @Test
  void theParquetSchemaNamesTheFilesColumnsAndTheirParquetTypes() {
    Reply r = get("/api/v1/leads/export/schema?source=web", PARQUET);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Vary")).isEqualTo("Accept");
    JsonNode schema = r.json();
    assertThat(schema.path("format").asText()).isEqualTo("parquet");
    JsonNode created = schema.path("columns").get(names(schema).indexOf("created_at"));
    assertThat(Json.text(created))
        .isEqualTo(
            "{\"name\":\"created_at\",\"type\":\"timestamp\",\"nullable\":false,"
                + "\"description\":\"When the lead was created (UTC).\",\"parquet\":\"INT64\","
                + "\"parquet_logical\":\"TIMESTAMP(MICROS,true)\"}");
    Reply file = get("/api/v1/leads/export?source=web", PARQUET);
    assertThat(file.status()).isEqualTo(200);
    ParquetFiles.Table table = ParquetFiles.read(file.body(), "id");
    assertThat(table.types().keySet()).containsExactlyElementsOf(names(schema));
    assertThat(table.types().get("custom.Seats")).isEqualTo("DOUBLE");
    assertThat(table.rows()).hasSize(2);
  }

  @Test
  void theLanguageParameterSwitchesTheDescriptionsNotTheNames() {
    JsonNode en = get("/api/v1/leads/export/schema", null).json();
    Reply de = get("/api/v1/leads/export/schema?language=de", null);
    assertThat(de.status()).isEqualTo(200);
    assertThat(names(de.json())).isEqualTo(names(en));
    assertThat(de.json().path("language").asText()).isEqualTo("de");
    assertThat(de.json().path("columns").get(6).path("description").asText())
        .isEqualTo("Woher der Lead stammt.");
    assertThat(de.json().path("columns").get(18).path("description").asText())
        .isEqualTo("Benutzerdefiniertes Feld „Seats“ (Zahl).");
  }

  @Test
  void theSyncSchemaChecksItsParametersAsTheExportDoes() {
    Reply language = get("/api/v1/leads/export/schema?language=xx", null);
    assertThat(language.status()).isEqualTo(400);
    assertThat(language.json().path("param").asText()).isEqualTo("language");
    assertThat(get("/api/v1/leads/export/schema?nope=1", null).status()).isEqualTo(400);
    assertThat(get("/api/v1/leads/export/schema?bom=true", PARQUET).status()).isEqualTo(400);
    assertThat(get("/api/v1/leads/export/schema?limit=0", null).status()).isEqualTo(400);
    assertThat(server.call("GET", "/api/v1/leads/export/schema", null, null).status())
        .isEqualTo(401);
    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    assertThat(server.call("GET", "/api/v1/leads/export/schema", readOnly, null).status())
        .isEqualTo(403);
  }

  @Test
  void closesSchemaIsTheJobsFileInClosesNames() {
    ObjectNode body = Json.object().put("format", "csv").put("type", "leads");
    body.putArray("fields").add("id").add("date_created").add("custom." + seats);
    JsonNode job = AsyncExports.run(server, t.key(), body);
    String id = job.path("id").asText();
    Reply r = server.call("GET", "/api/v1/export/" + id + "/schema/", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(Json.text(r.json()))
        .isEqualTo(
            "{\"columns\":["
                + "{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Unique ID of the lead.\"},"
                + "{\"name\":\"date_created\",\"type\":\"timestamp\",\"nullable\":false,"
                + "\"description\":\"When the lead was created (UTC).\"},"
                + "{\"name\":\"custom."
                + seats
                + "\",\"type\":\"number\",\"nullable\":true,"
                + "\"description\":\"Custom field \\\"Seats\\\" (number).\"}],"
                + "\"format\":\"csv\",\"row_type\":\"leads\",\"language\":\"en\"}");
    assertThat(csvHeader(AsyncExports.file(job))).containsExactlyElementsOf(names(r.json()));
    assertThat(server.call("GET", "/api/v1/export/" + id + "/schema", t.key(), null).json())
        .isEqualTo(r.json());
    Reply missing = server.call("GET", "/api/v1/export/expo_nope/schema/", t.key(), null);
    assertThat(missing.status()).isEqualTo(404);
    // Close's error shape.
    assertThat(missing.json().has("error")).isTrue();
  }

  @Test
  void theConsolesSchemaIsInTheExportsLanguageWithItsLabels() throws Exception {
    ObjectNode body = Json.object().put("type", "leads").put("format", "csv").put("language", "de");
    body.putArray("fields").add("display_name").add("source");
    Reply created = server.call("POST", "/api/v1/exports", t.key(), body);
    assertThat(created.status()).as(created.text()).isEqualTo(202);
    String id = created.json().path("id").asText();
    // The schema is the spec's: it answers before the job has run.
    Reply r = server.call("GET", "/api/v1/exports/" + id + "/schema", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(Json.text(r.json()))
        .isEqualTo(
            "{\"columns\":["
                + "{\"name\":\"Name\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Name des Leads (Unternehmen oder Person).\"},"
                + "{\"name\":\"Quelle\",\"type\":\"string\",\"nullable\":true,"
                + "\"description\":\"Woher der Lead stammt.\"}],"
                + "\"format\":\"csv\",\"row_type\":\"leads\",\"language\":\"de\"}");
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!server
        .call("GET", "/api/v1/exports/" + id, t.key(), null)
        .json()
        .path("state")
        .asText()
        .equals("succeeded")) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", t.key(), null);
    Reply file = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(file.status()).isEqualTo(200);
    byte[] bytes = file.body();
    if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
      bytes = AsyncExports.gunzip(bytes);
    }
    assertThat(csvHeader(bytes)).containsExactlyElementsOf(names(r.json()));
    assertThat(server.call("GET", "/api/v1/exports/expo_nope/schema", t.key(), null).status())
        .isEqualTo(404);
    assertThat(server.call("GET", "/api/v1/exports/" + id + "/schema?x=1", t.key(), null).status())
        .isEqualTo(400);
  }

  @Test
  void hubSpotsSchemaIsCamelCaseWithTheTasksHeaders() throws Exception {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("exportName", "schema")
            .put("language", "DE")
            .put("objectType", "COMPANY");
    body.putArray("objectProperties").add("hs_object_id").add("name");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String task = started.json().path("id").asText();
    String base = "/crm/v3/exports/export/async/tasks/" + task;
    Reply r = server.call("GET", base + "/schema", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode schema = r.json();
    assertThat(schema.has("rowType")).isTrue();
    assertThat(schema.has("row_type")).isFalse();
    assertThat(schema.path("language").asText()).isEqualTo("de");
    assertThat(schema.path("rowType").asText()).isEqualTo("leads");
    assertThat(schema.path("columns").get(0).path("type").asText()).isEqualTo("string");
    JsonNode status;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    do {
      status = server.call("GET", base + "/status", t.key(), null).json();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    } while (!status.path("status").asText().equals("COMPLETE"));
    Reply file = AsyncExports.get(status.path("result").asText(), b -> b);
    assertThat(file.status()).isEqualTo(200);
    assertThat(csvHeader(file.body())).containsExactlyElementsOf(names(schema));
    assertThat(server.call("GET", base + "/schema/", t.key(), null).json()).isEqualTo(schema);
    Reply missing =
        server.call("GET", "/crm/v3/exports/export/async/tasks/999999/schema", t.key(), null);
    assertThat(missing.status()).isEqualTo(404);
    // HubSpot's error shape.
    assertThat(missing.json().has("correlationId")).isTrue();
    assertThat(
            server
                .call("GET", "/crm/v3/exports/export/async/tasks/abc/schema", t.key(), null)
                .status())
        .isEqualTo(404);
  }

  @Test
  void hubSpotsPropertiesAreDescribedInTheExportsLanguage() throws Exception {
    // Deals in French, with the associated contacts' columns: each property says what it holds,
    // under its French header, as the task stored them.
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("language", "FR")
            .put("objectType", "DEAL")
            .put("associatedObjectType", "CONTACT");
    body.putArray("objectProperties")
        .add("hs_object_id")
        .add("amount")
        .add("dealstage")
        .add("hs_is_closed_won")
        .add("closedate");
    JsonNode deals = hubSpotSchema(body);
    assertThat(deals)
        .isEqualTo(
            Json.parse(
                """
                {"columns":[
                 {"name":"ID de fiche d'informations","type":"string","nullable":true,
                  "description":"Identifiant unique de l'opportunité."},
                 {"name":"Montant","type":"decimal","nullable":true,
                  "description":"Valeur de l'opportunité dans sa devise (centimes divisés par 100)."},
                 {"name":"Phase de la transaction","type":"string","nullable":true,
                  "description":"Nom du statut de l'opportunité."},
                 {"name":"Est fermée gagnée","type":"string","nullable":true,
                  "description":"Si l'opportunité est gagnée."},
                 {"name":"Date de fermeture","type":"date","nullable":true,
                  "description":"Date à laquelle l'opportunité a été gagnée."},
                 {"name":"ID des contacts associés","type":"string","nullable":true,
                  "description":"Identifiants des contacts du lead de la ligne, séparés par des points-virgules."},
                 {"name":"Contacts associés","type":"string","nullable":true,
                  "description":"Noms des contacts du lead de la ligne, séparés par des points-virgules."}],
                 "format":"csv","rowType":"opportunities","language":"fr"}
                """));

    // Companies in Japanese with internal names and values: a lead status is then its id, and a
    // custom field is described from its definition, in Japanese too.
    ObjectNode internal =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("language", "JA")
            .put("objectType", "COMPANY");
    internal.putArray("objectProperties").add("name").add("hs_lead_status").add("seats");
    internal.putArray("exportInternalValuesOptions").add("NAMES").add("VALUES");
    assertThat(hubSpotSchema(internal))
        .isEqualTo(
            Json.parse(
                """
                {"columns":[
                 {"name":"name","type":"string","nullable":true,
                  "description":"リードの名前。名前がない場合は最初のコンタクトの名前。"},
                 {"name":"hs_lead_status","type":"string","nullable":true,
                  "description":"リードのステータスの ID。"},
                 {"name":"Seats","type":"number","nullable":true,
                  "description":"カスタムフィールド「Seats」（数値）。"}],
                 "format":"csv","rowType":"leads","language":"ja"}
                """));
  }

  /** The schema of a HubSpot export task queued with {@code body}, read right after. */
  private static JsonNode hubSpotSchema(ObjectNode body) {
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String path =
        "/crm/v3/exports/export/async/tasks/" + started.json().path("id").asText() + "/schema";
    Reply r = server.call("GET", path, t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  @Test
  void anExportLogsSchemaIsAJsonApiResourceNamingItsFilesColumns() {
    Reply created =
        server.send(
            "/api/v2/contacts/exports",
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"data\":{\"type\":\"export_logs\",\"attributes\":"
                                + "{\"params\":{\"filter\":{}}}}}")));
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().path("data").path("id").asText();
    Reply r = server.call("GET", "/api/v2/contacts/exports/" + id + "/schema", t.key(), null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("application/vnd.api+json");
    JsonNode data = r.json().path("data");
    assertThat(data.path("id").asText()).isEqualTo(id);
    assertThat(data.path("type").asText()).isEqualTo("export_schemas");
    JsonNode schema = data.path("attributes");
    assertThat(schema.path("row_type").asText()).isEqualTo("contacts");
    assertThat(schema.path("columns").get(0).path("description").asText())
        .isEqualTo("Unique ID of the contact.");
    Reply csv = server.call("GET", "/api/v2/contacts/exports/" + id + ".csv", t.key(), null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csvHeader(csv.body())).containsExactlyElementsOf(names(schema));
    Reply missing = server.call("GET", "/api/v2/contacts/exports/nope/schema", t.key(), null);
    assertThat(missing.status()).isEqualTo(404);
    // JSON:API's error shape.
    assertThat(missing.json().path("errors").isArray()).isTrue();
  }
}
