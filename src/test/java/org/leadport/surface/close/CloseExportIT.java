package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.AsyncExports.file;
import static org.leadport.testing.AsyncExports.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.export.writer.FormulaSafety;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Close's export API end to end on a real server: every type × format, the files' content against
 * the native API's own data, downloads, and the request rules of docs/close-exports.md.
 */
class CloseExportIT {
  static TestServer server;
  static Tenant seeded;
  static List<JsonNode> leads;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    seeded = server.tenant("close-export");
    server.seed(seeded.workspaceId(), 300, 7);
    leads = AsyncExports.nativeLeads(server, seeded.key());
    assertThat(leads).hasSize(300);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ObjectNode body(String type, String format) {
    return Json.object().put("type", type).put("format", format).put("send_done_email", false);
  }

  static Stream<Arguments> typesAndFormats() {
    List<Arguments> out = new ArrayList<>();
    for (String type : List.of("leads", "contacts", "lead_opps")) {
      for (String format : List.of("csv", "json", "jsonl")) {
        out.add(Arguments.of(type, format));
      }
    }
    return out.stream();
  }

  /** The ids a type's rows are about, in the order the native data holds them. */
  static List<String> expectedIds(String type) {
    List<String> ids = new ArrayList<>();
    for (JsonNode l : leads) {
      switch (type) {
        case "leads" -> ids.add(l.path("id").asText());
        case "contacts" -> l.path("contacts").forEach(c -> ids.add(c.path("id").asText()));
        default -> l.path("opportunities").forEach(o -> ids.add(o.path("id").asText()));
      }
    }
    return ids;
  }

  static List<CsvRecord> csv(byte[] bytes) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  static List<JsonNode> json(byte[] bytes, String format) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    if (format.equals("json")) {
      Json.MAPPER.readTree(bytes).forEach(out::add);
    } else {
      String text = new String(bytes, StandardCharsets.UTF_8);
      assertThat(text).endsWith("\n");
      for (String line : text.split("\n")) {
        out.add(Json.parse(line));
      }
    }
    return out;
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("typesAndFormats")
  void everyTypeAndFormatRunsToADownloadableFileOfEveryRow(String type, String format)
      throws Exception {
    JsonNode job = run(server, seeded.key(), body(type, format));
    List<String> expected = expectedIds(type);
    assertThat(job.path("type").asText()).isEqualTo(type);
    assertThat(job.path("format").asText()).isEqualTo(format);
    assertThat(job.path("n_docs").asLong()).isEqualTo(expected.size());
    assertThat(job.path("n_docs_processed").asLong()).isEqualTo(expected.size());
    assertThat(job.path("organization_id").asText()).isEqualTo(seeded.workspaceId());

    Reply download = AsyncExports.get(job.path("download_url").asText(), b -> b);
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Encoding")).isEqualTo("gzip");
    assertThat(download.header("Content-Type"))
        .startsWith(
            format.equals("csv")
                ? "text/csv"
                : format.equals("json") ? "application/json" : "application/x-ndjson");
    assertThat(download.header("Cache-Control")).isEqualTo("no-store");
    assertThat(Long.parseLong(download.header("Content-Length")))
        .isEqualTo(job.path("file_size").asLong())
        .isEqualTo(download.body().length);
    assertThat(
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(download.body())))
        .isEqualTo(job.path("sha256").asText());

