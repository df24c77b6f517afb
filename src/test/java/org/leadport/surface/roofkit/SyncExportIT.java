package org.leadport.surface.roofkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.synthetic.SyntheticData;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

class SyncExportIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    // Cursor bit flips and the concurrent writer send far more than 600 requests a minute.
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000_000);
    t = server.tenant("sync");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply export(Tenant tenant, String query) {
    return server.call(
        "GET", "/api/v1/leads/export" + (query.isEmpty() ? "" : "?" + query), tenant.key(), null);
  }

  static List<CsvRecord> csv(byte[] body) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(body, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  static int column(List<CsvRecord> rows, String header) {
    int i = rows.get(0).getFields().indexOf(header);
    assertThat(i).as(header).isGreaterThanOrEqualTo(0);
    return i;
  }

  @Test
  void streamsCsvWithTheDocumentedColumnsAndHeaders() {
    Tenant x = server.tenant("columns");
    server.call(
        "POST",
        "/api/v1/custom_fields",
        x.key(),
        Json.object().put("name", "Seats").put("type", "number"));
    ObjectNode lead = Json.object().put("name", "Acme, \"Inc\"").put("source", "google");
    lead.putObject("custom").put("Seats", -42);
    ObjectNode c = lead.putArray("contacts").addObject().put("name", "Ann");
    c.putArray("emails").addObject().put("email", "ann@acme.example");
    c.putArray("phones").addObject().put("phone", "+1 555 0100");
    lead.putArray("addresses").addObject().put("city", "Springfield").put("country", "US");
    String id = server.call("POST", "/api/v1/leads", x.key(), lead).json().path("id").asText();

    Reply r = export(x, "");
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
    assertThat(r.header("Content-Disposition"))
        .matches("attachment; filename=\"leads-\\d{8}T\\d{6}Z\\.csv\"");
    assertThat(r.header("X-Export-Truncated")).isEqualTo("false");
    assertThat(r.header("X-Export-Next-Cursor")).isNull();
    assertThat(r.text()).contains("\r\n").startsWith("id,display_name,status_id,status_label,url,");
    List<CsvRecord> rows = csv(r.body());
    assertThat(rows.get(0).getFields())
        .containsExactly(
            "id",
            "display_name",
            "status_id",
            "status_label",
            "url",
            "description",
            "source",
            "medium",
            "campaign",
            "primary_contact_name",
            "primary_contact_email",
            "primary_contact_phone",
            "address.address_1",
            "address.address_2",
            "address.city",
            "address.state",
            "address.zipcode",
            "address.country",
            "custom.Seats",
            "created_at",
            "updated_at",
            "deleted_at");
    assertThat(rows).hasSize(2);
    CsvRecord row = rows.get(1);
    assertThat(row.getField(0)).isEqualTo(id);
    assertThat(row.getField(1)).isEqualTo("Acme, \"Inc\"");
    assertThat(row.getField(column(rows, "primary_contact_email"))).isEqualTo("ann@acme.example");
    assertThat(row.getField(column(rows, "primary_contact_phone"))).isEqualTo("'+1 555 0100");
    assertThat(row.getField(column(rows, "address.city"))).isEqualTo("Springfield");
    assertThat(row.getField(column(rows, "custom.Seats"))).isEqualTo("-42");
    assertThat(row.getField(column(rows, "updated_at")))
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
    assertThat(row.getField(column(rows, "deleted_at"))).isEmpty();
  }

  @Test
  void formulaSafetyHoldsForEveryTrigger() {
    Tenant f = server.tenant("formulas");
    List<String> names = new ArrayList<>();
    for (String trigger : List.of("=", "+", "-", "@", "＝", "＋", "－", "＠")) {
      names.add(trigger + "1+1");
      names.add("   " + trigger + "1+1");
      names.add("\t" + trigger + "x");
    }
    names.add("\rcr");
    names.add("\nlf");
    names.add("plain");
    names.add("a=b");
    ArrayNode items = Json.array();
    names.forEach(n -> items.addObject().put("name", n));
    assertThat(server.call("POST", "/api/v1/leads/bulk", f.key(), items).status()).isEqualTo(201);
    List<CsvRecord> rows = csv(export(f, "").body());
    Set<String> written = new HashSet<>();
    rows.subList(1, rows.size()).forEach(r -> written.add(r.getField(1)));
    Set<String> expected = new HashSet<>();
    for (String n : names) {
      expected.add(n.equals("plain") || n.equals("a=b") ? n : "'" + n);
    }
    assertThat(written).isEqualTo(expected);
  }

  @Test
  void gzipWhenAccepted() throws IOException {
    Tenant g = server.tenant("gzip");
    server.call("POST", "/api/v1/leads", g.key(), Json.object().put("name", "Zipped"));
    Reply plain = export(g, "");
    Reply zipped =
        server.send(
            "/api/v1/leads/export",
            b ->
                b.header("Authorization", "Bearer " + g.key())
                    .header("Accept-Encoding", "gzip")
                    .GET());
    assertThat(zipped.status()).isEqualTo(200);
    assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
    byte[] unzipped = new GZIPInputStream(new ByteArrayInputStream(zipped.body())).readAllBytes();
    assertThat(new String(unzipped, StandardCharsets.UTF_8)).isEqualTo(plain.text());
    assertThat(plain.header("Content-Encoding")).isNull();
  }

  @Test
  void capBoundariesAndCursorContinuation() {
    Tenant cap = server.tenant("cap");
    SyntheticData.seed(
        server.leadport().services().database().jdbi(), cap.workspaceId(), 10_001, 3);
    assertSegmentation(cap, 10_001);
    List<String> ids = allIds(cap, "");
    server.call("DELETE", "/api/v1/leads/" + ids.get(5), cap.key(), null);
    assertSegmentation(cap, 10_000);
    server.call("DELETE", "/api/v1/leads/" + ids.get(6), cap.key(), null);
    assertSegmentation(cap, 9_999);
    assertThat(export(cap, "include_deleted=true&limit=10000").header("X-Export-Truncated"))
        .isEqualTo("true");
  }

  private void assertSegmentation(Tenant tenant, int matching) {
    Reply first = export(tenant, "");
    assertThat(first.status()).isEqualTo(200);
    List<CsvRecord> rows = csv(first.body());
    assertThat(rows).hasSize(Math.min(matching, 10_000) + 1);
    boolean truncated = matching > 10_000;
    assertThat(first.header("X-Export-Truncated")).isEqualTo(Boolean.toString(truncated));
    if (truncated) {
      String cursor = first.header("X-Export-Next-Cursor");
      assertThat(cursor).matches("[A-Za-z0-9_-]+");
      Reply second = export(tenant, "cursor=" + cursor);
      assertThat(csv(second.body())).hasSize(matching - 10_000 + 1);
      assertThat(second.header("X-Export-Truncated")).isEqualTo("false");
    } else {
      assertThat(first.header("X-Export-Next-Cursor")).isNull();
    }
  }

  static List<String> allIds(Tenant tenant, String query) {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    do {
      String q = query + (cursor == null ? "" : (query.isEmpty() ? "" : "&") + "cursor=" + cursor);
      Reply r = export(tenant, q);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      List<CsvRecord> rows = csv(r.body());
      rows.subList(1, rows.size()).forEach(row -> ids.add(row.getField(0)));
      cursor = r.header("X-Export-Next-Cursor");
    } while (cursor != null);
    return ids;
  }

  @Test
  void walkNeverSkipsExistingLeadsWhileOthersWrite() throws Exception {
    Tenant w = server.tenant("walk");
    var jdbi = server.leadport().services().database().jdbi();
    SyntheticData.seed(jdbi, w.workspaceId(), 25_000, 11);
    List<String> quiet = allIds(w, "limit=1000");
    assertThat(quiet).hasSize(25_000).doesNotHaveDuplicates();

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    AtomicInteger failedWrites = new AtomicInteger();
    Thread writer =
        Thread.ofPlatform()
            .start(() -> {
              while (running.get()) {
                String id = quiet.get(ThreadLocalRandom.current().nextInt(quiet.size()));
                Reply p =
                    server.call(
                        "PATCH",
                        "/api/v1/leads/" + id,
                        w.key(),
                        Json.object().put("campaign", "moved"));
                Reply c =
                    server.call("POST", "/api/v1/leads", w.key(), Json.object().put("name", "new"));
                if (p.status() == 200 && c.status() == 201) {
                  writes.incrementAndGet();
                } else {
                  failedWrites.incrementAndGet();
                }
              }
            });
    List<String> busy;
    try {
      busy = allIds(w, "limit=1000");
    } finally {
      running.set(false);
      writer.join();
    }
    assertThat(writes.get()).isPositive();
    assertThat(failedWrites.get()).isZero();
    assertThat(new HashSet<>(busy)).containsAll(quiet);
  }

  @Test
  void everySingleBitFlipOfACursorIsRejected() {
    Tenant b = server.tenant("bits");
    ArrayNode items = Json.array();
    for (int i = 0; i < 3; i++) {
      items.addObject().put("name", "L" + i);
    }
    server.call("POST", "/api/v1/leads/bulk", b.key(), items);
    String cursor = export(b, "limit=1").header("X-Export-Next-Cursor");
    assertThat(export(b, "limit=1&cursor=" + cursor).status()).isEqualTo(200);
    byte[] bytes = cursor.getBytes(StandardCharsets.US_ASCII);
    int flips = 0;
    for (int i = 0; i < bytes.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] copy = bytes.clone();
        copy[i] ^= (byte) (1 << bit);
        String flipped =
            URLEncoder.encode(
                new String(copy, StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        Reply r = export(b, "limit=1&cursor=" + flipped);
        assertThat(r.status()).as("byte %d bit %d: %s", i, bit, r).isEqualTo(400);
        assertThat(r.json().path("code").asText()).isEqualTo("invalid_cursor");
        flips++;
      }
    }
    assertThat(flips).isEqualTo(bytes.length * 8);
    assertError(
        export(b, "limit=1&cursor=" + cursor.substring(0, cursor.length() - 4)),
        400,
        "invalid_cursor",
        "cursor");
    assertError(export(b, "limit=1&source=x&cursor=" + cursor), 400, "invalid_cursor", "cursor");
    Tenant other = server.tenant("bits-other");
    assertError(export(other, "limit=1&cursor=" + cursor), 400, "invalid_cursor", "cursor");
    String listCursor =
        server
            .call("GET", "/api/v1/leads?limit=1", b.key(), null)
            .json()
            .path("next_cursor")
            .asText();
    assertError(export(b, "limit=1&cursor=" + listCursor), 400, "invalid_cursor", "cursor");
  }

  @Test
  void filtersSelectTheRightLeads() {
    Tenant f = server.tenant("filters");
    // The first status is every new lead's default; "Hot" is only set explicitly.
    server.call("POST", "/api/v1/statuses", f.key(), Json.object().put("label", "Cold"));
    String status =
        server
            .call("POST", "/api/v1/statuses", f.key(), Json.object().put("label", "Hot"))
            .json()
            .path("id")
            .asText();
    ArrayNode items = Json.array();
    items
        .addObject()
        .put("name", "G1")
        .put("source", "google")
        .put("medium", "cpc")
        .put("campaign", "spring");
    items.addObject().put("name", "G2").put("source", "google").put("medium", "email");
    items.addObject().put("name", "N1").put("source", "newsletter").put("status_id", status);
    server.call("POST", "/api/v1/leads/bulk", f.key(), items);
    Map<String, Integer> expected =
        Map.of(
            "source=google",
            2,
            "source=google&medium=cpc",
            1,
            "campaign=spring",
            1,
            "status_stage_id=" + status,
            1,
            "search=g2",
            1,
            "from=2000-01-01T00:00:00Z",
            3,
            "to=2000-01-01T00:00:00Z",
            0);
    expected.forEach((q, n) -> assertThat(allIds(f, q)).as(q).hasSize(n));
    assertThat(allIds(server.tenant("empty"), "")).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0|limit",
        "limit=10001|limit",
        "limit=x|limit",
        "from=monday|from",
        "to=2026-13-01T00:00:00Z|to",
        "from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z|from",
        "status_stage_id=hot|status_stage_id",
        "cursor=abc|cursor",
        "format=xlsx|format",
        "source=a&source=b|source",
        "bom=yes|bom",
        "include_deleted=1|include_deleted",
      })
  void rejectsBadParameters(String query, String param) {
    Reply r = export(t, query);
    assertError(r, 400, param.equals("cursor") ? "invalid_cursor" : "invalid_parameter", param);
  }

  @Test
  void needsTheExportScope() {
    String readOnly = server.createKey(t.workspaceId(), "leads.read", "leads.write");
    Reply r = server.call("GET", "/api/v1/leads/export", readOnly, null);
    assertError(r, 403, "insufficient_scope", "leads.export");
    assertError(server.call("GET", "/api/v1/leads/export", null, null), 401, "unauthorized", null);
  }
}
