package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.export.writer.FormulaSafety;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * HubSpot's export API end to end: start, poll, download, and the files read back with FastCSV and
 * java.util.zip against the native API's data; languages, internal names and values, VIEW and LIST,
 * zips and splitting (thresholds lowered through the settings).
 */
class HubSpotExportIT {
  static final int LEADS = 120;

  static TestServer server;
  static Tenant t;
  static List<JsonNode> leads;

  @BeforeAll
  static void start() {
    // CSV over 4 KB is zipped, and files hold 50 rows: small enough to see both with 120 leads.
    // A rate limit out of the way: the tests poll every 50 ms, past HubSpot's 100 per 10 s.
    server =
        TestServer.builder().rateLimit(100_000).exports(e -> e.withHubSpotFiles(4_096, 50)).start();
    t = server.tenant("hubspot-export");
    server.seed(t.workspaceId(), LEADS, 11);
    leads = AsyncExports.nativeLeads(server, t.key());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Starts an export, waits for COMPLETE and returns the final status. */
  static JsonNode run(ObjectNode body) throws InterruptedException {
    Reply started = server.call("POST", "/crm/v3/exports/export/async", t.key(), body);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String id = started.json().path("id").asText();
    assertThat(id).matches("[1-9][0-9]*");
    assertThat(started.json().path("links").path("status").asText())
        .isEqualTo(server.url("/crm/v3/exports/export/async/tasks/" + id + "/status"));
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      Reply r =
          server.call("GET", "/crm/v3/exports/export/async/tasks/" + id + "/status", t.key(), null);
      assertThat(r.status()).isEqualTo(200);
      String status = r.json().path("status").asText();
      assertThat(status).isIn("PENDING", "PROCESSING", "COMPLETE");
      if (status.equals("COMPLETE")) {
        assertThat(r.json().path("numErrors").asInt()).as(r.text()).isZero();
        return r.json();
      }
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  /** Leadport's own keys: the attempts a task had and may have (docs/operations.md, "Retries"). */
  @Test
  void theTaskStatusShowsItsAttemptsAndTheirBound() throws Exception {
    JsonNode done = run(view("CONTACT", "CSV", "email"));
    assertThat(done.path("attempts").asInt()).isEqualTo(1);
    // And the change feed cursor of its snapshot (docs/changes.md), once COMPLETE.
    assertThat(done.path("changesCursor").asText()).matches("[A-Za-z0-9_-]+");
    assertThat(done.path("maxAttempts").asInt())
        .isEqualTo(server.settings().exports().resilience().jobAttempts());
    String seq = done.path("id").asText();
    server
        .leadport()
        .services()
        .database()
        .jdbi()
        .useHandle(h ->
            h.createUpdate(
                    "update export_jobs set attempts = 3 where workspace_id = :ws and seq = :seq")
                .bind("ws", t.workspaceId())
                .bind("seq", Long.parseLong(seq))
                .execute());
    Reply retried =
        server.call("GET", "/crm/v3/exports/export/async/tasks/" + seq + "/status", t.key(), null);
    assertThat(retried.json().path("attempts").asInt()).isEqualTo(3);
    assertThat(retried.json().path("status").asText()).isEqualTo("COMPLETE");
  }

  static ObjectNode view(String objectType, String format, String... properties) {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", format)
            .put("exportName", "it-" + objectType.toLowerCase(Locale.ROOT))
            .put("language", "EN")
            .put("objectType", objectType);
    var props = body.putArray("objectProperties");
    for (String p : properties) {
      props.add(p);
    }
    return body;
  }

  static Reply download(JsonNode status) {
    Reply r = AsyncExports.get(status.path("result").asText(), b -> b);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Encoding")).isNull();
    assertThat(r.header("Cache-Control")).isEqualTo("no-store");
    return r;
  }

  static List<CsvRecord> csv(byte[] bytes) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  /** The entries of a zip, by name, in order. */
  static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), in.readAllBytes());
      }
    }
    return out;
  }

  /**
   * Every CSV row of a download, whether one file or a zip of parts (each with its header) and the
   * schema naming that header.
   */
  static List<CsvRecord> rows(Reply download, List<String> header) throws IOException {
    List<byte[]> files = new ArrayList<>();
    if ("application/zip".equals(download.header("Content-Type"))) {
      Map<String, byte[]> entries = unzip(download.body());
      // The last entry is the export's column schema (docs/schema.md), not a part.
      assertThat(entries.keySet()).last().isEqualTo("schema.json");
      JsonNode schema =
          Json.parse(new String(entries.remove("schema.json"), StandardCharsets.UTF_8));
      assertThat(schema.path("columns").findValuesAsText("name")).isEqualTo(header);
      files.addAll(entries.values());
    } else {
      files.add(download.body());
    }
    List<CsvRecord> out = new ArrayList<>();
    for (byte[] f : files) {
      List<CsvRecord> rows = csv(f);
      assertThat(rows.get(0).getFields()).isEqualTo(header);
      out.addAll(rows.subList(1, rows.size()));
    }
    return out;
  }

  @Test
  void contactsViewExportsEveryContactWithLabelsAndIsSplitAndZipped() throws Exception {
    JsonNode status = run(view("CONTACT", "CSV", "hs_object_id", "email", "jobtitle", "company"));
    Reply download = download(status);
    assertThat(download.header("Content-Type")).isEqualTo("application/zip");
    assertThat(download.header("Content-Disposition")).contains("it-contact.zip");
    Map<String, byte[]> entries = unzip(download.body());
    int contacts = 0;
    Map<String, JsonNode> byId = new HashMap<>();
    Map<String, String> leadName = new HashMap<>();
    for (JsonNode l : leads) {
      for (JsonNode c : l.path("contacts")) {
        byId.put(c.path("id").asText(), c);
        leadName.put(c.path("id").asText(), l.path("display_name").asText());
        contacts++;
      }
    }
    // 50 rows a file: the parts are it-contact-1.csv, -2, … and only the last is short.
    int files = (contacts + 49) / 50;
    // ... and the schema.json after them.
    assertThat(entries.keySet()).hasSize(files + 1);
    assertThat(entries.keySet()).first().isEqualTo("it-contact-1.csv");
    HubSpotLabels en = HubSpotLabels.of("EN");
    List<String> header =
        List.of(
            en.header(HubSpotObject.CONTACTS, "hs_object_id"),
            en.header(HubSpotObject.CONTACTS, "email"),
            en.header(HubSpotObject.CONTACTS, "jobtitle"),
            en.header(HubSpotObject.CONTACTS, "company"));
    List<CsvRecord> rows = rows(download, header);
    assertThat(rows).hasSize(contacts);
    Set<String> seen = new HashSet<>();
    for (CsvRecord r : rows) {
      JsonNode c = byId.get(r.getField(0));
      assertThat(c).as("contact %s", r.getField(0)).isNotNull();
      assertThat(seen.add(r.getField(0))).isTrue();
      assertThat(r.getField(1))
          .isEqualTo(FormulaSafety.text(c.path("emails").path(0).path("email").asText("")));
      assertThat(r.getField(2)).isEqualTo(FormulaSafety.text(c.path("title").asText("")));
      assertThat(r.getField(3)).isEqualTo(FormulaSafety.text(leadName.get(r.getField(0))));
    }
  }

  /** How many HubSpot exports of {@code format} have read their rows by {@code route} so far. */
  static double routed(String format, String route) {
    Reply r = server.admin("GET", "/metrics", null);
    assertThat(r.status()).isEqualTo(200);
    Matcher m =
        Pattern.compile(
                "(?m)^"
                    + Pattern.quote(
                        "leadport_export_routes_total{format=\""
                            + format
                            + "\",route=\""
                            + route
                            + "\",surface=\"hubspot\"")
                    + ",?} (\\S+)$")
            .matcher(r.text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /**
   * The CSV writer picks PostgreSQL's COPY for every HubSpot CSV export, split into parts inside a
   * zip or not; spreadsheet rows are read by cursor.
   */
  @Test
  void csvIsReadByCopyEvenWhenSplitIntoPartsAndSpreadsheetsByCursor() throws Exception {
    double copied = routed("csv", "copy");
    Reply parts = download(run(view("CONTACT", "CSV", "hs_object_id", "email")));
    assertThat(parts.header("Content-Type")).isEqualTo("application/zip");
    assertThat(unzip(parts.body()).keySet()).hasSizeGreaterThan(1);
    ObjectNode few = view("DEAL", "CSV", "hs_object_id");
    few.putObject("publicCrmSearchRequest")
        .putArray("filters")
        .addObject()
        .put("propertyName", "amount")
        .put("operator", "GT")
        .put("value", "40000");
    Reply plain = download(run(few));
    assertThat(plain.header("Content-Type")).startsWith("text/csv");
    assertThat(routed("csv", "copy")).isGreaterThanOrEqualTo(copied + 2);
    assertThat(routed("csv", "cursor")).isZero();
    double cursor = routed("xlsx", "cursor");
    run(view("COMPANY", "XLSX", "hs_object_id"));
    assertThat(routed("xlsx", "cursor")).isGreaterThanOrEqualTo(cursor + 1);
    assertThat(routed("xlsx", "copy")).isZero();
  }

  @Test
  void aSmallCsvIsServedPlainAndViewFiltersAndSortsSelectTheRows() throws Exception {
    // Under 50 rows and 4 KB: one plain CSV file.
    ObjectNode body = view("DEAL", "CSV", "hs_object_id", "amount");
    ObjectNode search = body.putObject("publicCrmSearchRequest");
    search
        .putArray("filters")
        .addObject()
        .put("propertyName", "amount")
        .put("operator", "GT")
        .put("value", "40000");
    search.putArray("sorts").addObject().put("propertyName", "amount").put("order", "DES");
    JsonNode status = run(body);
    Reply download = download(status);
    assertThat(download.header("Content-Type")).startsWith("text/csv");
    List<String> expected = new ArrayList<>();
    Map<String, BigDecimal> amounts = new HashMap<>();
    for (JsonNode l : leads) {
      for (JsonNode o : l.path("opportunities")) {
        if (o.path("value").isNumber() && o.path("value").asLong() > 4_000_000) {
          expected.add(o.path("id").asText());
          amounts.put(o.path("id").asText(), BigDecimal.valueOf(o.path("value").asLong(), 2));
        }
      }
    }
    assertThat(expected).isNotEmpty().hasSizeLessThan(50);
    List<CsvRecord> rows = csv(download.body());
    List<String> ids = new ArrayList<>();
    BigDecimal previous = null;
    for (CsvRecord r : rows.subList(1, rows.size())) {
      ids.add(r.getField(0));
      BigDecimal amount = new BigDecimal(r.getField(1));
      assertThat(amount).isEqualByComparingTo(amounts.get(r.getField(0)));
      if (previous != null) {
        assertThat(amount).isLessThanOrEqualTo(previous);
      }
      previous = amount;
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void listExportsHoldTheListsCompaniesOnly() throws Exception {
    Reply list = server.call("POST", "/api/v1/lists", t.key(), Json.object().put("name", "vip"));
    assertThat(list.status()).as(list.text()).isEqualTo(201);
    String listId = list.json().path("id").asText();
    List<String> members =
        List.of(leads.get(3).path("id").asText(), leads.get(17).path("id").asText());
    ObjectNode add = Json.object();
    members.forEach(add.putArray("lead_ids")::add);
    assertThat(server.call("POST", "/api/v1/lists/" + listId + "/members", t.key(), add).status())
        .isBetween(200, 204);
    ObjectNode body = view("COMPANY", "CSV", "hs_object_id", "name");
    body.put("exportType", "LIST").put("listId", listId);
    List<CsvRecord> rows = csv(download(run(body)).body());
    assertThat(rows.subList(1, rows.size()).stream().map(r -> r.getField(0)).toList())
        .containsExactlyInAnyOrderElementsOf(members);
  }

  @Test
  void internalNamesAndValuesReplaceLabels() throws Exception {
    ObjectNode body = view("COMPANY", "CSV", "hs_object_id", "hs_lead_status");
    body.put("language", "DE");
    body.putArray("exportInternalValuesOptions").add("NAMES").add("VALUES");
    List<CsvRecord> rows = rows(download(run(body)), List.of("hs_object_id", "hs_lead_status"));
    assertThat(rows).hasSize(LEADS);
    Map<String, String> statusIds = new HashMap<>();
    leads.forEach(l -> statusIds.put(l.path("id").asText(), l.path("status_id").asText("")));
    for (CsvRecord r : rows) {
      assertThat(r.getField(1)).isEqualTo(statusIds.get(r.getField(0)));
    }
    ObjectNode labelled = view("COMPANY", "CSV", "hs_object_id", "hs_lead_status");
    labelled.put("language", "DE");
    HubSpotLabels de = HubSpotLabels.of("DE");
    List<CsvRecord> withLabels =
        rows(
            download(run(labelled)),
            List.of(
                de.header(HubSpotObject.COMPANIES, "hs_object_id"),
                de.header(HubSpotObject.COMPANIES, "hs_lead_status")));
    assertThat(withLabels).hasSize(LEADS);
    Map<String, String> statusLabels = new HashMap<>();
    leads.forEach(l -> statusLabels.put(l.path("id").asText(), l.path("status_label").asText("")));
    for (CsvRecord r : withLabels) {
      assertThat(r.getField(1)).isEqualTo(FormulaSafety.text(statusLabels.get(r.getField(0))));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"DE", "EN", "ES", "FI", "FR", "IT", "JA", "NL", "PL", "PT", "SV"})
  void everyLanguageWritesItsOwnHeaders(String language) throws Exception {
    ObjectNode body =
        view("DEAL", "CSV", "hs_object_id", "dealname", "amount", "closedate", "hs_is_closed_won");
    body.put("language", language.toLowerCase(Locale.ROOT));
    ObjectNode search = body.putObject("publicCrmSearchRequest");
    search
        .putArray("filters")
        .addObject()
        .put("propertyName", "hs_is_closed_won")
        .put("operator", "EQ")
        .put("value", "true");
    List<CsvRecord> rows = csv(download(run(body)).body());
    HubSpotLabels labels = HubSpotLabels.of(language);
    List<String> expected = new ArrayList<>();
    for (String p :
        List.of("hs_object_id", "dealname", "amount", "closedate", "hs_is_closed_won")) {
      expected.add(labels.header(HubSpotObject.DEALS, p));
    }
    assertThat(rows.get(0).getFields()).isEqualTo(expected);
    if (!language.equals("EN")) {
      assertThat(expected).isNotEqualTo(englishDealHeaders());
    }
    for (CsvRecord r : rows.subList(1, rows.size())) {
      assertThat(r.getField(4)).isEqualTo(labels.value("bool", "true"));
    }
  }

  static List<String> englishDealHeaders() {
    HubSpotLabels en = HubSpotLabels.of("EN");
    List<String> out = new ArrayList<>();
    for (String p :
        List.of("hs_object_id", "dealname", "amount", "closedate", "hs_is_closed_won")) {
      out.add(en.header(HubSpotObject.DEALS, p));
    }
    return out;
  }

  @Test
  void associatedCompaniesAddTheirIdsAndNames() throws Exception {
    ObjectNode body = view("CONTACT", "CSV", "hs_object_id");
    body.put("associatedObjectType", "COMPANY");
    Reply download = download(run(body));
    Map<String, JsonNode> leadOfContact = new HashMap<>();
    leads.forEach(
        l -> l.path("contacts").forEach(c -> leadOfContact.put(c.path("id").asText(), l)));
    HubSpotLabels en = HubSpotLabels.of("EN");
    List<String> header =
        List.of(
            en.header(HubSpotObject.CONTACTS, "hs_object_id"),
            en.associationHeader(HubSpotObject.COMPANIES, true),
            en.associationHeader(HubSpotObject.COMPANIES, false));
    for (CsvRecord r : rows(download, header)) {
      JsonNode lead = leadOfContact.get(r.getField(0));
      assertThat(r.getField(1)).isEqualTo(lead.path("id").asText());
      assertThat(r.getField(2)).isEqualTo(FormulaSafety.text(lead.path("display_name").asText()));
    }
  }

  /** The won deals of the native data, by id. */
  static Map<String, JsonNode> wonDeals() {
    Map<String, JsonNode> out = new HashMap<>();
    for (JsonNode l : leads) {
      for (JsonNode o : l.path("opportunities")) {
        if (o.path("status_type").asText().equals("won")) {
          out.put(o.path("id").asText(), o);
        }
      }
    }
    assertThat(out).isNotEmpty().hasSizeLessThan(50);
    return out;
  }

  static ObjectNode wonDealsIn(String format) {
    ObjectNode body =
        view("DEAL", format, "hs_object_id", "amount", "closedate", "hs_is_closed_won");
    body.putObject("publicCrmSearchRequest")
        .putArray("filters")
        .addObject()
        .put("propertyName", "hs_is_closed_won")
        .put("operator", "EQ")
        .put("value", "true");
    return body;
  }

  @Test
  void xlsxCellsAreTypedNumbersDatesBooleansAndStrings() throws Exception {
    ObjectNode body = wonDealsIn("xlsx");
    body.putArray("exportInternalValuesOptions").add("VALUES");
    Reply download = download(run(body));
    assertThat(download.header("Content-Type"))
        .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    Map<String, JsonNode> won = wonDeals();
    try (var wb =
        new org.dhatim.fastexcel.reader.ReadableWorkbook(
            new ByteArrayInputStream(download.body()),
            new org.dhatim.fastexcel.reader.ReadingOptions(true, false))) {
      List<org.dhatim.fastexcel.reader.Row> sheet = wb.getFirstSheet().read();
      HubSpotLabels en = HubSpotLabels.of("EN");
      assertThat(sheet.get(0).getCell(1).asString())
          .isEqualTo(en.header(HubSpotObject.DEALS, "amount"));
      assertThat(sheet).hasSize(won.size() + 1);
      for (var row : sheet.subList(1, sheet.size())) {
        JsonNode deal = won.get(row.getCell(0).asString());
        assertThat(deal).isNotNull();
        assertThat(row.getCell(0).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.STRING);
        assertThat(row.getCell(1).getType()).isEqualTo(org.dhatim.fastexcel.reader.CellType.NUMBER);
        assertThat(row.getCell(1).asNumber())
            .isEqualByComparingTo(BigDecimal.valueOf(deal.path("value").asLong(), 2));
        if (deal.path("date_won").isTextual()) {
          assertThat(row.getCell(2).asDate().toLocalDate().toString())
              .isEqualTo(deal.path("date_won").asText());
        }
        assertThat(row.getCell(3).getType())
            .isEqualTo(org.dhatim.fastexcel.reader.CellType.BOOLEAN);
        assertThat(row.getCell(3).asBoolean()).isTrue();
      }
    }
  }

  @Test
  void xlsCellsAreTypedAndLabelledInTheLanguage() throws Exception {
    ObjectNode body = wonDealsIn("XLS");
    body.put("language", "FR");
    Reply download = download(run(body));
    assertThat(download.header("Content-Type")).isEqualTo("application/vnd.ms-excel");
    Map<String, JsonNode> won = wonDeals();
    HubSpotLabels fr = HubSpotLabels.of("FR");
    try (var wb =
        new org.apache.poi.hssf.usermodel.HSSFWorkbook(new ByteArrayInputStream(download.body()))) {
      var sheet = wb.getSheetAt(0);
      assertThat(sheet.getRow(0).getCell(3).getStringCellValue())
          .isEqualTo(fr.header(HubSpotObject.DEALS, "hs_is_closed_won"));
      assertThat(sheet.getLastRowNum()).isEqualTo(won.size());
      for (int r = 1; r <= sheet.getLastRowNum(); r++) {
        var row = sheet.getRow(r);
        JsonNode deal = won.get(row.getCell(0).getStringCellValue());
        assertThat(deal).isNotNull();
        assertThat(row.getCell(1).getNumericCellValue())
            .isEqualTo(deal.path("value").asLong() / 100.0);
        if (deal.path("date_won").isTextual()) {
          assertThat(row.getCell(2).getLocalDateTimeCellValue().toLocalDate().toString())
              .isEqualTo(deal.path("date_won").asText());
        }
        assertThat(row.getCell(3).getStringCellValue()).isEqualTo(fr.value("bool", "true"));
      }
    }
  }

  @Test
  void badRequestsAreHubSpotErrorsNamingTheParameter() {
    ObjectNode unknown = view("CONTACT", "CSV", "email", "favourite_colour");
    Reply r = server.call("POST", "/crm/v3/exports/export/async", t.key(), unknown);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("status").asText()).isEqualTo("error");
    assertThat(r.json().path("category").asText()).isEqualTo("VALIDATION_ERROR");
    assertThat(r.json().path("correlationId").asText()).matches("[0-9a-f-]{36}");
    assertThat(r.json().path("errors").get(0).path("in").asText()).isEqualTo("objectProperties[1]");
    Reply language =
        server.call(
            "POST",
            "/crm/v3/exports/export/async",
            t.key(),
            view("CONTACT", "CSV", "email").put("language", "XX"));
    assertThat(language.status()).isEqualTo(400);
    assertThat(language.json().path("errors").get(0).path("in").asText()).isEqualTo("language");
    Reply format =
        server.call(
            "POST", "/crm/v3/exports/export/async", t.key(), view("CONTACT", "PDF", "email"));
    assertThat(format.status()).isEqualTo(400);
    Reply missing =
        server.call("GET", "/crm/v3/exports/export/async/tasks/999999/status", t.key(), null);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("category").asText()).isEqualTo("OBJECT_NOT_FOUND");
  }
}
