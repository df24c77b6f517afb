package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * A corpus of odd dates, strings and numbers sent to every endpoint that takes dates or strings
 * (native lead create, bulk and patch, list filters, sync export parameters, saved searches,
 * Close's search and export {@code s_query} moment ranges, HubSpot search filters, JSON:API
 * filters): not one answer may be a 5xx, and afterwards the list, the sync export and both searches
 * still return every lead of the workspace.
 */
class PoisonFuzzIT {
  /** JSON string contents (escapes as sent on the wire). */
  static final List<String> VALUES =
      List.of(
          "+999999999-12-31",
          "-999999999-01-01",
          "0000-01-01",
          "0000-12-31T00:00:00Z",
          "-0001-01-01",
          "+10000-01-01",
          "10000-01-01T00:00:00Z",
          "9999-12-31T24:00:00Z",
          "2026-01-01T24:00",
          "2016-12-31T23:59:60Z",
          "2026-01-01T00:00:00+25:00",
          "2026-01-01T00:00:00-18:01",
          "0001-01-01T00:00:00+01:00",
          "9999-12-31T23:59:59-01:00",
          "+999999999-12-31T23:59:59.999999999-18:00",
          "2026-02-30",
          "2026-01-01\\u0000",
          "\\u0000",
          "\\ud800",
          "a\\udc00b",
          "\\ude00\\ud83d",
          "\\ud83d\\ude00",
          "9".repeat(5_000),
          // Past every field's length limit, yet (three times over) under the 64 KB body limit
          // of the searches: a 413 answered before the body is read races the client's upload.
          "x".repeat(20_000),
          "=HYPERLINK(\\\"http://x\\\")",
          "");

  /** Request templates; {@code V} is replaced by a value of the corpus. */
  static final List<String[]> BODIES =
      List.of(
          new String[] {"POST", "/api/v1/leads", "{\"name\":\"V\"}"},
          new String[] {"POST", "/api/v1/leads", "{\"contacts\":[{\"name\":\"V\"}]}"},
          new String[] {"POST", "/api/v1/leads", "{\"opportunities\":[{\"date_won\":\"V\"}]}"},
          new String[] {
            "POST", "/api/v1/leads", "{\"activities\":[{\"type\":\"call\",\"date\":\"V\"}]}"
          },
          new String[] {"POST", "/api/v1/leads", "{\"custom\":{\"Signed\":\"V\"}}"},
          new String[] {"POST", "/api/v1/leads", "{\"custom\":{\"Met\":\"V\"}}"},
          new String[] {
            "POST",
            "/api/v1/leads/bulk",
            "[{\"name\":\"bulk\"},{\"opportunities\":[{\"date_won\":\"V\"}],\"source\":\"V\"}]"
          },
          new String[] {"PATCH", "LEAD", "{\"custom\":{\"Signed\":\"V\",\"Met\":\"V\"}}"},
          new String[] {"PATCH", "LEAD", "{\"activities\":[{\"type\":\"call\",\"date\":\"V\"}]}"},
          new String[] {
            "POST",
            "/api/v1/saved_searches",
            "{\"name\":\"V\",\"query\":" + moment("fixed_utc") + "}"
          },
          new String[] {"POST", "/api/v1/data/search/", "{\"query\":" + moment("fixed_utc") + "}"},
          new String[] {
            "POST", "/api/v1/data/search/", "{\"query\":" + moment("fixed_local_date") + "}"
          },
          new String[] {
            "POST",
            "/api/v1/data/search/",
            "{\"query\":{\"type\":\"field_condition\",\"field\":{\"type\":\"regular_field\","
                + "\"object_type\":\"lead\",\"field_name\":\"name\"},"
                + "\"condition\":{\"type\":\"text\",\"mode\":\"phrase\",\"value\":\"V\"}}}"
          },
          new String[] {
            "POST",
            "/api/v1/export/lead/",
            "{\"type\":\"leads\",\"format\":\"csv\",\"s_query\":" + moment("fixed_utc") + "}"
          },
          new String[] {
            "POST",
            "/crm/v3/objects/contacts/search",
            "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"createdate\","
                + "\"operator\":\"GTE\",\"value\":\"V\"}]}]}"
          },
          new String[] {
            "POST",
            "/crm/v3/objects/companies/search",
            "{\"query\":\"V\",\"filterGroups\":[{\"filters\":[{\"propertyName\":\"closedate\","
                + "\"operator\":\"BETWEEN\",\"value\":\"V\",\"highValue\":\"V\"}]}]}"
          },
          new String[] {
            "POST",
            "/api/v2/contacts/exports",
            "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":"
                + "{\"filter\":{\"source\":\"V\",\"Signed\":\"V\"}}}}}"
          });

