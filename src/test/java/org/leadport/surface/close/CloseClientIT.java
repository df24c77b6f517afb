package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Close's Python client, {@code closeio_api}, against Leadport with nothing changed but its base
 * URL: the exact requests it sends ({@link CloseioApiClient}) for exports, lists, search, errors
 * and rate limits, read the way it reads them (docs/guides/close-client.md).
 */
class CloseClientIT {
  static TestServer server;
  static Tenant t;
  static CloseioApiClient api;
  static String industryId;
  static String acmeId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("closeio-api");
    api = new CloseioApiClient(server.url("/api/v1/"), t.key(), "1.0", d -> pause(d));
    Reply field =
        server.call(
            "POST",
            "/api/v1/custom_fields",
            t.key(),
            Json.object().put("name", "Industry").put("type", "text"));
    assertThat(field.status()).as(field.toString()).isEqualTo(201);
    industryId = field.json().path("id").asText();
    acmeId =
        lead("ACME Inc.", "Software", contact("Ada Lovelace", "CEO"), contact("Bob Byte", "CTO"))
            .path("id")
            .asText();
    lead("Other Co", null, contact("Cy Founder", "Founder & CEO"));
    lead("Third Ltd", "Retail", contact("Di Chief", "Chief Executive Officer"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void sendsWhatThePythonClientSends() {
    JsonNode exports = api.get("export", orderedParams("_limit", "1", "_fields", "id,status"));
    assertThat(exports.has("data")).isTrue();
    HttpRequest get = api.sent.get(api.sent.size() - 1);
    assertThat(get.uri().toString())
        .isEqualTo(server.url("/api/v1/export/?_limit=1&_fields=id%2Cstatus"));
    assertThat(get.headers().map())
        .containsEntry("Authorization", List.of(CloseioApiClient.basic(t.key())))
        .containsEntry("X-TZ-Offset", List.of("1.0"))
        .containsEntry("User-Agent", List.of(CloseioApiClient.USER_AGENT))
        .containsEntry("Accept", List.of("*/*"))
        .containsEntry("Accept-Encoding", List.of("gzip, deflate"))
        .doesNotContainKey("Content-Type");
    assertThat(CloseioApiClient.basic("lp_x")).isEqualTo("Basic bHBfeDo=");
    // json.dumps: ", " and ": " separators, non-ASCII escaped in lower case.
    assertThat(
            CloseioApiClient.dumps(
                Json.object().put("name", "Müller").set("fields", Json.array().add("id").add(1))))
        .isEqualTo("{\"name\": \"M\\u00fcller\", \"fields\": [\"id\", 1]}");
  }

  @Test
  void exportsLeadsAndOpportunitiesAndListsThemByKind() {
    // Close's own s_query example (developer.close.com, Exports), as the client posts it.
    JsonNode created =
        api.post(
            "export/lead",
            TestServer.parse(
                """
                {"s_query": {"type": "and", "queries": [
                   {"type": "object_type", "object_type": "lead"},
                   {"type": "field_condition",
                    "field": {"type": "regular_field", "object_type": "lead", "field_name": "name"},
                    "condition": {"type": "text", "mode": "full_words", "value": "ACME Inc."}}]},
                 "format": "json", "type": "leads", "send_done_email": false}
                """));
    assertThat(api.bodies.getLast()).startsWith("{\"s_query\": {\"type\": \"and\", \"queries\": [");
    assertThat(created.path("id").asText()).startsWith("expo_");
    assertThat(created.path("status").asText()).isEqualTo("created");
    assertThat(created.path("type").asText()).isEqualTo("leads");
    JsonNode lead = poll(created.path("id").asText());
    List<JsonNode> docs = jsonDocs(AsyncExports.file(lead));
    assertThat(docs).hasSize(1);
    JsonNode acme = docs.get(0);
    assertThat(acme.path("id").asText()).isEqualTo(acmeId);
    // Close's names: date_created/date_updated, custom fields as flat custom.cf_… keys.
    assertThat(acme.path("custom." + industryId).asText()).isEqualTo("Software");
    assertThat(acme.has("date_created")).isTrue();
    assertThat(acme.has("date_updated")).isTrue();
    assertThat(acme.has("created_at") || acme.has("custom") || acme.has("deleted_at")).isFalse();

    JsonNode opps =
        api.post(
            "export/opportunity",
            TestServer.parse(
                """
                {"params": {"status_type": "won"}, "format": "csv",
                 "fields": ["id", "lead_id", "value", "date_created"], "send_done_email": false}
                """));
    assertThat(opps.path("type").asText()).isEqualTo("opps");
    String oppsCsv =
        new String(AsyncExports.file(poll(opps.path("id").asText())), StandardCharsets.UTF_8);
    assertThat(oppsCsv.lines().findFirst().orElseThrow())
        .isEqualTo("id,lead_id,value,date_created");
    assertThat(oppsCsv.lines().count()).isEqualTo(2);

    String leadId = lead.path("id").asText();
    String oppsId = opps.path("id").asText();
    assertThat(ids(api.get("export/lead"))).contains(leadId).doesNotContain(oppsId);
    assertThat(ids(api.get("export/opportunity"))).contains(oppsId).doesNotContain(leadId);
    assertThat(api.get("export/lead/" + leadId).path("id").asText()).isEqualTo(leadId);
    assertThat(api.get("export/opportunity/" + oppsId).path("type").asText()).isEqualTo("opps");
    CloseioApiClient.ApiError other =
        catchThrowableOfType(
            CloseioApiClient.ApiError.class, () -> api.get("export/opportunity/" + leadId));
    assertThat(other.response.status()).isEqualTo(404);
    assertThat(other.response.json().path("error").asText())
        .isEqualTo("Export " + leadId + " not found.");

    JsonNode page = api.get("export/lead", orderedParams("_limit", "1", "_fields", "id,type"));
    assertThat(page.path("data")).hasSize(1);
    assertThat(fieldNames(page.path("data").get(0))).containsExactlyInAnyOrder("id", "type");
    assertThat(page.path("has_more").asBoolean()).isTrue();

    assertThat(api.delete("export/" + oppsId).asText()).isEmpty();
    assertThat(ids(api.get("export/opportunity"))).doesNotContain(oppsId);
  }

  @Test
  void listsOnlyClosesExportsInClosesWords() {
    Reply hubspot =
        server.call(
            "POST",
            "/crm/v3/exports/export/async",
            t.key(),
            TestServer.parse(
                """
                {"exportType": "VIEW", "format": "CSV", "exportName": "hs", "language": "EN",
                 "objectType": "CONTACT", "objectProperties": ["email"]}
                """));
    assertThat(hubspot.status()).as(hubspot.toString()).isEqualTo(202);
    Reply console =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "csv"));
    assertThat(console.status()).as(console.toString()).isEqualTo(202);
    String consoleId = console.json().path("id").asText();
    api.post("export/lead", Json.object().put("type", "contacts").put("format", "csv"));

    JsonNode all = api.get("export");
    assertThat(all.path("data")).isNotEmpty();
    for (JsonNode e : all.path("data")) {
      assertThat(e.path("type").asText()).isIn("leads", "contacts", "lead_opps", "opps");
      assertThat(e.path("format").asText()).isIn("csv", "json", "jsonl");
      assertThat(e.path("status").asText())
          .isIn("created", "started", "in_progress", "done", "error", "canceled");
    }
    assertThat(ids(all)).doesNotContain(consoleId);
    CloseioApiClient.ApiError missing =
        catchThrowableOfType(CloseioApiClient.ApiError.class, () -> api.get("export/" + consoleId));
    assertThat(missing.response.status()).isEqualTo(404);
  }