    byte[] content = AsyncExports.gunzip(download.body());
    List<String> ids = new ArrayList<>();
    if (format.equals("csv")) {
      List<CsvRecord> rows = csv(content);
      assertThat(rows.get(0).getField(0)).isEqualTo("id");
      rows.subList(1, rows.size()).forEach(r -> ids.add(r.getField(0)));
    } else {
      json(content, format).forEach(d -> ids.add(d.path("id").asText()));
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void jsonLeadsAreTheNativeLeadJsonWithoutActivitiesUnlessAsked() throws Exception {
    JsonNode plain = run(server, seeded.key(), body("leads", "json"));
    JsonNode full =
        run(
            server,
            seeded.key(),
            body("leads", "jsonl").put("include_activities", true).put("include_addresses", true));
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    leads.forEach(l -> byId.put(l.path("id").asText(), l));
    for (JsonNode doc : json(file(plain), "json")) {
      // The native lead JSON under Close's names (date_created, custom.cf_…).
      ObjectNode expected =
          CloseExportContentIT.closeNamed((ObjectNode) byId.get(doc.path("id").asText()));
      expected.remove("activities");
      assertThat(doc).isEqualTo(expected);
    }
    List<JsonNode> docs = json(file(full), "jsonl");
    assertThat(docs).hasSize(leads.size());
    for (JsonNode doc : docs) {
      assertThat(doc)
          .isEqualTo(
              CloseExportContentIT.closeNamed((ObjectNode) byId.get(doc.path("id").asText())));
    }
  }

  /**
   * Documents of more leads than one batch holds: the lead rows, the children loaded on a second
   * connection sharing the snapshot and the writer run on three threads, and every child must still
   * land in its own lead, once, in order.
   */
  @Test
  void documentsOfManyBatchesAreEachTheNativeLeadJson() throws Exception {
    Tenant many = server.tenant("close-export-batches");
    int count = 1_234;
    server.seed(many.workspaceId(), count, 11);
    Map<String, JsonNode> byId = new java.util.HashMap<>();
    AsyncExports.nativeLeads(server, many.key()).forEach(l -> byId.put(l.path("id").asText(), l));
    ObjectNode body =
        body("leads", "jsonl").put("include_activities", true).put("include_addresses", true);
    List<JsonNode> docs = json(file(run(server, many.key(), body)), "jsonl");
    assertThat(docs).hasSize(count);
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (JsonNode doc : docs) {
      assertThat(seen.add(doc.path("id").asText())).isTrue();
      assertThat(doc)
          .isEqualTo(
              CloseExportContentIT.closeNamed((ObjectNode) byId.get(doc.path("id").asText())));
    }
  }

  @Test
  void fieldsNarrowAndOrderTheColumns() throws Exception {
    ObjectNode body = body("contacts", "csv");
    body.putArray("fields").add("primary_email").add("id").add("lead_id");
    List<CsvRecord> rows = csv(file(run(server, seeded.key(), body)));
    assertThat(rows.get(0).getFields()).containsExactly("primary_email", "id", "lead_id");
    Map<String, JsonNode> contacts = new java.util.HashMap<>();
    leads.forEach(l -> l.path("contacts").forEach(c -> contacts.put(c.path("id").asText(), c)));
    for (CsvRecord r : rows.subList(1, rows.size())) {
      JsonNode c = contacts.get(r.getField(1));
      assertThat(r.getField(2)).isEqualTo(c.path("lead_id").asText());
      String email = c.path("emails").path(0).path("email").asText("");
      assertThat(r.getField(0)).isEqualTo(FormulaSafety.text(email));
    }
  }

  @Test
  void opportunityExportsFilterOpportunitiesByParams() throws Exception {
    ObjectNode body = Json.object().put("format", "json").put("send_done_email", false);
    body.putObject("params").put("status_type", "won");
    Reply r = server.call("POST", "/api/v1/export/opportunity/", seeded.key(), body);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("type").asText()).isEqualTo("opps");
    JsonNode job = AsyncExports.await(server, seeded.key(), r.json().path("id").asText());
    List<String> won = new ArrayList<>();
    leads.forEach(l ->
        l.path("opportunities")
            .forEach(o -> {
              if (o.path("status_type").asText().equals("won")) {
                won.add(o.path("id").asText());
              }
            }));
    assertThat(won).isNotEmpty();
    List<String> ids = new ArrayList<>();
    for (JsonNode row : json(file(job), "json")) {
      assertThat(row.path("status_type").asText()).isEqualTo("won");
      assertThat(row.path("value").isNumber() || row.path("value").isNull()).isTrue();
      ids.add(row.path("id").asText());
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(won);
  }

  @Test
  void sQueryResultsLimitAndSortSelectTheLeads() throws Exception {
    ObjectNode body = body("leads", "json");
    body.putArray("fields").add("id").add("display_name");
    body.put("results_limit", 5);
    ObjectNode sort = body.putArray("sort").addObject().put("direction", "desc");
    sort.putObject("field")
        .put("type", "regular_field")
        .put("object_type", "lead")
        .put("field_name", "display_name");
    List<JsonNode> docs = json(file(run(server, seeded.key(), body)), "json");
    List<String> names = new ArrayList<>();
    leads.forEach(l -> names.add(l.path("display_name").asText()));
    assertThat(docs).hasSize(5);
    assertThat(docs.get(0).size()).isEqualTo(2);
    List<String> got = docs.stream().map(d -> d.path("display_name").asText()).toList();
    assertThat(got)
        .isSortedAccordingTo(
            java.util.Comparator.<String>naturalOrder()
                .reversed()
                .thenComparing(java.util.Comparator.naturalOrder()));
  }

  @Test
  void listAndGetSpeakTheExportObject() {
    Tenant t = server.tenant("close-list");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(run(server, t.key(), body("leads", "csv")).path("id").asText());
    }
    Reply page = server.call("GET", "/api/v1/export/?_limit=2", t.key(), null);
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.json().path("has_more").asBoolean()).isTrue();
    assertThat(page.json().path("data").get(0).path("id").asText()).isEqualTo(ids.get(2));
    Reply rest =
        server.call("GET", "/api/v1/export/?_limit=2&_skip=2&_fields=id,status", t.key(), null);
    assertThat(rest.json().path("has_more").asBoolean()).isFalse();
    assertThat(rest.json().path("data").get(0))
        .isEqualTo(Json.object().put("id", ids.get(0)).put("status", "done"));
    Reply one = server.call("GET", "/api/v1/export/" + ids.get(0) + "/", t.key(), null);
    assertThat(one.json().path("date_created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00");
    Errors.assertError(
        server.call("GET", "/api/v1/export/" + ids.get(0) + "/", seeded.key(), null),
        404,
        "not_found",
        null);
  }

