package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.ReadingOptions;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * The JSON:API contact exports (docs/jsonapi-exports.md), black-box: the export log's lifecycle
 * (create with a string or object filter, read, render to CSV and XLSX), the rendered rows against
 * the native API, and every failure in JSON:API's error shape.
 */
class ContactExportIT {
  static final String BASE = "/api/v2/contacts/exports";
  static final String MEDIA = "application/vnd.api+json; charset=utf-8";
  static final Instant START = Instant.parse("2026-03-05T09:30:00.123456Z");

  static MutableClock clock;
  static TestServer server;
  static Key owner;
  static Key other;
  static Map<String, String> leads = new LinkedHashMap<>();
  static Map<String, String> fieldIds = new LinkedHashMap<>();

  /** A workspace and an API key of it, with the key's id (the export log's user). */
  record Key(String workspaceId, String id, String secret) {}

  @BeforeAll
  static void start() {
    clock = new MutableClock(START);
    server = TestServer.start(clock);
    owner =
        key(server.createWorkspace("jsonapi-exports"), "leads.read", "leads.write", "leads.export");
    other =
        key(server.createWorkspace("jsonapi-other"), "leads.read", "leads.write", "leads.export");

    // MPDX's status "active" is a group: the statuses of type active or won, and no status.
    native_("POST", "/api/v1/statuses", owner, Json.object().put("label", "active"));
    native_(
        "POST",
        "/api/v1/statuses",
        owner,
        Json.object().put("label", "Lost Cause").put("type", "lost"));
    field("Seats", "number");
    field("Renewal", "date");
    field("Notes", "text");

    ObjectNode a = lead("Acme", "active", "google");
    a.putObject("custom")
        .put("Seats", 12)
        .put("Renewal", "2026-05-01")
        .put("Notes", "=HYPERLINK(\"http://evil.example\",\"click\")");
    ObjectNode ann = contact(a, "Ann", "-CEO");
    ann.putArray("emails")
        .add(channel("email", "ann@acme.example"))
        .add(channel("email", "ann.private@mail.example"));
    ann.putArray("phones").add(channel("phone", "+1 555 0100"));
    ann.putArray("urls").add(channel("url", "https://acme.example/ann"));
    contact(a, "@SUM(A1:A9)", "Buyer").putArray("emails").add(channel("email", "bob@acme.example"));

    ObjectNode b = lead("Beta, \"Ltd\"", "active", "mail");
    b.putObject("custom").put("Seats", -42).put("Notes", "plain notes");
    contact(b, "Cy Ng", "  =1+1");
    contact(b, "Ωμέγα 山田", null).putArray("phones").add(channel("phone", "-42"));

    ObjectNode c = lead("Gamma", "Lost Cause", "google");
    contact(c, "Dee", "Owner");

    ObjectNode d = lead("Deleted Inc", "active", "google");
    contact(d, "Eve", "Gone");

    ObjectNode e = lead("No Contacts", "active", "google");

    for (var entry : Map.of("A", a, "B", b, "C", c, "D", d, "E", e).entrySet()) {
      Reply r = native_("POST", "/api/v1/leads", owner, entry.getValue());
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      leads.put(entry.getKey(), r.json().path("id").asText());
    }
    assertThat(native_("DELETE", "/api/v1/leads/" + leads.get("D"), owner, null).status())
        .isEqualTo(204);

    ObjectNode foreign = lead("Foreign", null, "google");
    contact(foreign, "Zed", "Elsewhere");
    native_("POST", "/api/v1/leads", other, foreign);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // --- the lifecycle ---------------------------------------------------------------------------

  @Test
  void stringFilterLifecycleMatchesTheSeedAndRendersTheMatchingContacts() {
    String filter = "{\"status\":\"active\"}";
    Instant created = clock.instant();
    Reply r = post(owner, document(Json.object().put("filter", filter)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.header("Content-Type")).isEqualTo(MEDIA);
    JsonNode data = r.json().path("data");
    String id = data.path("id").asText();
    assertExportLog(r.json(), id, Json.object().put("filter", filter), created, created);
    assertThat(data.path("attributes").path("params").path("filter").isTextual()).isTrue();
    assertThat(r.header("Location")).isEqualTo(server.url(BASE + "/" + id));

    Reply read = get(owner, BASE + "/" + id);
    assertThat(read.status()).as(read.toString()).isEqualTo(200);
    assertThat(read.header("Content-Type")).isEqualTo(MEDIA);
    assertThat(read.json()).isEqualTo(r.json());

    clock.advance(Duration.ofHours(26));
    Instant rendered = clock.instant();
    Reply csv = get(owner, BASE + "/" + id + ".csv");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(csv.header("Content-Disposition"))
        .isEqualTo("attachment; filename=\"contacts-2026-03-06.csv\"");
    assertThat(csv.header("Cache-Control")).isEqualTo("no-store");
    assertRowsAreTheContactsOf(csv, l -> "active".equals(l.path("status_label").asText()));
    // Exactly A's and B's contacts: D is deleted, E has none, the other workspace's are not here.
    assertThat(column(rows(csv), "name"))
        .containsExactlyInAnyOrder("Ann", "'@SUM(A1:A9)", "Cy Ng", "Ωμέγα 山田");

    Reply after = get(owner, BASE + "/" + id);
    assertExportLog(after.json(), id, Json.object().put("filter", filter), created, rendered);
  }

  @Test
  void objectFilterStaysAnObjectAndSelectsByAnyOfAndCustomFields() {
    ObjectNode filter = Json.object().put("source", "google");
    filter.putArray("status").add("active").add("Lost Cause");
    Reply r = post(owner, document(Json.object().set("filter", filter)));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    String id = r.json().path("data").path("id").asText();
    assertExportLog(
        r.json(), id, Json.object().set("filter", filter), clock.instant(), clock.instant());
    JsonNode params = r.json().path("data").path("attributes").path("params");
    assertThat(params.path("filter").isObject()).isTrue();
    assertThat(fieldNames(params.path("filter"))).containsExactly("source", "status");

    Reply csv = get(owner, BASE + "/" + id + ".csv");
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    assertRowsAreTheContactsOf(
        csv,
        l ->
            "google".equals(l.path("source").asText())
                && Set.of("active", "Lost Cause").contains(l.path("status_label").asText()));
    assertThat(column(rows(csv), "name")).containsExactlyInAnyOrder("Ann", "'@SUM(A1:A9)", "Dee");

    String seats =
        post(owner, document(Json.object().set("filter", Json.object().put("Seats", -42))))
            .json()
            .path("data")
            .path("id")
            .asText();
    Reply bySeats = get(owner, BASE + "/" + seats + ".csv");
    assertThat(column(rows(bySeats), "name")).containsExactlyInAnyOrder("Cy Ng", "Ωμέγα 山田");
  }

  @Test
  void withoutParamsEveryContactOfTheWorkspacesLiveLeadsIsExported() {
    ObjectNode doc = Json.object();
    doc.putObject("data").put("type", "export_logs");
    Reply r = post(owner, doc);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().path("data").path("attributes").path("params")).isEqualTo(Json.object());
    Reply csv = get(owner, BASE + "/" + r.json().path("data").path("id").asText() + ".csv");
    assertRowsAreTheContactsOf(csv, l -> true);
    assertThat(rows(csv)).hasSize(1 + 5);
  }

  @Test
  void csvCellsAreFormulaSafeAndNumbersStayNumbers() {
    String id = created(owner, Json.object().put("filter", "{\"status\":\"active\"}"));
    List<CsvRecord> rows = rows(get(owner, BASE + "/" + id + ".csv"));
    Map<String, Map<String, String>> byName = byColumn(rows, "lead_display_name", "name");
    Map<String, String> ann = byName.get("Acme/Ann");
    assertThat(ann.get("title")).isEqualTo("'-CEO");
    assertThat(ann.get("custom.Notes")).isEqualTo("'=HYPERLINK(\"http://evil.example\",\"click\")");
    assertThat(ann.get("custom.Seats")).isEqualTo("12");
    assertThat(ann.get("primary_phone")).isEqualTo("'+1 555 0100");
    assertThat(byName.get("Acme/'@SUM(A1:A9)").get("primary_email")).isEqualTo("bob@acme.example");
    Map<String, String> cy = byName.get("Beta, \"Ltd\"/Cy Ng");
    assertThat(cy.get("title")).isEqualTo("'  =1+1");
    assertThat(cy.get("custom.Seats")).isEqualTo("-42");
    assertThat(byName.get("Beta, \"Ltd\"/Ωμέγα 山田").get("phones")).isEqualTo("'-42");
  }

  @Test
  void xlsxHoldsTheSameContactsInTypedCellsWithTextExact() throws Exception {
    String id = created(owner, Json.object().put("filter", "{\"status\":\"active\"}"));
    clock.advance(Duration.ofMinutes(7));
    Instant rendered = clock.instant();
    Reply r = get(owner, BASE + "/" + id + ".xlsx");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type"))
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    assertThat(r.header("Content-Disposition"))
        .isEqualTo(
            "attachment; filename=\"contacts-"
                + LocalDate.ofInstant(rendered, ZoneOffset.UTC)
                + ".xlsx\"");
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");

    Map<String, Map<String, String>> expected =
        expectedContacts(l -> "active".equals(l.path("status_label").asText()));
    LocalDateTime created = LocalDateTime.ofInstant(START, ZoneOffset.UTC);
    try (ReadableWorkbook wb =
        new ReadableWorkbook(new ByteArrayInputStream(r.body()), new ReadingOptions(true, false))) {
      List<Row> rows = wb.getFirstSheet().read();
      assertThat(rows.get(0).stream().map(Cell::asString).toList())
          .containsExactlyElementsOf(COLUMNS);
      assertThat(rows).hasSize(1 + expected.size());
      for (Row row : rows.subList(1, rows.size())) {
        Map<String, String> want = expected.get(row.getCellAsString(0).orElseThrow());
        assertThat(want).as(row.toString()).isNotNull();
        for (int i = 0; i < COLUMNS.size(); i++) {
          String column = COLUMNS.get(i);
          Optional<Cell> cell = row.getOptionalCell(i).filter(c -> c.getType() != CellType.EMPTY);
          String value = want.get(column);
          switch (column) {
            case "custom.Seats" -> {
              if (value.isEmpty()) {
                assertThat(cell).as(column).isEmpty();
              } else {
                assertThat(cell.orElseThrow().getType()).as(column).isEqualTo(CellType.NUMBER);
                assertThat(cell.orElseThrow().asNumber()).isEqualByComparingTo(value);
              }
            }
            case "custom.Renewal" -> {
              if (value.isEmpty()) {
                assertThat(cell).as(column).isEmpty();
              } else {
                assertDate(cell.orElseThrow(), LocalDate.parse(value).atStartOfDay());
              }
            }
            case "created_at", "updated_at" -> assertDate(cell.orElseThrow(), created);
            default -> {
              if (value.isEmpty()) {
                assertThat(cell).as(column).isEmpty();
              } else {
                // Text cells hold the exact text: no formula, no protective prefix.
                assertThat(cell.orElseThrow().getType()).as(column).isEqualTo(CellType.STRING);
                assertThat(cell.orElseThrow().asString()).as(column).isEqualTo(value);
              }
            }
          }
        }
      }
      Map<String, Row> byName = new LinkedHashMap<>();
      rows.subList(1, rows.size()).forEach(row -> byName.put(row.getCellText(4), row));
      Row ann = byName.get("Ann");
      assertThat(ann.getCellText(COLUMNS.indexOf("title"))).isEqualTo("-CEO");
      assertThat(ann.getCell(COLUMNS.indexOf("custom.Notes")).getType()).isEqualTo(CellType.STRING);
      assertThat(ann.getCellText(COLUMNS.indexOf("custom.Notes")))
          .isEqualTo("=HYPERLINK(\"http://evil.example\",\"click\")");
      assertThat(byName).containsKey("@SUM(A1:A9)");
      assertThat(byName.get("Cy Ng").getCellAsNumber(COLUMNS.indexOf("custom.Seats")))
          .contains(new BigDecimal("-42"));
      assertThat(rows.stream().flatMap(Row::stream).filter(Objects::nonNull).map(Cell::getType))
          .doesNotContain(CellType.FORMULA, CellType.ERROR);
    }
    JsonNode after = get(owner, BASE + "/" + id).json().path("data").path("attributes");
    assertThat(after.path("export_at").asText()).isEqualTo(seconds(rendered));
    assertThat(after.path("updated_at").asText()).isEqualTo(seconds(rendered));
  }

  /** A date cell: numeric, formatted as a date, holding {@code want} to the second. */
  static void assertDate(Cell cell, LocalDateTime want) {
    assertThat(cell.getType()).as(cell.toString()).isEqualTo(CellType.NUMBER);
    assertThat(cell.getDataFormatString()).as(cell.toString()).contains("yy").contains("mm");
    LocalDateTime got = cell.asDate();
    // A serial day number is a double: microseconds survive only approximately.
    assertThat(Duration.between(want, got).abs()).isLessThan(Duration.ofMillis(1));
  }

  @Test
  void aStoredFilterOnADeletedCustomFieldIsA422AtRenderTime() {
    Reply f =
        native_(
            "POST",
            "/api/v1/custom_fields",
            owner,
            Json.object().put("name", "Tier").put("type", "text"));
    String fieldId = f.json().path("id").asText();
    String id = created(owner, Json.object().set("filter", Json.object().put("Tier", "gold")));
    assertThat(get(owner, BASE + "/" + id + ".csv").status()).isEqualTo(200);
    assertThat(native_("DELETE", "/api/v1/custom_fields/" + fieldId, owner, null).status())
        .isEqualTo(204);

    Reply r = get(owner, BASE + "/" + id + ".csv");
    JsonNode error =
        assertJsonApiError(r, 422, "stale_filter", "/data/attributes/params/filter/Tier");
    assertThat(error.path("detail").asText()).contains("Unknown filter Tier");
    assertThat(r.header("Content-Disposition")).isNull();
    assertThat(get(owner, BASE + "/" + id).status()).isEqualTo(200);
  }

  // --- failures --------------------------------------------------------------------------------

  @Test
  void anotherMediaTypeIs415() {
    // application/json is accepted since issue 14 (MPDX's API takes it): text/plain stands in.
    Reply r =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer " + owner.secret())
                    .header("Content-Type", "text/plain")
                    .POST(body(document(Json.object()))));
    JsonNode e = assertJsonApiError(r, 415, "unsupported_media_type", null);
    assertThat(e.path("source").path("header").asText()).isEqualTo("Content-Type");

    Reply ext =
        send(
            owner,
            "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"",
            document(Json.object()));
    assertJsonApiError(ext, 415, "unsupported_media_type", null);

    Reply none =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer " + owner.secret())
                    .POST(body(document(Json.object()))));
    assertJsonApiError(none, 415, "unsupported_media_type", null);