  @Test
  void searchesContactsOpportunitiesAndLeadsAsCloseDocumentsIt() {
    // The Advanced Filtering tutorial's request (developer.close.com), with its _fields.
    JsonNode tutorial =
        TestServer.parse(
            """
            {"query":{"type":"and","queries":[{"type":"object_type","object_type":"contact"},
             {"type":"field_condition","field":{"type":"regular_field","object_type":"contact",
              "field_name":"title"},"condition":{"type":"text","mode":"full_words","value":"CEO"}}]},
             "_fields":{"contact":["id","name","title"]}}
            """);
    JsonNode found = api.post("data/search", tutorial);
    List<String> titles = new ArrayList<>();
    for (JsonNode c : found.path("data")) {
      assertThat(fieldNames(c)).containsExactlyInAnyOrder("__object_type", "id", "name", "title");
      assertThat(c.path("__object_type").asText()).isEqualTo("contact");
      assertThat(c.path("id").asText()).startsWith("cont_");
      titles.add(c.path("title").asText());
    }
    assertThat(titles).containsExactlyInAnyOrder("CEO", "Founder & CEO");
    assertThat(found.path("cursor").isNull()).isTrue();

    ObjectNode plain = tutorial.deepCopy();
    plain.remove("_fields");
    for (JsonNode c : api.post("data/search", plain).path("data")) {
      assertThat(fieldNames(c)).containsExactlyInAnyOrder("__object_type", "id");
      assertThat(c.path("__object_type").asText()).isEqualTo("contact");
    }

    JsonNode won =
        api.post(
            "data/search",
            TestServer.parse(
                """
                {"query": {"type": "and", "queries": [
                   {"type": "object_type", "object_type": "opportunity"},
                   {"type": "field_condition",
                    "field": {"type": "regular_field", "object_type": "opportunity",
                              "field_name": "status_type"},
                    "condition": {"type": "term", "values": ["won"]}}]},
                 "_fields": {"opportunity": ["id", "lead_id", "value", "date_created"]},
                 "sort": [{"direction": "desc", "field": {"type": "regular_field",
                   "object_type": "opportunity", "field_name": "date_created"}}]}
                """));
    assertThat(won.path("data")).hasSize(1);
    JsonNode opp = won.path("data").get(0);
    assertThat(opp.path("__object_type").asText()).isEqualTo("opportunity");
    assertThat(opp.path("lead_id").asText()).isEqualTo(acmeId);
    assertThat(opp.path("value").asLong()).isEqualTo(125000);
    assertThat(fieldNames(opp))
        .containsExactlyInAnyOrder("__object_type", "id", "lead_id", "value", "date_created");

    JsonNode leads =
        api.post(
            "data/search",
            TestServer.parse(
                """
                {"query": {"type": "and", "queries": [
                   {"type": "object_type", "object_type": "lead"},
                   {"type": "field_condition",
                    "field": {"type": "regular_field", "object_type": "lead", "field_name": "name"},
                    "condition": {"type": "text", "mode": "full_words", "value": "ACME Inc."}}]}}
                """));
    assertThat(leads.path("data"))
        .containsExactly(Json.object().put("__object_type", "lead").put("id", acmeId));
  }