  static final List<String> PARAMS =
      List.of(
          "/api/v1/leads?from=V",
          "/api/v1/leads?to=V",
          "/api/v1/leads?search=V",
          "/api/v1/leads/export?to=V",
          "/api/v1/leads/export?from=V&search=V");

  static TestServer server;
  static Tenant t;
  static String leadId;

  static String moment(String type) {
    return "{\"type\":\"field_condition\",\"field\":{\"type\":\"regular_field\","
        + "\"object_type\":\"lead\",\"field_name\":\"date_created\"},\"condition\":"
        + "{\"type\":\"moment_range\",\"on_or_after\":{\"type\":\""
        + type
        + "\",\"value\":\"V\"}}}";
  }

  @BeforeAll
  static void start() {
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000_000);
    t = server.tenant("poison-fuzz");
    server.call(
        "POST",
        "/api/v1/custom_fields",
        t.key(),
        Json.object().put("name", "Signed").put("type", "date"));
    server.call(
        "POST",
        "/api/v1/custom_fields",
        t.key(),
        Json.object().put("name", "Met").put("type", "datetime"));
    server.seed(t.workspaceId(), 20, 9);
    leadId = AsyncExports.nativeLeads(server, t.key()).get(0).path("id").asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theCorpusNeverAnswers5xxAndEveryLeadStaysReadable() {
    List<String> failures = new ArrayList<>();
    int sent = 0;
    for (String value : VALUES) {
      for (String[] b : BODIES) {
        String path = b[1].equals("LEAD") ? "/api/v1/leads/" + leadId : b[1];
        String body = b[2].replace("V", value);
        String type = path.startsWith("/api/v2/") ? "application/vnd.api+json" : "application/json";
        Reply r =
            server.send(
                path,
                x ->
                    x.header("Authorization", "Bearer " + t.key())
                        .header("Content-Type", type)
                        .method(b[0], HttpRequest.BodyPublishers.ofString(body)));
        sent++;
        if (r.status() >= 500) {
          failures.add(b[0] + " " + path + " " + abbreviate(body) + " -> " + r);
        }
      }
      String decoded = value.contains("\\") ? null : value;
      if (decoded != null) {
        for (String p : PARAMS) {
          String path = p.replace("V", URLEncoder.encode(decoded, StandardCharsets.UTF_8));
          Reply r = server.call("GET", path, t.key(), null);
          sent++;
          if (r.status() >= 500) {
            failures.add("GET " + abbreviate(path) + " -> " + r);
          }
        }
      }
    }
    assertThat(sent).isGreaterThan(400);
    assertThat(failures).as("5xx answers").isEmpty();

    long stored =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createQuery(
                        "select count(*) from leads where workspace_id = ? and deleted_at is null")
                    .bind(0, t.workspaceId())
                    .mapTo(Long.class)
                    .one());
    assertThat(AsyncExports.nativeLeads(server, t.key())).hasSize((int) stored);
    Reply csv = server.call("GET", "/api/v1/leads/export", t.key(), null);
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("X-Export-Truncated")).isEqualTo("false");
    assertThat(csv.text().lines().filter(l -> l.startsWith("lead_")).count()).isEqualTo(stored);
    Reply hubspot =
        server.call(
            "POST", "/crm/v3/objects/companies/search", t.key(), Json.object().put("limit", 1));
    assertThat(hubspot.status()).isEqualTo(200);
    assertThat(hubspot.json().path("total").asLong()).isEqualTo(stored);
    Reply close =
        server.call(
            "POST",
            "/api/v1/data/search/",
            t.key(),
            TestServer.parse("{\"_limit\": 1, \"include_counts\": true}"));
    assertThat(close.status()).as(close.text()).isEqualTo(200);
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + ")" : s;
  }
}