    // What this surface sends back is fine to send too.
    assertThat(send(owner, MEDIA, document(Json.object())).status()).isEqualTo(201);
  }

  @Test
  void anAcceptHeaderThatOnlyNamesJsonApiWithParametersIs406() {
    Reply r =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer " + owner.secret())
                    .header("Content-Type", "application/vnd.api+json")
                    .header("Accept", "application/vnd.api+json; version=2")
                    .POST(body(document(Json.object()))));
    assertJsonApiError(r, 406, "not_acceptable", null);
  }

  @Test
  void anotherResourceTypeIsAConflict() {
    ObjectNode doc = document(Json.object());
    ((ObjectNode) doc.path("data")).put("type", "contacts");
    assertJsonApiError(post(owner, doc), 409, "type_mismatch", "/data/type");

    ObjectNode missing = document(Json.object());
    ((ObjectNode) missing.path("data")).remove("type");
    assertJsonApiError(post(owner, missing), 400, "invalid_parameter", "/data/type");
  }

  @Test
  void aClientGeneratedIdIsForbidden() {
    ObjectNode doc = document(Json.object());
    ((ObjectNode) doc.path("data")).put("id", "011ad45b-07f1-4afa-9e50-47bd78be5062");
    assertJsonApiError(post(owner, doc), 403, "client_id_unsupported", "/data/id");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"colour\":1}}}"
            + "|/data/attributes/colour",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"export_at\":null}}}"
            + "|/data/attributes/export_at",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":{\"filters\":{}}}}}"
            + "|/data/attributes/params/filters",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":\"x\"}}}"
            + "|/data/attributes/params",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"created_at\":\"yesterday\"}}}"
            + "|/data/attributes/created_at",
        "{\"data\":{\"type\":\"export_logs\",\"relationships\":{}}}|/data/relationships",
        "{\"data\":{\"type\":\"export_logs\"},\"included\":[]}|/included",
        "{\"data\":[]}|/data",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":{\"filter\":"
            + "{\"source\":\"a\\u0000b\"}}}}}|/data/attributes/params/filter/source",
        "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":{\"filter\":"
            + "\"{\\\"source\\\":\\\"a\\\\u0000b\\\"}\"}}}}|/data/attributes/params/filter/source",
      })
  void badDocumentsAre400sWithThePointerOfTheCulprit(String body, String pointer) {
    Reply r = send(owner, "application/vnd.api+json", body);
    JsonNode e = assertJsonApiError(r, 400, "invalid_parameter", pointer);
    assertThat(e.path("detail").asText()).isNotBlank();
  }

  @Test
  void timestampsTheSeedListsAsRequestParametersAreAcceptedButServerAssigned() {
    ObjectNode doc = document(Json.object().put("filter", "{}"));
    ((ObjectNode) doc.path("data").path("attributes"))
        .put("created_at", "2017-07-28T15:19:32Z")
        .put("updated_in_db_at", "2017-07-28T15:19:32Z");
    Reply r = post(owner, doc);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    assertThat(r.json().path("data").path("attributes").path("created_at").asText())
        .isEqualTo(seconds(clock.instant()));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"Seats\":\"five\"}|/data/attributes/params/filter/Seats",
        "{\"source\":[\"x\",7]}|/data/attributes/params/filter/source/1",
        "{\"source\":[]}|/data/attributes/params/filter/source",
        "{\"Renewal\":\"May\"}|/data/attributes/params/filter/Renewal",
        "{\"a/b\":1}|/data/attributes/params/filter/a~1b",
        "[1]|/data/attributes/params/filter",
      })
  void badFiltersAre400sWithTheirExactPointerAsObjectsAndAsStrings(String filter, String pointer)
      throws Exception {
    JsonNode asObject = Json.parse(filter);
    assertJsonApiError(
        post(owner, document(Json.object().set("filter", asObject))),
        400,
        "invalid_parameter",
        pointer);
    assertJsonApiError(
        post(owner, document(Json.object().put("filter", filter))),
        400,
        "invalid_parameter",
        pointer);
  }

  @Test
  void aStringFilterThatIsNotJsonPointsAtTheFilter() {
    assertJsonApiError(
        post(owner, document(Json.object().put("filter", "{not json"))),
        400,
        "invalid_parameter",
        "/data/attributes/params/filter");
  }

  @Test
  void anUnknownFilterFieldNamesTheValidOnes() {
    Reply r = post(owner, document(Json.object().put("filter", "{\"colour\":\"red\"}")));
    JsonNode e =
        assertJsonApiError(r, 400, "invalid_parameter", "/data/attributes/params/filter/colour");
    assertThat(e.path("detail").asText())
        .contains("Unknown filter colour")
        .contains("status")
        .contains("source")
        .contains("ids")
        .contains("custom field");
  }

  @Test
  void malformedJsonIsA400InJsonApiShape() {
    Reply r = send(owner, "application/vnd.api+json", "{\"data\":");
    assertJsonApiError(r, 400, "invalid_json", null);
    Reply empty = send(owner, "application/vnd.api+json", "");
    assertJsonApiError(empty, 400, "invalid_parameter", null);
  }

  @Test
  void anotherWorkspacesExportLogIsNotFound() {
    String id = created(owner, Json.object().put("filter", "{}"));
    for (String suffix : List.of("", ".csv", ".xlsx")) {
      Reply r = get(other, BASE + "/" + id + suffix);
      JsonNode e = assertJsonApiError(r, 404, "not_found", null);
      assertThat(e.path("detail").asText()).contains(id);
    }
    assertJsonApiError(
        get(owner, BASE + "/" + java.util.UUID.randomUUID()), 404, "not_found", null);
  }

  @Test
  void missingOrWrongCredentialsAre401InJsonApiShape() {
    String id = created(owner, Json.object().put("filter", "{}"));
    Reply r = server.send(BASE + "/" + id, b -> b.GET());
    assertJsonApiError(r, 401, "unauthorized", null);
    assertThat(r.header("WWW-Authenticate")).contains("Bearer");

    Reply post =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer lp_nope")
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(body(document(Json.object()))));
    assertJsonApiError(post, 401, "unauthorized", null);
    assertThat(post.header("WWW-Authenticate")).isNotBlank();
  }

  @Test
  void aKeyWithoutTheExportScopeIs403() {
    Key reader = key(owner.workspaceId(), "leads.read");
    assertJsonApiError(post(reader, document(Json.object())), 403, "insufficient_scope", null);
    String id = created(owner, Json.object().put("filter", "{}"));
    assertJsonApiError(get(reader, BASE + "/" + id + ".csv"), 403, "insufficient_scope", null);
  }

  @Test
  void anUnknownExtensionIsA400NamingTheFormatsInJsonApiShape() {
    String id = created(owner, Json.object().put("filter", "{}"));
    JsonNode e =
        assertJsonApiError(get(owner, BASE + "/" + id + ".pdf"), 400, "unsupported_format", null);
    assertThat(e.path("detail").asText()).contains(".pdf").contains(".csv").contains(".xlsx");
  }

  @Test
  void queryParametersAreRefusedNamingTheParameter() {
    String id = created(owner, Json.object().put("filter", "{}"));
    // include=user is served since issue 14; sort and page still are not.
    for (String param : List.of("sort", "page[size]")) {
      String query = param.replace("[", "%5B").replace("]", "%5D");
      Reply r = get(owner, BASE + "/" + id + "?" + query + "=1");
      JsonNode e = assertJsonApiError(r, 400, "invalid_parameter", null);
      assertThat(e.path("source").path("parameter").asText()).isEqualTo(param);
    }
  }

  @Test
  void otherMethodsAre405InJsonApiShape() {
    String id = created(owner, Json.object().put("filter", "{}"));
    Reply r = server.send(BASE + "/" + id, b -> b.DELETE());
    assertJsonApiError(r, 405, "method_not_allowed", null);
    assertThat(r.header("Allow")).isEqualTo("GET");
    Reply list = get(owner, BASE);
    assertJsonApiError(list, 405, "method_not_allowed", null);
    assertThat(list.header("Allow")).isEqualTo("POST");
  }

  @Test
  void theRateLimitIsA429WithRetryAfterInJsonApiShape() {
    try (TestServer limited = TestServer.start(java.time.Clock.systemUTC(), 2)) {
      String ws = limited.createWorkspace("limited");
      String secret = limited.createKey(ws, "leads.export");
      Reply last = null;
      for (int i = 0; i < 3; i++) {
        last =
            limited.send(
                BASE + "/" + java.util.UUID.randomUUID(),
                b -> b.header("Authorization", "Bearer " + secret).GET());
      }
      assertJsonApiError(last, 429, "rate_limited", null);
      assertThat(last.header("Retry-After")).matches("\\d+");
      assertThat(last.header("X-RateLimit-Limit")).isEqualTo("2");
    }
  }

  // --- helpers ---------------------------------------------------------------------------------

  /** The exact shape of the seed's export_logs resource, with Leadport's self link. */
  static void assertExportLog(
      JsonNode doc, String id, JsonNode params, Instant created, Instant exported) {
    assertThat(fieldNames(doc)).containsExactly("data");
    JsonNode data = doc.path("data");
    assertThat(fieldNames(data))
        .containsExactly("id", "type", "attributes", "relationships", "links");
    assertThat(data.path("id").asText())
        .isEqualTo(id)
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    assertThat(data.path("type").asText()).isEqualTo("export_logs");
    JsonNode a = data.path("attributes");
    assertThat(fieldNames(a))
        .containsExactly(
            "created_at", "export_at", "params", "type", "updated_at", "updated_in_db_at");
    assertThat(a.path("created_at").asText()).isEqualTo(seconds(created));
    assertThat(a.path("export_at").asText()).isEqualTo(seconds(exported));
    assertThat(a.path("updated_at").asText()).isEqualTo(seconds(exported));
    assertThat(a.path("updated_in_db_at").asText()).isEqualTo(seconds(exported));
    assertThat(a.path("params")).isEqualTo(params);
    assertThat(a.path("type").asText()).isEqualTo("Contacts");
    ObjectNode user = Json.object();
    user.putObject("data").put("id", owner.id()).put("type", "users");
    assertThat(data.path("relationships")).isEqualTo(Json.object().set("user", user));
    assertThat(data.path("links"))
        .isEqualTo(Json.object().put("self", server.url(BASE + "/" + id)));
  }

  /** The CSV columns, in order: the export engine's contact rows. */
  static final List<String> COLUMNS =
      List.of(
          "id",
          "lead_id",
          "lead_display_name",
          "lead_status_label",
          "name",
          "title",
          "primary_email",
          "emails",
          "primary_phone",
          "phones",
          "primary_url",
          "urls",
          "custom.Notes",
          "custom.Renewal",
          "custom.Seats",
          "created_at",
          "updated_at");

  /** Columns that are not text: never made formula-safe. */
  static final Set<String> TYPED = Set.of("custom.Renewal", "custom.Seats");

  /** RFC 3339 UTC with microseconds: the export engine's native instants. */
  static final String MICROS = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

  /**
   * The CSV holds exactly one row per contact of the live leads {@code selected} accepts, each cell
   * equal to what the native API says (text made formula-safe).
   */
  static void assertRowsAreTheContactsOf(Reply csv, Predicate<JsonNode> selected) {
    List<CsvRecord> rows = rows(csv);
    assertThat(rows.get(0).getFields()).containsExactlyElementsOf(COLUMNS);
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    expectedContacts(selected)
        .forEach((id, raw) -> {
          Map<String, String> row = new LinkedHashMap<>();
          raw.forEach((k, v) -> row.put(k, TYPED.contains(k) ? v : safe(v)));
          expected.put(id, row);
        });
    Map<String, Map<String, String>> actual = new LinkedHashMap<>();
    for (CsvRecord record : rows.subList(1, rows.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < COLUMNS.size(); i++) {
        row.put(COLUMNS.get(i), record.getField(i));
      }
      assertThat(row.remove("created_at")).matches(MICROS);
      assertThat(row.remove("updated_at")).matches(MICROS);
      assertThat(actual.put(row.get("id"), row)).as("contact %s twice", row.get("id")).isNull();
    }
    assertThat(actual).isEqualTo(expected);
  }

  /**
   * Contact id → column → value as the native API ({@code GET /api/v1/leads}) has it, for every
   * contact of the live leads {@code selected} accepts; "" for none. Without the timestamps, which
   * the native contact JSON does not carry.
   */
  static Map<String, Map<String, String>> expectedContacts(Predicate<JsonNode> selected) {
    Map<String, Map<String, String>> expected = new LinkedHashMap<>();
    for (JsonNode lead : nativeLeads()) {
      if (!lead.path("deleted_at").isNull() || !selected.test(lead)) {
        continue;
      }
      for (JsonNode c : lead.path("contacts")) {
        Map<String, String> row = new LinkedHashMap<>();
        row.put("id", c.path("id").asText());
        row.put("lead_id", lead.path("id").asText());
        row.put("lead_display_name", text(lead.path("display_name")));
        row.put("lead_status_label", text(lead.path("status_label")));
        row.put("name", text(c.path("name")));
        row.put("title", text(c.path("title")));
        channels(row, c.path("emails"), "email");
        channels(row, c.path("phones"), "phone");
        channels(row, c.path("urls"), "url");
        row.put("custom.Notes", custom(lead, "Notes"));
        row.put("custom.Renewal", custom(lead, "Renewal"));
        row.put("custom.Seats", custom(lead, "Seats"));
        expected.put(row.get("id"), row);
      }
    }
    return expected;
  }

  static void channels(Map<String, String> row, JsonNode list, String key) {
    List<String> values = new ArrayList<>();
    list.forEach(v -> values.add(v.path(key).asText()));
    row.put("primary_" + key, values.isEmpty() ? "" : values.get(0));
    row.put(key + "s", String.join(", ", values));
  }

  /** A lead's custom value as CSV text: stored under the field's id (or, failing that, name). */
  static String custom(JsonNode lead, String name) {
    JsonNode custom = lead.path("custom");
    JsonNode v = custom.has(fieldIds.get(name)) ? custom.get(fieldIds.get(name)) : custom.get(name);
    return v == null || v.isNull() ? "" : v.asText();
  }

  /** What PRODUCT §5 wants of a CSV text cell, written out independently of the product's code. */
  static String safe(String v) {
    if (v.isEmpty()) {
      return v;
    }
    String trimmed = v.stripLeading();
    char first = v.charAt(0);
    if (first == '\t' || first == '\r' || first == '\n') {
      return "'" + v;
    }
    if (!trimmed.isEmpty() && "=+-@＝＋－＠".indexOf(trimmed.charAt(0)) >= 0) {
      return "'" + v;
    }
    return v;
  }

  static String text(JsonNode v) {
    return v == null || v.isNull() || v.isMissingNode() ? "" : v.asText();
  }

  static List<JsonNode> nativeLeads() {
    Reply r = native_("GET", "/api/v1/leads?limit=200", owner, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.json().path("has_more").asBoolean()).isFalse();
    List<JsonNode> out = new ArrayList<>();
    r.json().path("data").forEach(out::add);
    return out;
  }

  static List<CsvRecord> rows(Reply csv) {
    assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder()
        .ofCsvRecord(new String(csv.body(), StandardCharsets.UTF_8))
        .forEach(out::add);
    return out;
  }

  static List<String> column(List<CsvRecord> rows, String header) {
    int i = rows.get(0).getFields().indexOf(header);
    assertThat(i).as(header).isGreaterThanOrEqualTo(0);
    return rows.subList(1, rows.size()).stream().map(r -> r.getField(i)).toList();
  }

  /** Rows as header → value maps, keyed by {@code a/b} of two columns. */
  static Map<String, Map<String, String>> byColumn(List<CsvRecord> rows, String a, String b) {
    List<String> header = rows.get(0).getFields();
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    for (CsvRecord record : rows.subList(1, rows.size())) {
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), record.getField(i));
      }
      out.put(row.get(a) + "/" + row.get(b), row);
    }
    return out;
  }

  /** Exact JSON:API error shape; returns the one error object. */
  static JsonNode assertJsonApiError(Reply r, int status, String code, String pointer) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).isEqualTo(MEDIA);
    JsonNode body = r.json();
    assertThat(fieldNames(body)).containsExactly("errors");
    assertThat(body.path("errors")).hasSize(1);
    JsonNode e = body.path("errors").get(0);
    assertThat(e.path("status").isTextual()).isTrue();
    assertThat(e.path("status").asText()).isEqualTo(Integer.toString(status));
    assertThat(e.path("code").asText()).as(r.toString()).isEqualTo(code);
    assertThat(e.path("title").asText()).isNotBlank();
    assertThat(e.path("detail").asText()).isNotBlank();
    assertThat(e.path("id").asText()).isEqualTo(r.header("X-Request-Id"));
    if (pointer != null) {
      assertThat(e.path("source").path("pointer").asText()).as(r.toString()).isEqualTo(pointer);
    }
    return e;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> out = new ArrayList<>();
    Iterator<String> names = node.fieldNames();
    names.forEachRemaining(out::add);
    return out;
  }

  static String seconds(Instant t) {
    return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
  }

  static ObjectNode document(JsonNode params) {
    ObjectNode doc = Json.object();
    ObjectNode data = doc.putObject("data").put("type", "export_logs");
    data.putObject("attributes").set("params", params);
    return doc;
  }

  static String created(Key key, JsonNode params) {
    Reply r = post(key, document(params));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("data").path("id").asText();
  }

  static Reply post(Key key, JsonNode doc) {
    return send(key, "application/vnd.api+json", Json.text(doc));
  }

  static Reply send(Key key, String contentType, Object doc) {
    String text = doc instanceof String s ? s : Json.text(doc);
    return server.send(
        BASE,
        b ->
            b.header("Authorization", "Bearer " + key.secret())
                .header("Content-Type", contentType)
                .POST(body(text)));
  }

  static Reply get(Key key, String path) {
    return server.send(
        path,
        b ->
            b.header("Authorization", "Bearer " + key.secret())
                .header("Accept", "application/vnd.api+json")
                .GET());
  }

  static HttpRequest.BodyPublisher body(Object doc) {
    String text = doc instanceof String s ? s : Json.text(doc);
    return HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8);
  }

  static Reply native_(String method, String path, Key key, JsonNode body) {
    return server.call(method, path, key.secret(), body);
  }

  static Key key(String workspaceId, String... scopes) {
    ObjectNode body = Json.object().put("name", "jsonapi");
    ArrayNode array = body.putArray("scopes");
    for (String s : scopes) {
      array.add(s);
    }
    Reply r = server.admin("POST", "/admin/v1/workspaces/" + workspaceId + "/api-keys", body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return new Key(workspaceId, r.json().path("id").asText(), r.json().path("key").asText());
  }

  static void field(String name, String type) {
    Reply r =
        native_(
            "POST",
            "/api/v1/custom_fields",
            owner,
            Json.object().put("name", name).put("type", type));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    fieldIds.put(name, r.json().path("id").asText());
  }

  static ObjectNode lead(String name, String status, String source) {
    ObjectNode lead = Json.object().put("name", name).put("source", source);
    if (status != null) {
      lead.put("status_label", status);
    }
    return lead;
  }

  static ObjectNode contact(ObjectNode lead, String name, String title) {
    ArrayNode contacts =
        lead.has("contacts") ? (ArrayNode) lead.get("contacts") : lead.putArray("contacts");
    ObjectNode c = contacts.addObject().put("name", name);
    if (title != null) {
      c.put("title", title);
    }
    return c;
  }

  static ObjectNode channel(String key, String value) {
    return Json.object().put(key, value);
  }
}
