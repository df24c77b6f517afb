package org.leadport;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ExchangeRecorder;
import org.leadport.testing.OpenApiContract;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * {@code openapi.yaml} against the real server: every route the server registers is documented and
 * every documented operation is served; this class drives every documented operation (successes and
 * the main errors of each surface); and every exchange any integration test made through {@link
 * TestServer} in this JVM conforms to the document (status documented for the operation, required
 * headers present, Content-Type documented, JSON bodies valid against their schema). It runs after
 * the other ITs (Failsafe orders classes by {@link Order}), so that last check covers the whole
 * suite's traffic.
 */
@Order(Integer.MAX_VALUE)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenApiConformanceIT {
  static final OpenApiContract CONTRACT = OpenApiContract.repository();
  static final String ORIGIN = OpenApiConformanceIT.class.getSimpleName();

  /** Two workers: exports finish. */
  static TestServer server;

  /** No workers, a quota of 3 and a rate limit of 5: exports stay queued, limits are reached. */
  static TestServer idle;

  static Tenant t;

  @BeforeAll
  static void start() {
    // Webhooks go to a receiver on loopback, as LEADPORT_WEBHOOK_ALLOW_PRIVATE allows.
    server = TestServer.builder().webhooks(w -> w.withAllowPrivate(true)).start();
    idle =
        TestServer.builder()
            .rateLimit(5)
            .exports(e -> e.withWorkers(0, Duration.ofSeconds(30)).withQuota(3))
            .start();
    t = server.tenant("openapi");
    server.seed(t.workspaceId(), 30, 7);
  }

  @AfterAll
  static void stop() {
    server.close();
    idle.close();
  }

  @Test
  @Order(1)
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedOperationIsServed() {
    List<String> routes = server.leadport().routes();
    assertThat(routes).contains("GET /healthz", "GET /openapi.yaml", "HEAD /downloads/<rest>");
    assertThat(CONTRACT.undocumented(routes)).as("routes missing from openapi.yaml").isEmpty();
    assertThat(CONTRACT.unserved(routes)).as("operations the server does not have").isEmpty();
  }

  @Test
  @Order(2)
  void theServerServesTheRepositorysDocument() throws Exception {
    Reply r = server.send("/openapi.yaml", b -> b.GET());
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("application/yaml");
    assertThat(r.body()).isEqualTo(Files.readAllBytes(OpenApiContract.FILE));
    assertThat(OpenApiContract.parse(r.text()).messages()).isEmpty();
    assertThat(status(server.send("/openapi.yaml?format=json", b -> b.GET()))).isEqualTo(400);
  }

  @Test
  @Order(3)
  void operationsAndAdmin() {
    expect(server.send("/healthz", b -> b.GET()), 200);
    expect(server.send("/healthz?verbose=1", b -> b.GET()), 400);
    Reply metrics = server.admin("GET", "/metrics", null);
    expect(metrics, 200);
    assertThat(metrics.header("Content-Type")).startsWith("text/plain");
    expect(server.call("GET", "/metrics", null, null), 401);

    String ws =
        expect(server.admin("POST", "/admin/v1/workspaces", name("oa-admin")), 201)
            .json()
            .path("id")
            .asText();
    expect(server.admin("POST", "/admin/v1/workspaces", name("oa-admin")), 409);
    expect(server.admin("POST", "/admin/v1/workspaces", name("-bad")), 400);
    expect(server.call("POST", "/admin/v1/workspaces", "wrong", name("x")), 401);
    expect(
        raw(server, "POST", "/admin/v1/workspaces", TestServer.ADMIN_TOKEN, "text/plain", "x"),
        415);
    expect(server.admin("GET", "/admin/v1/workspaces", null), 200);
    expect(server.admin("GET", "/admin/v1/workspaces?name=oa-admin", null), 200);
    expect(server.admin("GET", "/admin/v1/workspaces/" + ws, null), 200);
    expect(server.admin("GET", "/admin/v1/workspaces/ws_nope", null), 404);

    ObjectNode key = Json.object().put("name", "k").put("email", "ops@example.com");
    key.putArray("scopes").add("leads.read");
    Reply created =
        expect(server.admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", key), 201);
    String secret = created.json().path("key").asText();
    expect(server.admin("POST", "/admin/v1/workspaces/ws_nope/api-keys", key), 404);
    ObjectNode badKey = Json.object().put("name", "k");
    badKey.putArray("scopes").add("leads.everything");
    expect(server.admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", badKey), 400);

    expect(
        server.admin("POST", "/admin/v1/workspaces/" + ws + "/seed", Json.object().put("leads", 2)),
        200);
    expect(server.admin("POST", "/admin/v1/workspaces/" + ws + "/seed", Json.object()), 400);

    expect(server.admin("PATCH", "/admin/v1/workspaces/" + ws, status("suspended")), 200);
    expect(server.call("GET", "/api/v1/leads", secret, null), 403);
    expect(server.admin("PATCH", "/admin/v1/workspaces/" + ws, status("gone")), 400);
    expect(server.admin("PATCH", "/admin/v1/workspaces/ws_nope", status("active")), 404);

    String keyId = created.json().path("id").asText();
    expect(server.admin("DELETE", "/admin/v1/api-keys/" + keyId, null), 204);
    expect(server.admin("DELETE", "/admin/v1/api-keys/key_nope", null), 404);
    expect(server.call("GET", "/api/v1/leads", secret, null), 401);
  }

  @Test
  @Order(4)
  void nativeLeads() {
    String key = t.key();
    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    ObjectNode lead = Json.object().put("name", "Acme").put("source", "web");
    lead.putArray("contacts")
        .addObject()
        .put("name", "Ann")
        .putArray("emails")
        .addObject()
        .put("email", "ann@acme.example");
    lead.putArray("activities").addObject().put("type", "call").put("date", "2026-02-18T13:04:05Z");
    Reply created = expect(server.call("POST", "/api/v1/leads", key, lead), 201);
    String id = created.json().path("id").asText();
    expect(server.call("POST", "/api/v1/leads", key, Json.object().put("nope", 1)), 400);
    expect(server.call("POST", "/api/v1/leads", null, lead), 401);
    expect(server.call("POST", "/api/v1/leads", readOnly, lead), 403);
    expect(raw(server, "POST", "/api/v1/leads", key, "text/plain", "{}"), 415);
    expect(raw(server, "POST", "/api/v1/leads", key, "application/json", "{nope"), 400);
    expect(
        raw(
            server,
            "POST",
            "/api/v1/leads",
            key,
            "application/json",
            "{\"name\":\"" + "x".repeat(1 << 20) + "\"}"),
        413);

    var bulk = Json.array();
    bulk.addObject().put("name", "B1");
    bulk.addObject().put("name", "B2");
    expect(server.call("POST", "/api/v1/leads/bulk", key, bulk), 201);
    expect(
        raw(
            server,
            "POST",
            "/api/v1/leads/bulk",
            key,
            "application/x-ndjson",
            "{\"name\":\"N1\"}\n{\"name\":\"N2\"}\n"),
        201);
    expect(server.call("POST", "/api/v1/leads/bulk", key, Json.object()), 400);

    expect(server.call("GET", "/api/v1/leads?limit=5&source=web", key, null), 200);
    expect(server.call("GET", "/api/v1/leads?limit=0", key, null), 400);
    expect(server.call("GET", "/api/v1/changes?limit=5&source=web", key, null), 200);
    expect(server.call("GET", "/api/v1/changes?from=2026-01-01T00:00:00Z", key, null), 400);
    expect(server.call("GET", "/api/v1/leads/" + id, key, null), 200);
    expect(server.call("GET", "/api/v1/leads/lead_nope", key, null), 404);
    expect(
        server.call("PATCH", "/api/v1/leads/" + id, key, Json.object().put("campaign", "q1")), 200);
    expect(
        server.call("PATCH", "/api/v1/leads/lead_nope", key, Json.object().put("name", "x")), 404);
    expect(server.call("DELETE", "/api/v1/leads/" + id, key, null), 204);
    expect(server.call("DELETE", "/api/v1/leads/lead_nope", key, null), 404);
    expect(server.call("PUT", "/api/v1/leads", key, null), 405);
    expect(server.call("GET", "/api/v1/nothing-here", key, null), 404);
  }

  @Test
  @Order(5)
  void nativeCatalog() {
    String key = t.key();
    String status =
        expect(server.call("POST", "/api/v1/statuses", key, label("OpenAPI")), 201)
            .json()
            .path("id")
            .asText();
    expect(server.call("POST", "/api/v1/statuses", key, label("OpenAPI")), 409);
    expect(server.call("GET", "/api/v1/statuses", key, null), 200);
    expect(server.call("GET", "/api/v1/statuses/" + status, key, null), 200);
    expect(server.call("GET", "/api/v1/statuses/stat_nope", key, null), 404);
    expect(
        server.call("PATCH", "/api/v1/statuses/" + status, key, Json.object().put("position", 0)),
        200);
    String used =
        expect(server.call("POST", "/api/v1/statuses", key, label("Used")), 201)
            .json()
            .path("id")
            .asText();
    expect(
        server.call(
            "POST", "/api/v1/leads", key, Json.object().put("name", "x").put("status_id", used)),
        201);
    expect(server.call("DELETE", "/api/v1/statuses/" + used, key, null), 409);
    expect(server.call("DELETE", "/api/v1/statuses/" + status, key, null), 204);

    ObjectNode field = Json.object().put("name", "Region").put("type", "text");
    String cf =
        expect(server.call("POST", "/api/v1/custom_fields", key, field), 201)
            .json()
            .path("id")
            .asText();
    expect(server.call("POST", "/api/v1/custom_fields", key, field), 409);
    expect(server.call("GET", "/api/v1/custom_fields", key, null), 200);
    expect(server.call("GET", "/api/v1/custom_fields/" + cf, key, null), 200);
    expect(server.call("GET", "/api/v1/custom_fields/cf_nope", key, null), 404);
    expect(
        server.call("PATCH", "/api/v1/custom_fields/" + cf, key, Json.object().put("name", "Area")),
        200);
    expect(server.call("DELETE", "/api/v1/custom_fields/" + cf, key, null), 204);
    expect(server.call("DELETE", "/api/v1/custom_fields/" + cf, key, null), 404);

    String list =
        expect(server.call("POST", "/api/v1/lists", key, name("VIPs")), 201)
            .json()
            .path("id")
            .asText();
    String lead = AsyncExports.nativeLeads(server, key).get(0).path("id").asText();
    expect(server.call("GET", "/api/v1/lists", key, null), 200);
    expect(server.call("GET", "/api/v1/lists/" + list, key, null), 200);
    expect(server.call("GET", "/api/v1/lists/list_nope", key, null), 404);
    expect(server.call("POST", "/api/v1/lists/" + list + "/members", key, ids(lead)), 200);
    expect(server.call("POST", "/api/v1/lists/" + list + "/members", key, ids("lead_nope")), 400);
    expect(server.call("GET", "/api/v1/lists/" + list + "/members?limit=10", key, null), 200);
    expect(server.call("DELETE", "/api/v1/lists/" + list + "/members", key, ids(lead)), 200);
    expect(server.call("DELETE", "/api/v1/lists/" + list, key, null), 204);

    ObjectNode search = Json.object().put("name", "Web leads");
    search.putObject("query").put("type", "and").putArray("queries");
    String saved =
        expect(server.call("POST", "/api/v1/saved_searches", key, search), 201)
            .json()
            .path("id")
            .asText();
    expect(server.call("POST", "/api/v1/saved_searches", key, name("no query")), 400);
    expect(server.call("GET", "/api/v1/saved_searches", key, null), 200);
    expect(server.call("GET", "/api/v1/saved_searches/" + saved, key, null), 200);
    expect(server.call("GET", "/api/v1/saved_searches/nope", key, null), 404);
    expect(server.call("PATCH", "/api/v1/saved_searches/" + saved, key, name("Renamed")), 200);
    expect(server.call("DELETE", "/api/v1/saved_searches/" + saved, key, null), 204);
  }

  @Test
  @Order(6)
  void partnerSyncExport() {
    Reply first = expect(server.call("GET", "/api/v1/leads/export?limit=5", t.key(), null), 200);
    assertThat(first.header("X-Export-Truncated")).isEqualTo("true");
    String cursor = first.header("X-Export-Next-Cursor");
    expect(server.call("GET", "/api/v1/leads/export?limit=5&cursor=" + cursor, t.key(), null), 200);
    Reply gzip =
        expect(
            server.send(
                "/api/v1/leads/export?bom=true",
                b ->
                    b.header("Authorization", "Bearer " + t.key())
                        .header("Accept-Encoding", "gzip")),
            200);
    assertThat(gzip.header("Content-Encoding")).isEqualTo("gzip");
    expect(server.call("GET", "/api/v1/leads/export?cursor=forged", t.key(), null), 400);
    expect(server.call("GET", "/api/v1/leads/export", null, null), 401);
    expect(server.call("GET", "/api/v1/leads/export/schema?language=de", t.key(), null), 200);
    expect(server.call("GET", "/api/v1/leads/export/schema?language=xx", t.key(), null), 400);
  }

  @Test
  @Order(7)
  void closeSearchExportsAndDownloads() throws Exception {
    String key = t.key();
    ObjectNode search = Json.object().put("_limit", 2).put("include_counts", true);
    search.putObject("_fields").putArray("lead").add("id").add("display_name");
    Reply page = expect(server.call("POST", "/api/v1/data/search/", key, search), 200);
    assertThat(page.json().path("cursor").isTextual()).isTrue();
    expect(server.call("POST", "/api/v1/data/search", key, Json.object().put("_limit", 1)), 200);
    expect(server.call("POST", "/api/v1/data/search/", key, Json.object().put("nope", 1)), 400);

    ObjectNode body = Json.object().put("format", "csv").put("type", "leads");
    Reply created =
        expect(
            send(server, "POST", "/api/v1/export/lead/", key, body, "Idempotency-Key", "oa-1"),
            200);
    Reply replayed =
        expect(
            send(server, "POST", "/api/v1/export/lead/", key, body, "Idempotency-Key", "oa-1"),
            200);
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    ObjectNode other = Json.object().put("format", "json").put("type", "leads");
    expect(
        send(server, "POST", "/api/v1/export/lead/", key, other, "Idempotency-Key", "oa-1"), 422);
    expect(
        server.call("POST", "/api/v1/export/lead", key, Json.object().put("format", "pdf")), 400);
    ObjectNode opps = Json.object().put("format", "jsonl");
    opps.putObject("params").put("status_type", "won");
    String oppsId =
        expect(server.call("POST", "/api/v1/export/opportunity/", key, opps), 200)
            .json()
            .path("id")
            .asText();

    String id = created.json().path("id").asText();
    expect(server.call("GET", "/api/v1/export/lead/?_limit=1", key, null), 200);
    expect(server.call("GET", "/api/v1/export/opportunity/", key, null), 200);
    expect(server.call("GET", "/api/v1/export/lead/" + id + "/", key, null), 200);
    expect(server.call("GET", "/api/v1/export/opportunity/" + oppsId + "/", key, null), 200);
    expect(server.call("GET", "/api/v1/export/opportunity/" + id + "/", key, null), 404);
    JsonNode done = AsyncExports.await(server, key, id);
    assertThat(done.path("status").asText()).isEqualTo("done");
    expect(server.call("GET", "/api/v1/export/", key, null), 200);
    expect(server.call("GET", "/api/v1/export?_limit=1&_fields=id,status", key, null), 200);
    expect(server.call("GET", "/api/v1/export/" + id + "/?_fields=id,n_docs", key, null), 200);
    expect(server.call("GET", "/api/v1/export/" + id + "/?_fields=nope", key, null), 400);
    expect(server.call("GET", "/api/v1/export/expo_nope/", key, null), 404);
    expect(server.call("POST", "/api/v1/export/" + id + "/cancel/", key, null), 409);
    expect(server.call("GET", "/api/v1/export/" + id + "/schema/", key, null), 200);
    expect(server.call("GET", "/api/v1/export/expo_nope/schema", key, null), 404);

    String url = done.path("download_url").asText();
    Reply file = expect(AsyncExports.get(url, b -> b), 200);
    String etag = file.header("ETag");
    expect(AsyncExports.get(url, b -> b.header("Range", "bytes=0-9")), 206);
    expect(AsyncExports.get(url, b -> b.header("Range", "bytes=999999999-")), 416);
    expect(AsyncExports.get(url, b -> b.header("If-None-Match", etag)), 304);
    expect(AsyncExports.get(url, b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody())), 200);
    expect(AsyncExports.get(url.replace("signature=", "signature=x"), b -> b), 403);

    expect(server.call("DELETE", "/api/v1/export/" + id + "/", key, null), 204);
    expect(server.call("DELETE", "/api/v1/export/" + id, key, null), 404);
  }

  @Test
  @Order(8)
  void hubspotSearchAndExports() throws Exception {
    String key = t.key();
    Reply page =
        expect(
            server.call(
                "POST", "/crm/v3/objects/companies/search", key, Json.object().put("limit", 2)),
            200);
    assertThat(page.json().path("paging").path("next").path("after").isTextual()).isTrue();
    expect(server.call("POST", "/crm/v3/objects/contacts/search/", key, Json.object()), 200);
    expect(server.call("POST", "/crm/v3/objects/widgets/search", key, Json.object()), 404);
    ObjectNode bad = Json.object();
    bad.putArray("sorts").addObject().put("propertyName", "no_such_property");
    expect(server.call("POST", "/crm/v3/objects/deals/search", key, bad), 400);
    expect(server.call("POST", "/crm/v3/objects/deals/search", null, Json.object()), 401);
    expect(
        raw(
            server,
            "POST",
            "/crm/v3/objects/deals/search",
            key,
            "application/json",
            "{\"query\":\"" + "x".repeat(70_000) + "\"}"),
        413);
    expect(raw(server, "POST", "/crm/v3/objects/deals/search", key, "text/plain", "{}"), 415);

    ObjectNode export =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", "CSV")
            .put("objectType", "COMPANY")
            .put("exportName", "oa");
    Reply started = expect(server.call("POST", "/crm/v3/exports/export/async", key, export), 202);
    expect(
        send(server, "POST", "/crm/v3/exports/export/async/", key, export, "Idempotency-Key", "h"),
        202);
    expect(
        send(
            server,
            "POST",
            "/crm/v3/exports/export/async",
            key,
            export.deepCopy().put("format", "XLSX"),
            "Idempotency-Key",
            "h"),
        422);
    expect(
        server.call(
            "POST", "/crm/v3/exports/export/async", key, Json.object().put("format", "CSV")),
        400);
    // Javalin answers a method no route has, and a path no route has, itself: in the native error
    // shape, not HubSpot's (the document's catch-alls).
    Reply wrongMethod = expect(server.call("GET", "/crm/v3/exports/export/async", key, null), 405);
    assertThat(wrongMethod.json().path("code").asText()).isEqualTo("method_not_allowed");
    assertThat(wrongMethod.json().has("correlationId")).isFalse();
    expect(server.call("GET", "/crm/v3/nowhere", key, null), 404);
    String task = started.json().path("id").asText();
    String statusPath = "/crm/v3/exports/export/async/tasks/" + task + "/status";
    JsonNode status;
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    do {
      status = expect(server.call("GET", statusPath, key, null), 200).json();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    } while (!status.path("status").asText().equals("COMPLETE"));
    expect(server.call("GET", statusPath + "/", key, null), 200);
    expect(AsyncExports.get(status.path("result").asText(), b -> b), 200);
    expect(server.call("GET", "/crm/v3/exports/export/async/tasks/999999/status", key, null), 404);
    expect(server.call("GET", "/crm/v3/exports/export/async/tasks/abc/status", key, null), 404);
    expect(
        server.call("GET", "/crm/v3/exports/export/async/tasks/" + task + "/schema", key, null),
        200);
    expect(server.call("GET", "/crm/v3/exports/export/async/tasks/999999/schema", key, null), 404);
    expect(
        server.call("POST", "/crm/v3/exports/export/async/tasks/" + task + "/cancel", key, null),
        409);
  }

  @Test
  @Order(9)
  void jsonApiExportLogs() {
    String key = t.key();
    String field =
        expect(
                server.call(
                    "POST",
                    "/api/v1/custom_fields",
                    key,
                    Json.object().put("name", "Tier").put("type", "text")),
                201)
            .json()
            .path("id")
            .asText();
    Reply created =
        expect(
            jsonApi(server, "POST", "/api/v2/contacts/exports", key, log("{\"Tier\":\"Gold\"}")),
            201);
    String id = created.json().path("data").path("id").asText();
    expect(jsonApi(server, "POST", "/api/v2/contacts/exports", key, log("{\"Tier\":[1,{}]}")), 400);
    expect(
        jsonApi(
            server, "POST", "/api/v2/contacts/exports", key, "{\"data\":{\"type\":\"people\"}}"),
        409);
    expect(
        jsonApi(
            server,
            "POST",
            "/api/v2/contacts/exports",
            key,
            "{\"data\":{\"type\":\"export_logs\",\"id\":\"x\"}}"),
        403);
    expect(raw(server, "POST", "/api/v2/contacts/exports", key, "text/plain", "{}"), 415);
    expect(
        raw(
            server,
            "POST",
            "/api/v2/contacts/exports",
            key,
            "application/vnd.api+json",
            "{\"data\":{\"type\":\"export_logs\",\"meta\":\"" + "x".repeat(300_000) + "\"}}"),
        413);
    expect(
        server.send(
            "/api/v2/contacts/exports/" + id,
            b ->
                b.header("Authorization", "Bearer " + key)
                    .header("Accept", "application/vnd.api+json; version=2")),
        406);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id, null, null), 401);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id, key, null), 200);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + ".csv", key, null), 200);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + ".xlsx", key, null), 200);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + ".pdf", key, null), 400);
    expect(server.call("GET", "/api/v2/contacts/exports/nope", key, null), 404);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + "/schema", key, null), 200);
    expect(server.call("GET", "/api/v2/contacts/exports/nope/schema", key, null), 404);
    expect(server.call("GET", "/api/v2/contacts/exports/nope.csv", key, null), 404);
    for (String method : List.of("GET", "PUT", "PATCH", "DELETE")) {
      expect(server.call(method, "/api/v2/contacts/exports", key, null), 405);
    }
    for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
      expect(server.call(method, "/api/v2/contacts/exports/" + id, key, null), 405);
    }
    expect(server.call("DELETE", "/api/v1/custom_fields/" + field, key, null), 204);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + ".csv", key, null), 422);
    expect(server.call("GET", "/api/v2/contacts/exports/" + id + ".xlsx", key, null), 422);
  }

  @Test
  @Order(10)
  void console() throws Exception {
    String key = t.key();
    expect(server.call("GET", "/api/v1/exports/options", key, null), 200);
    ObjectNode body = Json.object().put("type", "contacts").put("format", "csv");
    body.putObject("filters").put("updated_since", "2020-01-01");
    Reply created =
        expect(send(server, "POST", "/api/v1/exports", key, body, "Idempotency-Key", "c1"), 202);
    Reply replayed =
        expect(send(server, "POST", "/api/v1/exports", key, body, "Idempotency-Key", "c1"), 202);
    assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    expect(
        send(
            server,
            "POST",
            "/api/v1/exports",
            key,
            body.deepCopy().put("format", "xlsx"),
            "Idempotency-Key",
            "c1"),
        422);
    expect(server.call("POST", "/api/v1/exports", key, Json.object().put("type", "leads")), 400);
    String id = created.json().path("id").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonNode job;
    do {
      job = expect(server.call("GET", "/api/v1/exports/" + id, key, null), 200).json();
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(50);
    } while (!job.path("state").asText().equals("succeeded"));
    expect(server.call("GET", "/api/v1/exports?limit=2", key, null), 200);
    expect(server.call("GET", "/api/v1/exports?limit=0", key, null), 400);
    expect(server.call("GET", "/api/v1/exports/expo_nope", key, null), 404);
    expect(server.call("GET", "/api/v1/exports/" + id + "/schema", key, null), 200);
    expect(server.call("GET", "/api/v1/exports/expo_nope/schema", key, null), 404);
    Reply link = expect(server.call("POST", "/api/v1/exports/" + id + "/link", key, null), 200);
    expect(AsyncExports.get(link.json().path("url").asText(), b -> b), 200);
    expect(server.call("POST", "/api/v1/exports/" + id + "/cancel", key, null), 409);
    expect(server.call("POST", "/api/v1/exports/expo_nope/link", key, null), 404);
  }

  @Test
  @Order(13)
  void webhooks() throws Exception {
    com.sun.net.httpserver.HttpServer receiver =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
    receiver.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    try {
      Tenant w = server.tenant("openapi-webhooks");
      String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
      ObjectNode body = Json.object().put("url", url).put("description", "openapi");
      body.putArray("events").add("lead.created");
      String id =
          expect(server.call("POST", "/api/v1/webhooks", w.key(), body), 201)
              .json()
              .path("id")
              .asText();
      ObjectNode bad = body.deepCopy().put("url", "ftp://nope");
      expect(server.call("POST", "/api/v1/webhooks", w.key(), bad), 400);
      expect(server.call("GET", "/api/v1/webhooks", w.key(), null), 200);
      expect(server.call("GET", "/api/v1/webhooks/" + id, w.key(), null), 200);
      expect(server.call("GET", "/api/v1/webhooks/whep_nope", w.key(), null), 404);
      expect(server.call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", w.key(), null), 200);
      expect(server.call("POST", "/api/v1/webhooks/" + id + "/enable", w.key(), null), 200);
      expect(server.call("POST", "/api/v1/leads", w.key(), Json.object().put("name", "Hook")), 201);
      JsonNode log = null;
      for (int i = 0; i < 300; i++) {
        log =
            expect(server.call("GET", "/api/v1/webhooks/" + id + "/deliveries", w.key(), null), 200)
                .json();
        if (log.path("data").size() > 0
            && log.path("data").get(0).path("status").asText().equals("succeeded")) {
          break;
        }
        Thread.sleep(100);
      }
      String msg = log.path("data").get(0).path("id").asText();
      expect(
          server.call(
              "POST",
              "/api/v1/webhooks/" + id + "/deliveries/" + msg + "/redeliver",
              w.key(),
              null),
          202);
      expect(server.call("DELETE", "/api/v1/webhooks/" + id, w.key(), null), 204);
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  @Order(12)
  void consolePageAndMalformedRequests() {
    for (String path : List.of("/console", "/console/console.js")) {
      Reply page = expect(server.send(path, b -> b.GET()), 200);
      expect(server.send(path, b -> b.header("If-None-Match", page.header("ETag")).GET()), 304);
      expect(server.send(path, b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody())), 200);
    }
    expect(server.send("/console/", b -> b.GET()), 308);
    expect(
        server.send("/console/", b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody())), 308);
    expect(server.send("/console/nope.js", b -> b.GET()), 404);
    Reply malformed = expect(server.send("/api/v1/leads/..;/statuses", b -> b.GET()), 400);
    assertThat(malformed.json().path("code").asText()).isEqualTo("malformed_request");
  }

  @Test
  @Order(11)
  void queuedExportsQuotaAndRateLimits() {
    Tenant q = idle.tenant("openapi-idle");
    String other = idle.createKey(q.workspaceId(), "leads.read", "leads.export");
    ObjectNode close = Json.object().put("format", "csv").put("type", "leads");
    String closeId =
        expect(idle.call("POST", "/api/v1/export/lead/", q.key(), close), 200)
            .json()
            .path("id")
            .asText();
    ObjectNode hub =
        Json.object().put("exportType", "VIEW").put("format", "CSV").put("objectType", "DEAL");
    String task =
        expect(idle.call("POST", "/crm/v3/exports/export/async", q.key(), hub), 202)
            .json()
            .path("id")
            .asText();
    ObjectNode console = Json.object().put("type", "leads").put("format", "csv");
    String consoleId =
        expect(idle.call("POST", "/api/v1/exports", q.key(), console), 202)
            .json()
            .path("id")
            .asText();
    expect(idle.call("POST", "/api/v1/export/lead/", q.key(), close), 429);
    // HubSpot's surface counts ceil(5 / 6) = 1 request a key each ten seconds: the quota is met
    // with a key that has not spent it.
    expect(idle.call("POST", "/crm/v3/exports/export/async", other, hub), 429);
    expect(idle.call("POST", "/api/v1/exports", other, console), 429);

    expect(idle.call("GET", "/api/v1/exports", other, null), 200);
    Reply notReady =
        expect(idle.call("POST", "/api/v1/exports/" + closeId + "/link", other, null), 409);
    assertThat(notReady.json().path("code").asText()).isEqualTo("export_not_ready");
    expect(idle.call("POST", "/api/v1/export/" + closeId + "/cancel/", other, null), 200);
    String cancel = "/crm/v3/exports/export/async/tasks/" + task + "/cancel";
    String canceller = idle.createKey(q.workspaceId(), "leads.export");
    expect(idle.call("POST", cancel, canceller, null), 200);
    String third = idle.createKey(q.workspaceId(), "leads.export");
    expect(idle.call("POST", "/api/v1/exports/" + consoleId + "/cancel", third, null), 200);

    String limited = idle.createKey(q.workspaceId(), "leads.read", "leads.export");
    List<Integer> catalog = new ArrayList<>();
    List<Integer> crm = new ArrayList<>();
    List<Integer> jsonApi = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      catalog.add(idle.call("GET", "/api/v1/statuses", limited, null).status());
      crm.add(idle.call("POST", "/crm/v3/objects/deals/search", limited, Json.object()).status());
      jsonApi.add(idle.call("GET", "/api/v2/contacts/exports/nope", limited, null).status());
    }
    assertThat(catalog).containsExactly(200, 200, 200, 200, 200, 429);
    // HubSpot's surface: 1 request each ten seconds (LEADPORT_RATE_LIMIT 5 / 6, rounded up).
    assertThat(crm).containsExactly(200, 429, 429, 429, 429, 429);
    assertThat(jsonApi).containsExactly(404, 404, 404, 404, 404, 429);
  }

  @Test
  @Order(100)
  void thisClassReachedEveryDocumentedOperationWithASuccess() {
    Map<String, Integer> mine = ExchangeRecorder.hits().getOrDefault(ORIGIN, Map.of());
    Set<String> missing = new TreeSet<>();
    for (OpenApiContract.Op op : CONTRACT.operations()) {
      Set<String> statuses = op.operation().getResponses().keySet();
      String wanted =
          statuses.stream()
              .filter(s -> s.startsWith("2"))
              .findFirst()
              .orElse(statuses.iterator().next());
      if (!mine.containsKey(op.id() + " " + wanted)) {
        missing.add(op + " " + wanted);
      }
    }
    assertThat(missing).as("operations this IT never answered with a success").isEmpty();
  }

  @Test
  @Order(101)
  void everyRecordedExchangeOfEveryIntegrationTestConforms() throws Exception {
    assertThat(ExchangeRecorder.checked()).isGreaterThan(100);
    StringBuilder summary = new StringBuilder();
    Map<String, Map<String, Integer>> byOperation = new TreeMap<>();
    ExchangeRecorder.hits()
        .forEach((origin, hits) -> {
          summary
              .append(origin)
              .append(": ")
              .append(hits.values().stream().mapToInt(Integer::intValue).sum())
              .append(" exchanges\n");
          hits.forEach((opStatus, n) -> {
            int space = opStatus.lastIndexOf(' ');
            byOperation
                .computeIfAbsent(opStatus.substring(0, space), k -> new TreeMap<>())
                .merge(opStatus.substring(space + 1), n, Integer::sum);
          });
        });
    StringBuilder report =
        new StringBuilder("# exchanges checked against openapi.yaml, by operation and status\n");
    byOperation.forEach(
        (op, statuses) -> report.append(op).append(' ').append(statuses).append('\n'));
    report.append("\n# by test class\n").append(summary);
    report.append("\n# violations\n");
    ExchangeRecorder.violations().forEach(v -> report.append(v).append('\n'));
    Files.createDirectories(java.nio.file.Path.of("target"));
    Files.writeString(java.nio.file.Path.of("target", "openapi-conformance.txt"), report);
    System.out.println(
        "OpenAPI conformance: "
            + ExchangeRecorder.checked()
            + " exchanges (target/openapi-conformance.txt)\n"
            + summary);
    assertThat(ExchangeRecorder.violations())
        .as("exchanges that do not conform to openapi.yaml")
        .isEmpty();
  }

  // ---- helpers

  /** Asserts the status (with the response in the message) and returns the reply. */
  static Reply expect(Reply r, int status) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    return r;
  }

  static int status(Reply r) {
    return r.status();
  }

  static Reply raw(
      TestServer s, String method, String path, String key, String contentType, String body) {
    return s.send(
        path,
        b -> {
          if (key != null) {
            b.header("Authorization", "Bearer " + key);
          }
          return b.header("Content-Type", contentType)
              .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        });
  }

  static Reply send(
      TestServer s, String method, String path, String key, Object body, String... headers) {
    UnaryOperator<HttpRequest.Builder> build =
        b -> {
          b.header("Authorization", "Bearer " + key);
          for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
          }
          return b.header("Content-Type", "application/json")
              .method(method, HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
        };
    return s.send(path, build);
  }

  static Reply jsonApi(TestServer s, String method, String path, String key, String body) {
    return raw(s, method, path, key, "application/vnd.api+json", body);
  }

  static String log(String filter) {
    return "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":{\"filter\":"
        + filter
        + "}}}}";
  }

  static ObjectNode name(String name) {
    return Json.object().put("name", name);
  }

  static ObjectNode label(String label) {
    return Json.object().put("label", label);
  }

  static ObjectNode status(String status) {
    return Json.object().put("status", status);
  }

  static ObjectNode ids(String... ids) {
    ObjectNode o = Json.object();
    var a = o.putArray("lead_ids");
    for (String id : ids) {
      a.add(id);
    }
    return o;
  }
}
