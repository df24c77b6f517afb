package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * One budget of exported rows per workspace and rolling 24 h covers every way to export everything:
 * sync segments, JSON:API renders and async jobs of every surface (OWASP API4).
 */
class ExportRowsQuotaIT {
  static final Instant T0 = Instant.parse("2026-04-01T08:00:00Z");
  static final long QUOTA = 100;

  static TestServer server(MutableClock clock) {
    return TestServer.builder()
        .clock(clock)
        .exports(e -> e.withLimits(l -> l.withExportRowsQuota(QUOTA)))
        .start();
  }

  @Test
  void syncSegmentsAndRendersReserveTheirRowsAndEverySurfaceRefusesOnceTheBudgetIsSpent() {
    MutableClock clock = new MutableClock(T0);
    try (TestServer s = server(clock)) {
      Tenant t = s.tenant("rows-quota");
      Tenant other = s.tenant("rows-quota-other");
      long contacts = s.seed(t.workspaceId(), 60, 5).path("contacts").asLong();
      assertThat(contacts).isGreaterThan(QUOTA - 60);
      s.seed(other.workspaceId(), 10, 6);

      Reply first = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(first.status()).isEqualTo(200);
      assertThat(lines(first) - 1).isEqualTo(60);
      clock.advance(Duration.ofSeconds(10));

      // A render whose rows do not fit in what is left is refused before its first byte: no
      // export spends more than the budget has left.
      String log = exportLog(s, t);
      Reply render = s.call("GET", "/api/v2/contacts/exports/" + log + ".csv", t.key(), null);
      assertThat(render.status()).isEqualTo(429);
      JsonNode refused = render.json().path("errors").get(0);
      assertThat(refused.path("code").asText()).isEqualTo("export_rows_quota_exceeded");
      assertThat(refused.path("detail").asText("") + refused.path("title").asText(""))
          .contains("this export has " + contacts + " rows");
      long fits = contacts <= QUOTA ? 86_400 - 10 : 86_400;
      assertThat(render.header("Retry-After")).isEqualTo(Long.toString(fits));

      // A sync segment gets what is left: a shorter segment, truncated, that a walk goes on from.
      Reply rest = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(rest.status()).isEqualTo(200);
      assertThat(lines(rest) - 1).isEqualTo(QUOTA - 60);
      assertThat(rest.header("X-Export-Truncated")).isEqualTo("true");
      assertThat(rest.header("X-Export-Next-Cursor")).isNotEmpty();
      clock.advance(Duration.ofSeconds(10));

      // Spent, exactly: the next one is whenever enough of the spent rows age out of the 24 h
      // (the first segment's 60, at T0).
      long retry = 86_400 - 20;
      Reply sync = s.call("GET", "/api/v1/leads/export", t.key(), null);
      Errors.assertError(sync, 429, "export_rows_quota_exceeded", null);
      assertThat(sync.header("Retry-After")).isEqualTo(Long.toString(retry));
      assertThat(sync.header("X-RateLimit-Limit")).isNotNull();
      assertThat(sync.json().path("message").asText())
          .contains("exported " + QUOTA + " rows")
          .contains("budget is " + QUOTA);

      Reply again = s.call("GET", "/api/v2/contacts/exports/" + log + ".csv", t.key(), null);
      assertThat(again.status()).isEqualTo(429);
      assertThat(again.header("Retry-After")).isEqualTo(Long.toString(retry));
      JsonNode error = again.json().path("errors").get(0);
      assertThat(error.path("status").asText()).isEqualTo("429");
      assertThat(error.path("code").asText()).isEqualTo("export_rows_quota_exceeded");

      Reply close =
          s.call(
              "POST",
              "/api/v1/export/lead/",
              t.key(),
              Json.object().put("type", "leads").put("format", "csv"));
      Errors.assertError(close, 429, "export_rows_quota_exceeded", null);
      assertThat(close.header("Retry-After")).isEqualTo(Long.toString(retry));
      // Close's clients sleep for the reset of the quota that refused: the rows budget.
      assertThat(close.header("RateLimit"))
          .isEqualTo("limit=" + QUOTA + ", remaining=0, reset=" + retry);

      ObjectNode view =
          Json.object()
              .put("exportType", "VIEW")
              .put("format", "CSV")
              .put("exportName", "quota")
              .put("language", "EN")
              .put("objectType", "CONTACT");
      view.putArray("objectProperties").add("email");
      Reply hubspot = s.call("POST", "/crm/v3/exports/export/async", t.key(), view);
      assertThat(hubspot.status()).isEqualTo(429);
      assertThat(hubspot.header("Retry-After")).isEqualTo(Long.toString(retry));
      assertThat(hubspot.json().path("status").asText()).isEqualTo("error");

      Reply console =
          s.call(
              "POST",
              "/api/v1/exports",
              t.key(),
              Json.object().put("type", "leads").put("format", "csv"));
      Errors.assertError(console, 429, "export_rows_quota_exceeded", null);

      // Another workspace has a budget of its own.
      assertThat(s.call("GET", "/api/v1/leads/export", other.key(), null).status()).isEqualTo(200);

      // Once the spent rows are older than 24 h, the budget is back.
      clock.advance(Duration.ofSeconds(retry - 1));
      assertThat(s.call("GET", "/api/v1/leads/export", t.key(), null).header("Retry-After"))
          .isEqualTo("1");
      clock.advance(Duration.ofSeconds(1));
      assertThat(s.call("GET", "/api/v1/leads/export", t.key(), null).status()).isEqualTo(200);
    }
  }

