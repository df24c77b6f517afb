package org.leadport.surface.roofkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.DownloadUrls;
import org.leadport.testing.RawHttp;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Replays the partner API's "Export leads" reference (the sync export's seed document) request by
 * request: {@code GET /api/v1/leads/export} with every one of its nine query parameters, cursor
 * round trips until {@code X-Export-Truncated} is false, and each documented answer with its
 * documented headers: 200 ({@code X-RateLimit-Limit}, {@code -Remaining}, {@code -Reset} as an ISO
 * timestamp, {@code Content-Disposition}, {@code X-Export-Truncated}, {@code
 * X-Export-Next-Cursor}), 400 for a malformed cursor, 401 with {@code WWW-Authenticate} for a
 * missing, malformed, unknown or revoked key, 403 for a key without {@code leads.export} or a
 * suspended workspace, and 429 with {@code Retry-After} and the rate-limit trio.
 */
class SeedPartnerSyncExportReplayIT {
  static final String PATH = "/api/v1/leads/export";
  static final int MATCHING = 5;

  static TestServer server;
  static Tenant t;
  static String status;
  static List<String> matching = new ArrayList<>();
  static Instant from;
  static Instant to;

  @BeforeAll
  static void start() {
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000);
    t = server.tenant("seed-001");
    status =
        server
            .call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Qualified"))
            .json()
            .path("id")
            .asText();
    from = Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
    ArrayNode items = Json.array();
    for (int i = 0; i < MATCHING; i++) {
      items
          .addObject()
          .put("name", "Roof repair " + i)
          .put("source", "google")
          .put("medium", "cpc")
          .put("campaign", "spring-2026")
          .put("status_id", status);
    }
    // Each differs from the matching ones in exactly one filter.
    items.addObject().put("name", "Roof other source").put("source", "bing").put("medium", "cpc");
    items
        .addObject()
        .put("name", "Roof other medium")
        .put("source", "google")
        .put("medium", "email")
        .put("campaign", "spring-2026")
        .put("status_id", status);
    items
        .addObject()
        .put("name", "Gutter cleaning")
        .put("source", "google")
        .put("medium", "cpc")
        .put("campaign", "spring-2026")
        .put("status_id", status);
    Reply bulk = server.call("POST", "/api/v1/leads/bulk", t.key(), items);
    assertThat(bulk.status()).as(bulk.toString()).isIn(200, 201);
    for (JsonNode lead :
        server.call("GET", "/api/v1/leads?limit=100", t.key(), null).json().path("data")) {
      if (lead.path("name").asText().startsWith("Roof repair")) {
        matching.add(lead.path("id").asText());
      }
    }
    assertThat(matching).hasSize(MATCHING);
    to = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The nine documented query parameters, every one given. */
  static String query(String cursor) {
    StringBuilder q =
        new StringBuilder()
            .append("source=google&medium=cpc&campaign=spring-2026")
            .append("&from=")
            .append(enc(from.toString()))
            .append("&to=")
            .append(enc(to.toString().replace("Z", "+00:00")))
            .append("&status_stage_id=")
            .append(status)
            .append("&search=roof&limit=2");
    if (cursor != null) {
      q.append("&cursor=").append(enc(cursor));
    }
    return q.toString();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static List<CsvRecord> csv(byte[] body) {
    List<CsvRecord> out = new ArrayList<>();
    CsvReader.builder().ofCsvRecord(new String(body, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  static void assertRateLimitHeaders(Reply r) {
    assertThat(r.header("X-RateLimit-Limit")).as(r.toString()).matches("[1-9][0-9]*");
    assertThat(r.header("X-RateLimit-Remaining")).matches("[0-9]+");
    assertThat(Instant.parse(r.header("X-RateLimit-Reset"))).isAfter(Instant.now().minusSeconds(1));
  }

  @Test
  void everyParameterWithCursorRoundTripsUntilNotTruncated() {
    List<String> ids = new ArrayList<>();
    String cursor = null;
    int segments = 0;
    while (true) {
      Reply r = server.call("GET", PATH + "?" + query(cursor), t.key(), null);
      segments++;
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      assertRateLimitHeaders(r);
      String disposition = r.header("Content-Disposition");
      assertThat(disposition).matches("attachment; filename=\"leads-\\d{8}T\\d{6}Z\\.csv\"");
      assertThat(DownloadUrls.fileName(disposition)).endsWith(".csv");
      List<CsvRecord> rows = csv(r.body());
      assertThat(rows.get(0).getField(0)).isEqualTo("id");
      rows.subList(1, rows.size()).forEach(row -> ids.add(row.getField(0)));
      String truncated = r.header("X-Export-Truncated");
      if (truncated.equals("false")) {
        assertThat(r.header("X-Export-Next-Cursor")).isNull();
        break;
      }
      assertThat(truncated).isEqualTo("true");
      assertThat(rows).hasSize(1 + 2);
      cursor = r.header("X-Export-Next-Cursor");
      assertThat(cursor).isNotBlank();
      assertThat(segments).isLessThan(10);
    }
    assertThat(segments).isEqualTo(3);
    assertThat(ids).containsExactlyInAnyOrderElementsOf(matching).doesNotHaveDuplicates();
  }

  @Test
  void malformedCursorsAre400() {
    Reply first = server.call("GET", PATH + "?" + query(null), t.key(), null);
    String cursor = first.header("X-Export-Next-Cursor");
    assertError(
        server.call("GET", PATH + "?" + query(cursor.substring(1)), t.key(), null),
        400,
        "invalid_cursor",
        "cursor");
    assertError(
        server.call("GET", PATH + "?" + query("not-a-cursor"), t.key(), null),
        400,
        "invalid_cursor",
        "cursor");
    // Malformed on the wire: what Java's client refuses to send, sent as a corrupted client would.
    for (String raw : new String[] {"%%%", "%zz", cursor + "%", "%C3%28"}) {
      Reply r =
          RawHttp.send(
              server.url(""),
              "GET",
              PATH + "?" + query(null) + "&cursor=" + raw,
              Map.of("Authorization", "Bearer " + t.key()));
      assertError(r, 400, "invalid_parameter", "cursor");
    }
  }

  @Test
  void unauthenticatedAnswersAre401WithWwwAuthenticate() {
    JsonNode created =
        server
            .admin(
                "POST",
                "/admin/v1/workspaces/" + t.workspaceId() + "/api-keys",
                Json.object()
                    .put("name", "revoked")
                    .set("scopes", Json.array().add("leads.export")))
            .json();
    assertThat(server.call("GET", PATH, created.path("key").asText(), null).status())
        .isEqualTo(200);
    assertThat(
            server
                .admin("DELETE", "/admin/v1/api-keys/" + created.path("id").asText(), null)
                .status())
        .isEqualTo(204);
    List<Reply> replies =
        List.of(
            server.call("GET", PATH, null, null),
            server.send(PATH, b -> b.header("Authorization", "Bearer")),
            server.send(PATH, b -> b.header("Authorization", "Token abc")),
            server.call("GET", PATH, "lp_unknown", null),
            server.call("GET", PATH, created.path("key").asText(), null));
    for (Reply r : replies) {
      assertError(r, 401, "unauthorized", null);
      assertThat(r.header("WWW-Authenticate")).as(r.toString()).isNotBlank();
    }
  }

  @Test
  void forbiddenAnswersAre403() {
    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    assertError(server.call("GET", PATH, readOnly, null), 403, "insufficient_scope", null);

    Tenant suspended = server.tenant("seed-001-suspended");
    assertThat(server.call("GET", PATH, suspended.key(), null).status()).isEqualTo(200);
    Reply patch =
        server.admin(
            "PATCH",
            "/admin/v1/workspaces/" + suspended.workspaceId(),
            Json.object().put("status", "suspended"));
    assertThat(patch.status()).as(patch.toString()).isEqualTo(200);
    assertError(server.call("GET", PATH, suspended.key(), null), 403, "workspace_suspended", null);
  }

  @Test
  void overTheRateLimitIs429WithRetryAfter() {
    try (TestServer limited = TestServer.start(java.time.Clock.systemUTC(), 3)) {
      Tenant l = limited.tenant("seed-001-limited");
      Reply last = null;
      for (int i = 0; i < 3; i++) {
        last = limited.call("GET", PATH + "?limit=1", l.key(), null);
        assertThat(last.status()).as(last.toString()).isEqualTo(200);
        assertRateLimitHeaders(last);
        assertThat(last.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(last.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
      }
      Reply r = limited.call("GET", PATH + "?limit=1", l.key(), null);
      assertError(r, 429, "rate_limited", null);
      assertRateLimitHeaders(r);
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
      assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
    }
  }
}
