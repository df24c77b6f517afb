package org.leadport.surface.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.http.RateLimiter;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobHousekeeping;
import org.leadport.jobs.JobLeases;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The console API end to end on a real server: options, every type in every format downloaded and
 * read back, each filter narrowing to exactly the right rows, validation errors, idempotency, the
 * list across surfaces, links and workspaces. Leads are made through the native API at known times
 * (the server's clock is the test's), so every expected row is known.
 */
class ConsoleExportIT {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  static final String KEY_NAME = "console-it-key";

  static MutableClock clock;
  static TestServer server;
  static Tenant t;
  static String key;
  static String keyId;
  static List<JsonNode> leads;

  @BeforeAll
  static void start() {
    clock = new MutableClock(T0);
    // Polling many exports would otherwise meet the rate limit (RateLimitIT tests that).
    server =
        TestServer.builder()
            .clock(clock)
            .rateLimit(100_000)
            .exports(e -> e.withQuota(1_000))
            .start();
    t = server.tenant("console");
    ObjectNode keyBody = Json.object().put("name", KEY_NAME);
    keyBody.putArray("scopes").add("leads.export");
    Reply k =
        server.admin("POST", "/admin/v1/workspaces/" + t.workspaceId() + "/api-keys", keyBody);
    assertThat(k.status()).as(k.toString()).isEqualTo(201);
    key = k.json().path("key").asText();
    keyId = k.json().path("id").asText();
    for (String label : List.of("Potential", "Qualified")) {
      assertThat(
              call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", label)).status())
          .isEqualTo(201);
    }
    ObjectNode field = Json.object().put("name", "Industry").put("type", "text");
    assertThat(call("POST", "/api/v1/custom_fields", t.key(), field).status()).isEqualTo(201);
    // One lead a day: updated_at is T0, T0+1d, T0+2d, T0+3d.
    lead("Acme Rockets", "web", "Potential", 1, 1);
    lead("Bolt Industries", "referral", "Qualified", 2, 1);
    lead("Acme Bakery", "web", "Qualified", 1, 0);
    lead("Cobalt Labs", "event", "Potential", 0, 2);
    clock.advance(Duration.ofHours(1));
    leads = AsyncExports.nativeLeads(server, t.key());
    assertThat(leads).hasSize(4);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static void lead(String name, String source, String status, int contacts, int opportunities) {
    ObjectNode body =
        Json.object().put("name", name).put("source", source).put("status_label", status);
    body.putObject("custom").put("Industry", "Industry of " + name);
    var cs = body.putArray("contacts");
    for (int i = 0; i < contacts; i++) {
      cs.addObject()
          .put("name", name + " contact " + i)
          .putArray("emails")
          .addObject()
          .put(
              "email",
              "c" + i + "@" + name.toLowerCase(Locale.ROOT).replace(' ', '-') + ".example");
    }
    var os = body.putArray("opportunities");
    for (int i = 0; i < opportunities; i++) {
      os.addObject().put("note", name + " deal " + i).put("value", 100 * (i + 1));
    }
    Reply r = call("POST", "/api/v1/leads", t.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    clock.advance(Duration.ofDays(1));
  }

  static Reply call(String method, String path, String token, Object body) {
    return server.call(method, path, token, body);
  }

  // ---- helpers ----

  static ObjectNode body(String type, String format, String... fields) {
    ObjectNode b = Json.object().put("type", type).put("format", format);
    if (fields.length > 0) {
      var f = b.putArray("fields");
      for (String s : fields) {
        f.add(s);
      }
    }
    return b;
  }

  static JsonNode create(ObjectNode body) {
    Reply r = call("POST", "/api/v1/exports", key, body);
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    assertThat(r.header("Location")).isEqualTo("/api/v1/exports/" + r.json().path("id").asText());
    return r.json();
  }

  static JsonNode await(String id) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      Reply r = call("GET", "/api/v1/exports/" + id, key, null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      String state = r.json().path("state").asText();
      if (!state.equals("queued") && !state.equals("running")) {
        return r.json();
      }
      assertThat(System.nanoTime()).as("export %s did not finish", id).isLessThan(deadline);
      Thread.sleep(25);
    }
  }

  static JsonNode run(ObjectNode body) throws InterruptedException {
    JsonNode job = await(create(body).path("id").asText());
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
    return job;
  }

  static Reply download(JsonNode job) {
    Reply link = call("POST", "/api/v1/exports/" + job.path("id").asText() + "/link", key, null);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
    Reply r = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Encoding")).isNull();
    return r;
  }

  /** The header and rows of a downloaded file, as text, whatever its format. */
  static List<List<String>> table(String format, byte[] bytes) throws IOException {
    List<List<String>> out = new ArrayList<>();
    switch (format) {
      case "csv" ->
          CsvReader.builder()
              .ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))
              .forEach(r -> out.add(r.getFields()));
      case "json", "ndjson" -> {
        List<JsonNode> objects = new ArrayList<>();
        if (format.equals("json")) {
          Json.parse(new String(bytes, StandardCharsets.UTF_8)).forEach(objects::add);
        } else {
          for (String line : new String(bytes, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
              objects.add(Json.parse(line));
            }
          }
        }
        List<String> header = new ArrayList<>();
        objects.get(0).fieldNames().forEachRemaining(header::add);
        out.add(header);
        for (JsonNode o : objects) {
          List<String> keys = new ArrayList<>();
          o.fieldNames().forEachRemaining(keys::add);
          assertThat(keys).isEqualTo(header);
          out.add(header.stream().map(h -> o.get(h).isNull() ? "" : o.get(h).asText()).toList());
        }
      }
      case "xlsx" -> {
        try (var wb =
            new org.dhatim.fastexcel.reader.ReadableWorkbook(new ByteArrayInputStream(bytes))) {
          for (var row : wb.getFirstSheet().read()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.getCellCount(); i++) {
              var c = row.getCell(i);
              cells.add(c == null || c.getRawValue() == null ? "" : c.getRawValue());
            }
            out.add(cells);
          }
        }
      }
      case "xls" -> {
        try (var wb =
            new org.apache.poi.hssf.usermodel.HSSFWorkbook(new ByteArrayInputStream(bytes))) {
          var sheet = wb.getSheetAt(0);
          int width = sheet.getRow(0).getLastCellNum();
          for (int r = 0; r <= sheet.getLastRowNum(); r++) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < width; i++) {
              var c = sheet.getRow(r).getCell(i);
              cells.add(c == null ? "" : c.getStringCellValue());
            }
            out.add(cells);
          }
        }
      }
      default -> throw new IllegalArgumentException(format);
    }
    return out;
  }

  static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(r -> String.join("\u0001", r)));
    return out;
  }

  static JsonNode leadNamed(String name) {
    return leads.stream()
        .filter(l -> l.path("display_name").asText().equals(name))
        .findFirst()
        .orElseThrow();
  }

  /** Expected rows of {@code type} for the named leads: [id, lead name, detail]. */
  static List<List<String>> expected(String type, String... names) {
    List<List<String>> out = new ArrayList<>();
    for (String n : names) {
      JsonNode l = leadNamed(n);
      switch (type) {
        case "leads" -> out.add(List.of(l.path("id").asText(), n, l.path("source").asText()));
        case "contacts" ->
            l.path("contacts")
                .forEach(c -> out.add(List.of(c.path("id").asText(), n, c.path("name").asText())));
        case "opportunities" ->
            l.path("opportunities")
                .forEach(o -> out.add(List.of(o.path("id").asText(), n, o.path("note").asText())));
        default -> throw new IllegalArgumentException(type);
      }
    }
    return sorted(out);
  }

  static String[] fieldsOf(String type) {
    return switch (type) {
      case "leads" -> new String[] {"id", "display_name", "source"};
      case "contacts" -> new String[] {"id", "lead_display_name", "name"};
      case "opportunities" -> new String[] {"id", "lead_display_name", "note"};
      default -> throw new IllegalArgumentException(type);
    };
  }

  // ---- options ----

  @Test
  void optionsListTypesFieldsFormatsAndTheWorkspacesStatuses() {
    Reply r = call("GET", "/api/v1/exports/options", key, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode o = r.json();
    assertThat(ids(o.path("types"))).containsExactly("leads", "contacts", "opportunities");
    JsonNode leadsType = o.path("types").get(0);
    assertThat(leadsType.path("label").asText()).isEqualTo("Leads");
    assertThat(leadsType.path("fields").get(1).toString())
        .isEqualTo("{\"id\":\"display_name\",\"label\":\"Name\"}");
    assertThat(ids(leadsType.path("fields")))
        .contains("id", "status_label", "source", "custom.Industry", "updated_at");
    assertThat(leadsType.path("fields").toString())
        .contains("{\"id\":\"custom.Industry\",\"label\":\"Industry\"}");
    assertThat(Json.text(leadsType.path("default_fields")))
        .isEqualTo(
            "[\"id\",\"display_name\",\"status_label\",\"source\",\"primary_contact_name\","
                + "\"primary_contact_email\",\"created_at\",\"updated_at\"]");
    for (JsonNode type : o.path("types")) {
      List<String> ids = ids(type.path("fields"));
      type.path("default_fields").forEach(d -> assertThat(ids).contains(d.asText()));
      List<String> labels = type.path("fields").findValuesAsText("label");
      assertThat(labels).doesNotHaveDuplicates();
    }
    assertThat(Json.text(o.path("formats")))
        .isEqualTo(
            "[{\"id\":\"csv\",\"label\":\"CSV\"},{\"id\":\"json\",\"label\":\"JSON\"},"
                + "{\"id\":\"ndjson\",\"label\":\"NDJSON\"},"
                + "{\"id\":\"xlsx\",\"label\":\"Excel (XLSX)\"},"
                + "{\"id\":\"xls\",\"label\":\"Excel 97 (XLS)\"},"
                + "{\"id\":\"parquet\",\"label\":\"Parquet\"}]");
    assertThat(ids(o.path("date_formats"))).containsExactly("iso8601", "original", "excel");
    assertThat(ids(o.path("languages"))).isEqualTo(LANGUAGES);
    assertThat(o.path("languages").toString())
        .contains("{\"id\":\"en\",\"label\":\"English\"}")
        .contains("{\"id\":\"de\",\"label\":\"Deutsch\"}");
    assertThat(Json.text(o.path("statuses"))).isEqualTo("[\"Potential\",\"Qualified\"]");
  }

  static List<String> ids(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(e -> out.add(e.path("id").asText()));
    return out;
  }

  // ---- formats and types ----

  static Stream<Arguments> formatsAndTypes() {
    List<Arguments> out = new ArrayList<>();
    for (String format : List.of("csv", "json", "ndjson", "xlsx", "xls")) {
      for (String type : List.of("leads", "contacts", "opportunities")) {
        out.add(Arguments.of(type, format));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} as {1}")
  @MethodSource("formatsAndTypes")
  void everyTypeInEveryFormatHoldsExactlyItsRows(String type, String format) throws Exception {
    JsonNode job = run(body(type, format, fieldsOf(type)));
    assertThat(job.path("surface").asText()).isEqualTo("console");
    assertThat(job.path("type").asText()).isEqualTo(type);
    assertThat(job.path("format").asText()).isEqualTo(format);
    String ext = format.equals("ndjson") ? "jsonl" : format;
    assertThat(job.path("file_name").asText()).isEqualTo(type + "." + ext);
    List<List<String>> expected =
        expected(type, "Acme Rockets", "Bolt Industries", "Acme Bakery", "Cobalt Labs");
    assertThat(job.path("rows_done").asLong()).isEqualTo(expected.size());
    assertThat(job.path("rows_total").asLong()).isEqualTo(expected.size());
    Reply file = download(job);
    assertThat(file.body()).hasSize(job.path("file_size").asInt());
    assertThat(file.header("Content-Disposition")).contains(type + "." + ext);
    List<List<String>> table = table(format, file.body());
    assertThat(table.get(0)).containsExactly(fieldsOf(type));
    assertThat(sorted(table.subList(1, table.size()))).isEqualTo(expected);
  }

  @Test
  void aLanguageLabelsTheHeadersInEveryFormat() throws Exception {
    ObjectNode de = body("leads", "csv", "id", "display_name", "custom.Industry", "source");
    de.put("language", "de");
    List<List<String>> csv = table("csv", download(run(de)).body());
    assertThat(csv.get(0)).containsExactly("Lead-ID", "Name", "Industry", "Quelle");
    assertThat(csv.subList(1, csv.size()))
        .contains(
            List.of(
                leadNamed("Acme Rockets").path("id").asText(),
                "Acme Rockets",
                "Industry of Acme Rockets",
                "web"));

    ObjectNode ja = body("contacts", "json", "id", "name");
    ja.put("language", "ja");
    List<List<String>> json = table("json", download(run(ja)).body());
    assertThat(json.get(0)).containsExactly("コンタクトID", "名前");
    assertThat(json).hasSize(5);

    ObjectNode fr = body("opportunities", "xlsx", "id", "note");
    fr.put("language", "fr");
    List<List<String>> xlsx = table("xlsx", download(run(fr)).body());
    assertThat(xlsx.get(0)).containsExactly("ID de l'opportunité", "Note");
    assertThat(sorted(xlsx.subList(1, xlsx.size())))
        .isEqualTo(
            sorted(
                expected("opportunities", "Acme Rockets", "Bolt Industries", "Cobalt Labs").stream()
                    .map(r -> List.of(r.get(0), r.get(2)))
                    .toList()));
  }

  // ---- filters ----

  static Stream<Arguments> filters() {
    return Stream.of(
        Arguments.of(
            "leads", "{\"status\":\"Qualified\"}", List.of("Bolt Industries", "Acme Bakery")),
        Arguments.of(
            "leads", "{\"status\":\"qualified\"}", List.of("Bolt Industries", "Acme Bakery")),
        Arguments.of("leads", "{\"source\":\"web\"}", List.of("Acme Rockets", "Acme Bakery")),
        Arguments.of("leads", "{\"source\":\"Web\"}", List.of()),
        Arguments.of(
            "leads", "{\"updated_since\":\"2026-03-04\"}", List.of("Acme Bakery", "Cobalt Labs")),
        Arguments.of(
            "leads",
            "{\"updated_since\":\"2026-03-03T09:00:00Z\"}",
            List.of("Bolt Industries", "Acme Bakery", "Cobalt Labs")),
        Arguments.of(
            "leads",
            "{\"updated_since\":\"2026-03-03T10:00:01+01:00\"}",
            List.of("Acme Bakery", "Cobalt Labs")),
        Arguments.of("leads", "{\"q\":\"acme\"}", List.of("Acme Rockets", "Acme Bakery")),
        Arguments.of("leads", "{\"q\":\"c0@bolt-industries\"}", List.of("Bolt Industries")),
        Arguments.of("leads", "{\"status\":\"Qualified\",\"q\":\"acme\"}", List.of("Acme Bakery")),
        Arguments.of(
            "leads",
            "{\"status\":\"Potential\",\"source\":\"event\",\"updated_since\":\"2026-03-05\"}",
            List.of("Cobalt Labs")),
        Arguments.of(
            "leads",
            "{}",
            List.of("Acme Rockets", "Bolt Industries", "Acme Bakery", "Cobalt Labs")),
        Arguments.of(
            "contacts", "{\"status\":\"Qualified\"}", List.of("Bolt Industries", "Acme Bakery")),
        Arguments.of("contacts", "{\"q\":\"rockets\"}", List.of("Acme Rockets")),
        Arguments.of("opportunities", "{\"source\":\"web\"}", List.of("Acme Rockets")),
        Arguments.of(
            "opportunities",
            "{\"updated_since\":\"2026-03-03\"}",
            List.of("Bolt Industries", "Cobalt Labs")));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("filters")
  void eachFilterNarrowsToExactlyTheMatchingRows(String type, String filters, List<String> names)
      throws Exception {
    ObjectNode body = body(type, "csv", fieldsOf(type));
    body.set("filters", TestServer.parse(filters));
    JsonNode job = run(body);
    List<List<String>> table = table("csv", download(job).body());
    assertThat(sorted(table.subList(1, table.size())))
        .isEqualTo(expected(type, names.toArray(String[]::new)));
  }

  // ---- validation ----

  static Stream<Arguments> invalid() {
    String q501 = "x".repeat(501);
    return Stream.of(
        Arguments.of("{}", "type", "type is required; one of leads, contacts, opportunities."),
        Arguments.of(
            "{\"type\":null,\"format\":\"csv\"}",
            "type",
            "type is required; one of leads, contacts, opportunities."),
        Arguments.of(
            "{\"type\":\"deals\",\"format\":\"csv\"}",
            "type",
            "type must be one of leads, contacts, opportunities; was deals."),
        Arguments.of("{\"type\":1,\"format\":\"csv\"}", "type", "type must be a string."),
        Arguments.of(
            "{\"type\":\"leads\"}",
            "format",
            "format is required; one of csv, json, ndjson, xlsx, xls, parquet."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"jsonl\"}",
            "format",
            "format must be one of csv, json, ndjson, xlsx, xls, parquet; was jsonl."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"color\":\"red\"}",
            "color",
            "Unknown field color; valid fields are [compression, date_format, email, fields,"
                + " filters, format, language, since, type]."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":[]}",
            "filters",
            "filters must be a JSON object."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"owner\":\"me\"}}",
            "filters.owner",
            "Unknown field filters.owner; valid fields are [q, source, status, updated_since]."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"status\":\"Won\"}}",
            "filters.status",
            "filters.status must be one of this workspace's lead statuses: Potential, Qualified;"
                + " was Won."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"status\":3}}",
            "filters.status",
            "filters.status must be a string."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"source\":\" \"}}",
            "filters.source",
            "filters.source must not be blank when given."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"updated_since\":\"yesterday\"}}",
            "filters.updated_since",
            "filters.updated_since must be an ISO 8601 instant such as 2026-01-01T00:00:00Z or a"
                + " date such as 2026-01-01."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"updated_since\":\"2026-01-01T00:00:00\"}}",
            "filters.updated_since",
            "filters.updated_since must be an ISO 8601 instant such as 2026-01-01T00:00:00Z or a"
                + " date such as 2026-01-01."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"filters\":{\"q\":\"" + q501 + "\"}}",
            "filters.q",
            "filters.q must be at most 500 characters long."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"date_format\":\"rfc\"}",
            "date_format",
            "date_format must be one of [excel, iso8601, original]."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"language\":\"xx\"}",
            "language",
            "language must be one of " + String.join(", ", LANGUAGES) + "."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"fields\":[\"id\",\"display_name\",\"source\",\"primary_email\"]}",
            "fields[3]",
            "Unknown field primary_email in fields[3]; valid leads fields are "
                + LEAD_FIELDS
                + "."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"fields\":[\"id\",\"id\"]}",
            "fields[1]",
            "fields[1] names id a second time."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"fields\":[]}",
            "fields",
            "fields must name at least one field when given."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"fields\":\"id\"}",
            "fields",
            "fields must be an array of strings."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"fields\":[1]}",
            "fields[0]",
            "fields[0] must be a string."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"email\":\"yes\"}",
            "email",
            "email must be true or false."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"csv\",\"compression\":\"br\"}",
            "compression",
            "compression must be one of [gzip, none, zstd]."),
        Arguments.of(
            "{\"type\":\"leads\",\"format\":\"parquet\",\"compression\":\"gzip\"}",
            "compression",
            "compression only works with the csv, json, jsonl and xls formats: a parquet file is"
                + " compressed already; leave it out or use \"none\"."),
        Arguments.of("[]", "", "The request body must be a JSON object."));
  }

  static final List<String> LANGUAGES =
      List.of("de", "en", "es", "fi", "fr", "it", "ja", "nl", "pl", "pt", "sv");

  static final String LEAD_FIELDS =
      "id, display_name, status_id, status_label, url, description, source, medium, campaign,"
          + " primary_contact_name, primary_contact_email, primary_contact_phone,"
          + " address.address_1, address.address_2, address.city, address.state,"
          + " address.zipcode, address.country, custom.Industry, created_at, updated_at,"
          + " deleted_at";

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("invalid")
  void everyInvalidRequestIsA400NamingItsMember(String body, String param, String message) {
    Reply r = call("POST", "/api/v1/exports", key, body);
    Errors.assertError(r, 400, "invalid_parameter", param);
    assertThat(r.json().path("message").asText()).isEqualTo(message);
  }

  static Stream<Arguments> invalidLists() {
    return Stream.of(
        Arguments.of("?limit=0", "limit", "limit must be a whole number between 1 and 100."),
        Arguments.of("?limit=101", "limit", "limit must be a whole number between 1 and 100."),
        Arguments.of("?limit=x", "limit", "limit must be a whole number between 1 and 100."),
        Arguments.of("?skip=-1", "skip", "skip must be a whole number between 0 and 2147483647."),
        Arguments.of(
            "?page=2",
            "page",
            "Unknown query parameter page; valid parameters are [limit, skip]."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidLists")
  void invalidListParametersAre400s(String query, String param, String message) {
    Reply r = call("GET", "/api/v1/exports" + query, key, null);
    Errors.assertError(r, 400, "invalid_parameter", param);
    assertThat(r.json().path("message").asText()).isEqualTo(message);
  }

  @Test
  void anInvalidIdempotencyKeyIsA400() {
    Reply r =
        server.send(
            "/api/v1/exports",
            b ->
                b.header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "has space")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"type\":\"leads\",\"format\":\"csv\"}")));
    Errors.assertError(r, 400, "invalid_parameter", "Idempotency-Key");
  }

  // ---- jobs: list, get, cancel, link, idempotency, workspaces ----

  @Test
  void theJobObjectIsExactlyTheContractsShape() throws Exception {
    JsonNode job = run(body("leads", "csv"));
    List<String> keys = new ArrayList<>();
    job.fieldNames().forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "id",
            "surface",
            "type",
            "format",
            "state",
            "rows_done",
            "rows_total",
            "attempts",
            "max_attempts",
            "file_name",
            "file_size",
            "created_at",
            "started_at",
            "finished_at",
            "created_by",
            "error",
            "changes_cursor");
    assertThat(job.path("id").asText()).startsWith("expo_");
    assertThat(job.path("attempts").asInt()).isEqualTo(1);
    assertThat(job.path("max_attempts").asInt())
        .isEqualTo(server.settings().exports().resilience().jobAttempts());
    assertThat(job.path("created_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(job.path("finished_at").asText()).isEqualTo(clock.instant().toString());
    assertThat(Json.text(job.path("created_by")))
        .isEqualTo("{\"api_key_id\":\"" + keyId + "\",\"name\":\"" + KEY_NAME + "\"}");
    assertThat(job.path("error").isNull()).isTrue();
    // Default fields and date format when the request names none.
    List<List<String>> table = table("csv", download(job).body());
    assertThat(table.get(0))
        .containsExactly(
            "id",
            "display_name",
            "status_label",
            "source",
            "primary_contact_name",
            "primary_contact_email",
            "created_at",
            "updated_at");
    List<String> rockets =
        table.stream().filter(r -> r.get(1).equals("Acme Rockets")).findFirst().orElseThrow();
    assertThat(rockets)
        .containsExactly(
            leadNamed("Acme Rockets").path("id").asText(),
            "Acme Rockets",
            "Potential",
            "web",
            "Acme Rockets contact 0",
            "c0@acme-rockets.example",
            "2026-03-02T09:00:00+00:00",
            "2026-03-02T09:00:00+00:00");
  }

  @Test
  void aLinkIsFreshEachTimeAndExpiresAfterTheConfiguredTime() throws Exception {
    JsonNode job = run(body("leads", "json", "id"));
    String path = "/api/v1/exports/" + job.path("id").asText() + "/link";
    Reply first = call("POST", path, key, null);
    assertThat(first.status()).isEqualTo(200);
    List<String> keys = new ArrayList<>();
    first.json().fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("url", "expires_at");
    Instant expires = Instant.parse(first.json().path("expires_at").asText());
    assertThat(expires).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
    assertThat(first.json().path("url").asText())
        .startsWith(server.url("/downloads/" + job.path("id").asText() + "/leads.json?expires="));
    clock.advance(Duration.ofSeconds(1));
    Reply second = call("POST", path, key, null);
    assertThat(second.json().path("url").asText()).isNotEqualTo(first.json().path("url").asText());
    assertThat(AsyncExports.get(second.json().path("url").asText(), b -> b).status())
        .isEqualTo(200);
  }

  @Test
  void theListHoldsEveryExportOfTheWorkspaceFromEverySurfaceNewestFirst() throws Exception {
    // Newer than every export other tests made so far.
    clock.advance(Duration.ofSeconds(1));
    JsonNode mine = run(body("contacts", "ndjson"));
    clock.advance(Duration.ofSeconds(1));
    Reply close =
        call(
            "POST",
            "/api/v1/export/lead/",
            t.key(),
            Json.object()
                .put("type", "lead_opps")
                .put("format", "jsonl")
                .put("send_done_email", false));
    assertThat(close.status()).as(close.toString()).isEqualTo(200);
    String closeId = close.json().path("id").asText();
    JsonNode closeJob = await(closeId);
    clock.advance(Duration.ofSeconds(1));
    Reply hubspot =
        call(
            "POST",
            "/crm/v3/exports/export/async",
            t.key(),
            TestServer.parse(
                "{\"exportType\":\"VIEW\",\"format\":\"XLSX\",\"exportName\":\"deals\","
                    + "\"objectType\":\"DEAL\",\"language\":\"EN\","
                    + "\"objectProperties\":[\"dealname\"]}"));
    assertThat(hubspot.status()).as(hubspot.toString()).isEqualTo(202);

    Reply page = call("GET", "/api/v1/exports?limit=3", key, null);
    assertThat(page.status()).isEqualTo(200);
    JsonNode data = page.json().path("data");
    assertThat(data).hasSize(3);
    assertThat(page.json().path("has_more").asBoolean()).isTrue();
    assertThat(data.get(0).path("surface").asText()).isEqualTo("hubspot");
    assertThat(data.get(0).path("type").asText()).isEqualTo("opportunities");
    assertThat(data.get(0).path("format").asText()).isEqualTo("xlsx");
    assertThat(data.get(1)).isEqualTo(closeJob);
    assertThat(data.get(1).path("surface").asText()).isEqualTo("close");
    assertThat(data.get(1).path("type").asText()).isEqualTo("opportunities");
    assertThat(data.get(1).path("format").asText()).isEqualTo("ndjson");
    assertThat(data.get(1).path("created_by").path("name").asText()).isEqualTo("test");
    assertThat(data.get(1).path("file_name").asText()).endsWith(".jsonl");
    assertThat(data.get(2)).isEqualTo(mine);

    Reply next = call("GET", "/api/v1/exports?limit=2&skip=1", key, null);
    assertThat(next.json().path("data").get(0)).isEqualTo(closeJob);
    assertThat(next.json().path("data").get(1)).isEqualTo(mine);

    Reply all = call("GET", "/api/v1/exports?limit=100", key, null);
    int total = all.json().path("data").size();
    assertThat(all.json().path("has_more").asBoolean()).isFalse();
    Reply last = call("GET", "/api/v1/exports?skip=" + (total - 1), key, null);
    assertThat(last.json().path("data")).hasSize(1);
    assertThat(last.json().path("has_more").asBoolean()).isFalse();
    Reply past = call("GET", "/api/v1/exports?skip=" + total, key, null);
    assertThat(Json.text(past.json())).isEqualTo("{\"data\":[],\"has_more\":false}");
    // The Close job can be read and linked through the console too.
    Reply link = call("POST", "/api/v1/exports/" + closeId + "/link", key, null);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
  }

  @Test
  void aRepeatedIdempotencyKeyReturnsTheSameJob() {
    String body = "{\"type\":\"leads\",\"format\":\"xlsx\"}";
    Reply first = withKey("console-it-1", body);
    Reply second = withKey("console-it-1", body);
    assertThat(first.status()).isEqualTo(202);
    assertThat(second.status()).isEqualTo(202);
    assertThat(first.header("Idempotent-Replayed")).isNull();
    assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
    assertThat(second.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
    assertThat(second.header("Location")).isEqualTo(first.header("Location"));
    Reply other = withKey("console-it-1", "{\"type\":\"leads\",\"format\":\"xls\"}");
    Errors.assertError(other, 422, "idempotency_key_reused", "Idempotency-Key");
  }

  static Reply withKey(String idempotencyKey, String body) {
    return server.send(
        "/api/v1/exports",
        b ->
            b.header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void aFinishedExportCannotBeCanceled() throws Exception {
    JsonNode job = run(body("leads", "csv", "id"));
    Reply r = call("POST", "/api/v1/exports/" + job.path("id").asText() + "/cancel", key, null);
    Errors.assertError(r, 409, "export_finished", null);
    assertThat(r.json().path("message").asText())
        .isEqualTo(
            "Export "
                + job.path("id").asText()
                + " already finished (succeeded); nothing to cancel.");
  }

  @Test
  void anotherWorkspacesKeySeesNoneOfThisWorkspacesExports() throws Exception {
    JsonNode job = run(body("leads", "csv", "id"));
    String id = job.path("id").asText();
    Tenant other = server.tenant("console-other");
    Errors.assertError(
        call("GET", "/api/v1/exports/" + id, other.key(), null), 404, "not_found", null);
    Errors.assertError(
        call("POST", "/api/v1/exports/" + id + "/cancel", other.key(), null),
        404,
        "not_found",
        null);
    Errors.assertError(
        call("POST", "/api/v1/exports/" + id + "/link", other.key(), null), 404, "not_found", null);
    Reply list = call("GET", "/api/v1/exports", other.key(), null);
    assertThat(Json.text(list.json())).isEqualTo("{\"data\":[],\"has_more\":false}");
    Errors.assertError(call("GET", "/api/v1/exports/expo_nope", key, null), 404, "not_found", null);
  }

  @Test
  void aLinkToAFileRemovedByRetentionIsA410() throws Exception {
    JsonNode job = run(body("opportunities", "xlsx", "id"));
    String id = job.path("id").asText();
    var services = server.leadport().services();
    ExportJob stored = services.jobs().find(t.workspaceId(), id).orElseThrow();
    // What the retention sweeper does once it deleted the bytes.
    assertThat(
            services
                .housekeeping()
                .forgetFile(new JobHousekeeping.StoredFile(id, stored.fileKey())))
        .isTrue();
    Reply r = call("POST", "/api/v1/exports/" + id + "/link", key, null);
    Errors.assertError(r, 410, "export_file_deleted", null);
    assertThat(r.json().path("message").asText())
        .isEqualTo(
            "The file of export "
                + id
                + " was deleted at the end of its retention; run the"
                + " export again.");
    JsonNode after = call("GET", "/api/v1/exports/" + id, key, null).json();
    assertThat(after.path("state").asText()).isEqualTo("succeeded");
    assertThat(after.path("file_name").asText()).isEqualTo("opportunities.xlsx");
  }

  @Test
  void onANodeWithoutWorkersJobsWaitAndCanBeCanceledQueuedOrRunning() throws Exception {
    try (TestServer idle =
        TestServer.builder().exports(e -> e.withWorkers(0, Duration.ofSeconds(30))).start()) {
      Tenant w = idle.tenant("console-idle");
      Reply seeded =
          idle.admin(
              "POST",
              "/admin/v1/workspaces/" + w.workspaceId() + "/seed",
              Json.object().put("leads", 20_001).put("seed", 5));
      assertThat(seeded.status()).as(seeded.toString()).isEqualTo(200);
      var jobs = idle.leadport().services().jobs();
      Duration lease = Duration.ofMinutes(5);

      // Queued: no link yet, cancelable.
      String queued = idleCreate(idle, w, "{\"type\":\"leads\",\"format\":\"csv\"}");
      JsonNode q = idle.call("GET", "/api/v1/exports/" + queued, w.key(), null).json();
      assertThat(q.path("state").asText()).isEqualTo("queued");
      assertThat(q.path("rows_done").asLong()).isZero();
      for (String nullMember : List.of("rows_total", "file_name", "file_size", "started_at")) {
        assertThat(q.path(nullMember).isNull()).as(nullMember).isTrue();
      }
      assertThat(q.path("finished_at").isNull()).isTrue();
      assertNotReady(idle, w, queued, "queued");
      Reply canceledQueued =
          idle.call("POST", "/api/v1/exports/" + queued + "/cancel", w.key(), null);
      assertThat(canceledQueued.status()).isEqualTo(200);
      assertThat(canceledQueued.json().path("state").asText()).isEqualTo("canceled");
      assertThat(canceledQueued.json().path("finished_at").isTextual()).isTrue();
      assertNotReady(idle, w, queued, "canceled");

      // Running (claimed as a worker would): no link, cancel stops its worker's claim.
      String running = idleCreate(idle, w, "{\"type\":\"contacts\",\"format\":\"json\"}");
      JobLeases.Claim claim = jobs.leases().claim("console-it", lease).orElseThrow();
      assertThat(claim.job().id()).isEqualTo(running);
      JsonNode r = idle.call("GET", "/api/v1/exports/" + running, w.key(), null).json();
      assertThat(r.path("state").asText()).isEqualTo("running");
      assertThat(r.path("started_at").isTextual()).isTrue();
      assertNotReady(idle, w, running, "running");
      Reply canceledRunning =
          idle.call("POST", "/api/v1/exports/" + running + "/cancel", w.key(), null);
      assertThat(canceledRunning.status()).isEqualTo(200);
      assertThat(canceledRunning.json().path("state").asText()).isEqualTo("canceled");
      assertThat(jobs.leases().heartbeat(running, claim.token(), lease, 10)).isFalse();
      Reply again = idle.call("POST", "/api/v1/exports/" + running + "/cancel", w.key(), null);
      Errors.assertError(again, 409, "export_finished", null);
      assertThat(again.json().path("message").asText())
          .isEqualTo("Export " + running + " already finished (canceled); nothing to cancel.");

      // Failed: its error, no link, not cancelable.
      String failed = idleCreate(idle, w, "{\"type\":\"opportunities\",\"format\":\"xlsx\"}");
      JobLeases.Claim c = jobs.leases().claim("console-it", lease).orElseThrow();
      assertThat(c.job().id()).isEqualTo(failed);
      assertThat(jobs.leases().fail(failed, c.token(), "export_failed", "The database went away."))
          .isTrue();
      JsonNode f = idle.call("GET", "/api/v1/exports/" + failed, w.key(), null).json();
      assertThat(f.path("state").asText()).isEqualTo("failed");
      assertThat(Json.text(f.path("error")))
          .isEqualTo("{\"code\":\"export_failed\",\"message\":\"The database went away.\"}");
      assertNotReady(idle, w, failed, "failed");
      Errors.assertError(
          idle.call("POST", "/api/v1/exports/" + failed + "/cancel", w.key(), null),
          409,
          "export_finished",
          null);

      // XLS: more rows than a file holds is a 400 before anything is queued; filters count.
      int before = idle.call("GET", "/api/v1/exports", w.key(), null).json().path("data").size();
      Reply tooMany =
          idle.call("POST", "/api/v1/exports", w.key(), "{\"type\":\"leads\",\"format\":\"xls\"}");
      Errors.assertError(tooMany, 400, "too_many_rows_for_xls", "format");
      assertThat(tooMany.json().path("message").asText())
          .isEqualTo(
              "This export has 20,001 rows; an XLS file holds at most 20,000. Use XLSX or CSV, or"
                  + " narrow the export with filters.");
      assertThat(idle.call("GET", "/api/v1/exports", w.key(), null).json().path("data"))
          .hasSize(before);
      idleCreate(
          idle,
          w,
          "{\"type\":\"leads\",\"format\":\"xls\",\"filters\":{\"updated_since\":\"2100-01-01\"}}");
      idleCreate(idle, w, "{\"type\":\"leads\",\"format\":\"xlsx\"}");
    }
  }

  static String idleCreate(TestServer idle, Tenant w, String body) {
    Reply r = idle.call("POST", "/api/v1/exports", w.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return r.json().path("id").asText();
  }

  static void assertNotReady(TestServer idle, Tenant w, String id, String state) {
    Reply r = idle.call("POST", "/api/v1/exports/" + id + "/link", w.key(), null);
    Errors.assertError(r, 409, "export_not_ready", null);
    assertThat(r.json().path("message").asText())
        .isEqualTo(
            "Export " + id + " is " + state + "; a download link exists once it has succeeded.");
  }

  @Test
  void theConsoleCountsAgainstTheExportRateLimitGroup() {
    for (String path :
        List.of(
            "/api/v1/exports",
            "/api/v1/exports/options",
            "/api/v1/exports/expo_1",
            "/api/v1/exports/expo_1/link")) {
      assertThat(RateLimiter.Group.of(path)).as(path).isEqualTo(RateLimiter.Group.EXPORT);
    }
    assertThat(RateLimiter.Group.of("/api/v1/exportsx")).isEqualTo(RateLimiter.Group.API);
  }

  @Test
  void keysWithoutTheExportScopeAreRefused() {
    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    Errors.assertError(
        call("GET", "/api/v1/exports", readOnly, null), 403, "insufficient_scope", null);
    Errors.assertError(
        call("GET", "/api/v1/exports/options", null, null), 401, "unauthorized", null);
  }
}