  @Test
  void asyncJobsSpendTheSameBudget() {
    MutableClock clock = new MutableClock(T0);
    try (TestServer s = server(clock)) {
      Tenant t = s.tenant("rows-quota-jobs");
      s.seed(t.workspaceId(), 60, 7);
      ObjectNode csv = Json.object().put("type", "leads").put("format", "csv");
      JsonNode job = AsyncExports.run(s, t.key(), csv);
      assertThat(job.path("status").asText()).isEqualTo("done");
      clock.advance(Duration.ofSeconds(5));
      // 60 rows of 100 spent: the next job is admitted, but when it starts its 60 rows do not fit
      // in the 40 left, so it fails visibly, before it writes anything, and costs nothing.
      String id = AsyncExports.create(s, t.key(), csv).path("id").asText();
      JsonNode over = AsyncExports.await(s, t.key(), id);
      assertThat(over.path("status").asText()).as(over.toString()).isEqualTo("error");
      assertThat(over.path("error").path("code").asText()).isEqualTo("export_rows_quota_exceeded");
      assertThat(over.path("download_url").isNull()).isTrue();
      clock.advance(Duration.ofSeconds(5));
      Reply rest = s.call("GET", "/api/v1/leads/export", t.key(), null);
      assertThat(rest.status()).isEqualTo(200);
      assertThat(lines(rest) - 1).isEqualTo(QUOTA - 60);
      clock.advance(Duration.ofSeconds(5));
      Reply sync = s.call("GET", "/api/v1/leads/export", t.key(), null);
      Errors.assertError(sync, 429, "export_rows_quota_exceeded", null);
      assertThat(sync.json().path("message").asText()).contains("exported " + QUOTA + " rows");
      Reply close = s.call("POST", "/api/v1/export/lead/", t.key(), csv);
      Errors.assertError(close, 429, "export_rows_quota_exceeded", null);
    }
  }

  static String exportLog(TestServer s, Tenant t) {
    Reply r =
        s.send(
            "/api/v2/contacts/exports",
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"data\":{\"type\":\"export_logs\",\"attributes\":{}}}")));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("data").path("id").asText();
  }

  /** CSV records of a body, its header among them. */
  static long lines(Reply r) {
    return de.siegmar.fastcsv.reader.CsvReader.builder()
        .ofCsvRecord(new String(r.body(), StandardCharsets.UTF_8))
        .stream()
        .count();
  }
}