  /** Leadport's own keys: the attempts a job had and may have (docs/operations.md, "Retries"). */
  @Test
  void theExportObjectShowsItsAttemptsAndTheirBound() throws Exception {
    Tenant t = server.tenant("close-attempts");
    String id = run(server, t.key(), body("leads", "csv")).path("id").asText();
    JsonNode done = server.call("GET", "/api/v1/export/" + id + "/", t.key(), null).json();
    assertThat(done.path("attempts").asInt()).isEqualTo(1);
    assertThat(done.path("max_attempts").asInt())
        .isEqualTo(server.settings().exports().resilience().jobAttempts());
    // What a retried job stores is what the export object says.
    setAttempts(server, id, 2);
    JsonNode retried = server.call("GET", "/api/v1/export/" + id + "/", t.key(), null).json();
    assertThat(retried.path("attempts").asInt()).isEqualTo(2);
    Reply listed = server.call("GET", "/api/v1/export/?_fields=id,attempts", t.key(), null);
    assertThat(listed.json().path("data").get(0))
        .isEqualTo(Json.object().put("id", id).put("attempts", 2));
  }

  static void setAttempts(TestServer server, String jobId, int attempts) throws Exception {
    var db = server.leadport().services().database().jdbi();
    db.useHandle(h ->
        h.createUpdate("update export_jobs set attempts = :n where id = :id")
            .bind("n", attempts)
            .bind("id", jobId)
            .execute());
  }

  static Stream<Arguments> badRequests() {
    return Stream.of(
        Arguments.of(Json.object().put("type", "leads"), "format"),
        Arguments.of(Json.object().put("format", "csv"), "type"),
        Arguments.of(body("leads", "xml"), "format"),
        Arguments.of(body("leads", "csv").put("include_activities", true), "include_activities"),
        Arguments.of(
            body("contacts", "json").put("include_activities", true), "include_activities"),
        Arguments.of(
            body("contacts", "json").put("include_smart_fields", true), "include_smart_fields"),
        Arguments.of(
            body("leads", "csv").put("include_custom_objects", true), "include_custom_objects"),
        Arguments.of(body("leads", "json").put("date_format", "excel"), "date_format"),
        Arguments.of(body("leads", "csv").put("date_format", "rfc"), "date_format"),
        Arguments.of(body("leads", "csv").put("results_limit", 0), "results_limit"),
        Arguments.of(body("leads", "csv").put("surprise", 1), "surprise"),
        Arguments.of(body("leads", "csv").put("s_query", "lead"), "s_query"),
        Arguments.of(body("leads", "csv").put("send_done_email", "no"), "send_done_email"));
  }

  @ParameterizedTest
  @MethodSource("badRequests")
  void badRequestsAre400sNamingTheParameter(ObjectNode body, String param) {
    Reply r = server.call("POST", "/api/v1/export/lead/", seeded.key(), body);
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().path("param").asText()).isEqualTo(param);
  }

  @Test
  void unknownFieldsAre400sListingTheValidOnes() {
    ObjectNode body = body("lead_opps", "csv");
    body.putArray("fields").add("id").add("valu");
    Reply r = server.call("POST", "/api/v1/export/lead/", seeded.key(), body);
    Errors.assertError(r, 400, "invalid_parameter", "fields[1]");
    assertThat(r.json().path("message").asText())
        .startsWith("Unknown field valu in fields[1]; valid fields are id, lead_id,")
        .contains("value, value_currency");
    ObjectNode json = body("leads", "json");
    json.putArray("fields").add("activities");
    Reply nested = server.call("POST", "/api/v1/export/lead/", seeded.key(), json);
    Errors.assertError(nested, 400, "invalid_parameter", "fields[0]");
    assertThat(nested.json().path("message").asText()).doesNotContain("activities,");
  }

  @Test
  void exportsNeedTheExportScope() {
    String readOnly = server.createKey(seeded.workspaceId(), "leads.read");
    Errors.assertError(
        server.call("POST", "/api/v1/export/lead/", readOnly, body("leads", "csv")),
        403,
        "insufficient_scope",
        "leads.export");
    Reply anonymous = server.call("POST", "/api/v1/export/lead/", null, body("leads", "csv"));
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(anonymous.header("WWW-Authenticate")).isNotNull();
  }
}