  @Test
  void validationErrorsCarryErrorsAndFieldErrors() {
    CloseioApiClient.ValidationError missing =
        catchThrowableOfType(
            CloseioApiClient.ValidationError.class,
            () -> api.post("export/lead", Json.object().put("format", "csv")));
    assertThat(missing.errors).isEqualTo(Json.array());
    assertThat(fieldNames(missing.fieldErrors)).containsExactly("type");
    assertThat(missing.fieldErrors.path("type").asText()).startsWith("type is required");
    JsonNode body = missing.response.json();
    assertThat(body.path("code").asText()).isEqualTo("invalid_parameter");
    assertThat(body.path("param").asText()).isEqualTo("type");
    assertThat(body.path("request_id").asText()).isEqualTo(missing.response.header("X-Request-Id"));
    assertThat(body.path("error").asText()).isEqualTo(body.path("message").asText());

    CloseioApiClient.ValidationError field =
        catchThrowableOfType(
            CloseioApiClient.ValidationError.class,
            () ->
                api.post(
                    "data/search",
                    TestServer.parse("{\"_fields\": {\"lead\": [\"id\", \"created_at\"]}}")));
    assertThat(field.fieldErrors.path("_fields.lead").asText())
        .contains("Unknown lead field created_at")
        .contains("date_created");

    CloseioApiClient.ValidationError limit =
        catchThrowableOfType(
            CloseioApiClient.ValidationError.class,
            () -> api.get("export", orderedParams("_limit", "0")));
    assertThat(fieldNames(limit.fieldErrors)).containsExactly("_limit");
    assertThat(limit.errors).isEqualTo(Json.array());
  }

  @Test
  void otherErrorsAreApiErrorsWithTheirMessageInErrors() {
    CloseioApiClient stranger =
        new CloseioApiClient(server.url("/api/v1/"), "lp_nope", "1.0", d -> pause(d));
    CloseioApiClient.ApiError unauthorized =
        catchThrowableOfType(CloseioApiClient.ApiError.class, () -> stranger.get("export"));
    assertThat(unauthorized).isNotInstanceOf(CloseioApiClient.ValidationError.class);
    assertThat(unauthorized.response.status()).isEqualTo(401);
    assertThat(unauthorized.response.header("WWW-Authenticate")).isNotNull();
    JsonNode body = unauthorized.response.json();
    assertThat(body.path("code").asText()).isEqualTo("unauthorized");
    assertThat(body.path("errors")).containsExactly(body.path("message"));
    assertThat(body.path("field-errors")).isEqualTo(Json.object());

    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    CloseioApiClient reader =
        new CloseioApiClient(server.url("/api/v1/"), readOnly, "1.0", d -> pause(d));
    CloseioApiClient.ApiError forbidden =
        catchThrowableOfType(CloseioApiClient.ApiError.class, () -> reader.get("export/lead"));
    assertThat(forbidden.response.status()).isEqualTo(403);
    JsonNode scope = forbidden.response.json();
    assertThat(scope.path("code").asText()).isEqualTo("insufficient_scope");
    assertThat(scope.path("errors")).containsExactly(scope.path("message"));
    assertThat(scope.path("field-errors")).isEqualTo(Json.object());
  }

  @Test
  void theClientSleepsForTheRateLimitResetAndItsRetrySucceeds() {
    MutableClock clock = new MutableClock(Instant.parse("2026-02-18T09:00:00Z"));
    try (TestServer limited = TestServer.start(clock, 2)) {
      Tenant tenant = limited.tenant("closeio-rate");
      List<Duration> slept = new ArrayList<>();
      CloseioApiClient client =
          new CloseioApiClient(
              limited.url("/api/v1/"),
              tenant.key(),
              "-0.0",
              d -> {
                slept.add(d);
                clock.advance(d);
              });
      client.get("export");
      client.get("export");
      Reply refused = limited.call("GET", "/api/v1/export/", tenant.key(), null);
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.header("RateLimit"))
          .matches("limit=2, remaining=0, reset=\\d+")
          .endsWith("reset=" + refused.header("Retry-After"));
      assertThat(refused.json().path("errors")).hasSize(1);
      assertThat(refused.json().path("field-errors")).isEqualTo(Json.object());

      JsonNode answered = client.get("export");
      assertThat(answered.path("data")).isEmpty();
      assertThat(slept).hasSize(1);
      assertThat(slept.get(0)).isEqualTo(CloseioApiClient.rateLimitSleep(refused));
      assertThat(slept.get(0)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(60));
    }
  }

  @Test
  void theExportQuota429CarriesTheRateLimitHeaderToo() {
    try (TestServer quota = TestServer.builder().exports(e -> e.withQuota(1)).start()) {
      Tenant tenant = quota.tenant("closeio-quota");
      ObjectNode body = Json.object().put("type", "leads").put("format", "csv");
      assertThat(quota.call("POST", "/api/v1/export/lead/", tenant.key(), body).status())
          .isEqualTo(200);
      Reply over = quota.call("POST", "/api/v1/export/lead/", tenant.key(), body);
      assertThat(over.status()).isEqualTo(429);
      assertThat(over.json().path("code").asText()).isEqualTo("export_quota_exceeded");
      assertThat(over.header("RateLimit"))
          .isEqualTo("limit=1, remaining=0, reset=" + over.header("Retry-After"));
      assertThat(Long.parseLong(over.header("Retry-After"))).isBetween(86_000L, 86_400L);
    }
  }

  /**
   * Close's export requests, verbatim from its parameter list (docs/close-exports.md): every type
   * with both formats, each date format, fields, activities, smart fields, addresses, custom
   * objects, no done email, and the advanced-filtering trio; each completes and downloads as the
   * seed says (gzip, text/csv or application/json). Sent with Basic auth by the client, and once
   * with Bearer.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("seedRequests")
  void seedExampleRequestsComplete(String body) {
    Tenant seedTenant = seedTenant();
    CloseioApiClient client =
        new CloseioApiClient(server.url("/api/v1/"), seedTenant.key(), "0.0", d -> pause(d));
    JsonNode created = client.post("export/lead", TestServer.parse(body));
    JsonNode done = poll(client, created.path("id").asText());
    assertDownload(done);
  }

  @Test
  void seedBearerAuthWorksToo() {
    Reply created =
        server.call(
            "POST",
            "/api/v1/export/lead/",
            seedTenant().key(),
            "{\"format\": \"csv\", \"type\": \"leads\", \"send_done_email\": false}");
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    CloseioApiClient client =
        new CloseioApiClient(server.url("/api/v1/"), seedTenant().key(), "0.0", d -> pause(d));
    assertDownload(poll(client, created.json().path("id").asText()));
  }

  static List<String> seedRequests() {
    List<String> out = new ArrayList<>();
    for (String type : List.of("leads", "contacts", "lead_opps")) {
      for (String format : List.of("csv", "json")) {
        out.add("{\"format\": \"" + format + "\", \"type\": \"" + type + "\"}");
      }
    }
    for (String dates : List.of("original", "iso8601", "excel")) {
      out.add("{\"format\": \"csv\", \"type\": \"contacts\", \"date_format\": \"" + dates + "\"}");
    }
    out.add("{\"format\": \"csv\", \"type\": \"leads\", \"fields\": [\"id\", \"display_name\"]}");
    out.add("{\"format\": \"json\", \"type\": \"leads\", \"include_activities\": true}");
    out.add("{\"format\": \"json\", \"type\": \"leads\", \"include_smart_fields\": true}");
    out.add("{\"format\": \"csv\", \"type\": \"lead_opps\", \"include_smart_fields\": true}");
    out.add(
        "{\"format\": \"csv\", \"type\": \"leads\", \"include_addresses\": true,"
            + " \"include_custom_objects\": false}");
    out.add("{\"format\": \"json\", \"type\": \"leads\", \"include_custom_objects\": true}");
    out.add("{\"format\": \"csv\", \"type\": \"leads\", \"send_done_email\": false}");
    out.add(
        """
        {"s_query": {"type": "and", "queries": [{"type": "object_type", "object_type": "lead"},
          {"type": "field_condition", "field": {"type": "regular_field", "object_type": "lead",
           "field_name": "name"}, "condition": {"type": "text", "mode": "full_words",
           "value": "ACME Inc."}}]},
         "results_limit": 10,
         "sort": [{"direction": "desc", "field": {"type": "regular_field", "object_type": "lead",
           "field_name": "date_created"}}],
         "format": "csv", "type": "leads", "date_format": "iso8601"}
        """);
    return out;
  }

  static synchronized Tenant seedTenant() {
    if (seedTenant == null) {
      seedTenant = server.tenant("close-seed-000");
      server.seed(seedTenant.workspaceId(), 5, 42);
    }
    return seedTenant;
  }

  static Tenant seedTenant;

  static void assertDownload(JsonNode done) {
    Reply file = AsyncExports.get(done.path("download_url").asText(), b -> b);
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.header("Content-Encoding")).isEqualTo("gzip");
    String format = done.path("format").asText();
    assertThat(file.header("Content-Type"))
        .startsWith(format.equals("csv") ? "text/csv" : "application/json");
    byte[] content = AsyncExports.gunzip(file.body());
    assertThat(content).isNotEmpty();
    if (format.equals("json")) {
      assertThat(TestServer.parse(new String(content, StandardCharsets.UTF_8)).isArray()).isTrue();
    }
    assertThat(done.path("n_docs_processed").asLong()).isEqualTo(done.path("n_docs").asLong());
  }

  // ------------------------------------------------------------------------------ helpers

  static JsonNode poll(String id) {
    return poll(api, id);
  }

  static JsonNode poll(CloseioApiClient api, String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      JsonNode e = api.get("export/" + id);
      String status = e.path("status").asText();
      if (status.equals("done")) {
        return e;
      }
      assertThat(status).isIn("created", "started", "in_progress");
      assertThat(System.nanoTime()).as("export %s finishes", id).isLessThan(deadline);
      pause(Duration.ofMillis(100));
    }
  }

  static void pause(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Map<String, String> orderedParams(String... kv) {
    Map<String, String> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(kv[i], kv[i + 1]);
    }
    return out;
  }

  static List<String> ids(JsonNode page) {
    List<String> out = new ArrayList<>();
    page.path("data").forEach(e -> out.add(e.path("id").asText()));
    return out;
  }

  static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new TreeSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static List<JsonNode> jsonDocs(byte[] file) {
    List<JsonNode> out = new ArrayList<>();
    TestServer.parse(new String(file, StandardCharsets.UTF_8)).forEach(out::add);
    return out;
  }

  static ObjectNode contact(String name, String title) {
    return Json.object().put("name", name).put("title", title);
  }

  /** Creates a lead through the native API; {@code won} adds a won and an active opportunity. */
  static ObjectNode lead(String name, String industry, ObjectNode... contacts) {
    ObjectNode body = Json.object().put("name", name);
    if (industry != null) {
      body.putObject("custom").put("Industry", industry);
    }
    var cs = body.putArray("contacts");
    for (ObjectNode c : contacts) {
      cs.add(c);
    }
    if (name.startsWith("ACME")) {
      body.putArray("opportunities")
          .add(Json.object().put("status_type", "won").put("value", 125000))
          .add(Json.object().put("status_type", "active").put("value", 5000));
    }
    Reply r = server.call("POST", "/api/v1/leads", t.key(), body);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return (ObjectNode) r.json();
  }
}
