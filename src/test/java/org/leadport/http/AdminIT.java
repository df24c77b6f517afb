package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

class AdminIT {
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void createsListsAndSuspendsWorkspaces() {
    Reply created = server.admin("POST", "/admin/v1/workspaces", Json.object().put("name", "acme"));
    assertThat(created.status()).isEqualTo(201);
    JsonNode ws = created.json();
    assertThat(ws.path("id").asText()).startsWith("ws_").hasSize(3 + 22);
    assertThat(ws.path("name").asText()).isEqualTo("acme");
    assertThat(ws.path("status").asText()).isEqualTo("active");

    Reply again = server.admin("POST", "/admin/v1/workspaces", Json.object().put("name", "acme"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("code").asText()).isEqualTo("workspace_exists");

    Reply byName = server.admin("GET", "/admin/v1/workspaces?name=acme", null);
    assertThat(byName.json().path("data").get(0).path("id")).isEqualTo(ws.path("id"));

    String id = ws.path("id").asText();
    String key = server.createKey(id, "leads.read");
    assertThat(server.call("GET", "/api/v1/leads", key, null).status()).isEqualTo(200);

    Reply suspended =
        server.admin(
            "PATCH", "/admin/v1/workspaces/" + id, Json.object().put("status", "suspended"));
    assertThat(suspended.status()).isEqualTo(200);
    assertThat(suspended.json().path("status").asText()).isEqualTo("suspended");
    Reply denied = server.call("GET", "/api/v1/leads", key, null);
    assertThat(denied.status()).isEqualTo(403);
    assertThat(denied.json().path("code").asText()).isEqualTo("workspace_suspended");

    server.admin("PATCH", "/admin/v1/workspaces/" + id, Json.object().put("status", "active"));
    assertThat(server.call("GET", "/api/v1/leads", key, null).status()).isEqualTo(200);
  }

  @Test
  void rejectsBadAdminInput() {
    assertError(
        server.admin("POST", "/admin/v1/workspaces", Json.object().put("name", "bad name!")),
        400,
        "invalid_parameter",
        "name");
    assertError(
        server.admin("POST", "/admin/v1/workspaces", Json.object().put("nme", "x")),
        400,
        "invalid_parameter",
        "nme");
    assertError(
        server.admin("POST", "/admin/v1/workspaces", "{\"name\":"), 400, "invalid_json", null);
    assertError(
        server.admin(
            "PATCH", "/admin/v1/workspaces/ws_nope", Json.object().put("status", "active")),
        404,
        "not_found",
        null);
    assertError(
        server.admin(
            "PATCH", "/admin/v1/workspaces/ws_nope", Json.object().put("status", "paused")),
        400,
        "invalid_parameter",
        "status");
    String ws = server.createWorkspace("scopes-check");
    ObjectNode badScope = Json.object().put("name", "k");
    badScope.putArray("scopes").add("leads.delete");
    assertError(
        server.admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", badScope),
        400,
        "invalid_parameter",
        "scopes");
  }

  @Test
  void adminApiNeedsTheAdminToken() {
    for (String token : new String[] {null, "wrong", "lp_notadmin"}) {
      Reply r = server.call("GET", "/admin/v1/workspaces", token, null);
      assertError(r, 401, "unauthorized", null);
      assertThat(r.header("WWW-Authenticate")).contains("Bearer realm=\"leadport\"");
    }
    String ws = server.createWorkspace("not-admin");
    String key = server.createKey(ws, "leads.read", "leads.write", "leads.export");
    assertThat(server.call("GET", "/admin/v1/workspaces", key, null).status()).isEqualTo(401);
  }

  @Test
  void keyLifecycleAndIdenticalDenials() {
    String ws = server.createWorkspace("keys");
    ObjectNode body = Json.object().put("name", "ci").put("email", "owner@example.com");
    body.putArray("scopes").add("leads.read").add("leads.export");
    Reply created = server.admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", body);
    assertThat(created.status()).isEqualTo(201);
    JsonNode key = created.json();
    assertThat(key.path("id").asText()).startsWith("key_");
    String secret = key.path("key").asText();
    assertThat(secret).startsWith("lp_").hasSizeGreaterThanOrEqualTo(3 + 22);
    assertThat(key.path("scopes").toString()).isEqualTo("[\"leads.read\",\"leads.export\"]");

    assertThat(server.call("GET", "/api/v1/leads", secret, null).status()).isEqualTo(200);
    assertThat(server.leadport().services().apiKeys().lastUsed(key.path("id").asText()))
        .isPresent();

    Reply basic =
        server.send(
            "/api/v1/leads",
            b ->
                b.header(
                        "Authorization",
                        "Basic "
                            + java.util.Base64.getEncoder()
                                .encodeToString((secret + ":").getBytes(StandardCharsets.UTF_8)))
                    .GET());
    assertThat(basic.status()).isEqualTo(200);

    assertThat(
            server.admin("DELETE", "/admin/v1/api-keys/" + key.path("id").asText(), null).status())
        .isEqualTo(204);
    Reply revoked = server.call("GET", "/api/v1/leads", secret, null);
    Reply unknown = server.call("GET", "/api/v1/leads", "lp_" + "x".repeat(43), null);
    Reply malformed = server.call("GET", "/api/v1/leads", "not-a-key", null);
    Reply missing = server.call("GET", "/api/v1/leads", null, null);
    for (Reply r : List.of(revoked, unknown, malformed, missing)) {
      assertError(r, 401, "unauthorized", null);
      assertThat(r.header("WWW-Authenticate"))
          .isEqualTo("Basic realm=\"leadport\", Bearer realm=\"leadport\"");
      assertThat(withoutRequestId(r)).isEqualTo(withoutRequestId(revoked));
    }
    assertThat(
            server.admin("DELETE", "/admin/v1/api-keys/" + key.path("id").asText(), null).status())
        .isEqualTo(404);
  }

  @Test
  void databaseHoldsNoKeySecret() {
    String ws = server.createWorkspace("dump");
    String secret = server.createKey(ws, "leads.read");
    Jdbi jdbi = server.leadport().services().database().jdbi();
    List<String> tables =
        jdbi.withHandle(h ->
            h.createQuery(
                    "select table_name from information_schema.tables"
                        + " where table_schema = 'public'")
                .mapTo(String.class)
                .list());
    assertThat(tables).contains("api_keys", "workspaces", "leads");
    List<String> dump = new ArrayList<>();
    for (String t : tables) {
      dump.addAll(
          jdbi.withHandle(h ->
              h.createQuery("select row_to_json(t)::text from \"" + t + "\" t")
                  .mapTo(String.class)
                  .list()));
    }
    String all = String.join("\n", dump);
    assertThat(all).contains(ws);
    assertThat(all).doesNotContain(secret).doesNotContain(secret.substring(3));
  }

  @Test
  void healthAndMetrics() {
    Reply health = server.call("GET", "/healthz", null, null);
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("ok");
    assertThat(health.header("X-Request-Id")).startsWith("req_");
    assertThat(server.call("GET", "/metrics", null, null).status()).isEqualTo(401);
    Reply metrics = server.admin("GET", "/metrics", null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).contains("jvm_memory_used_bytes").contains("leadport_http_requests");
  }

  @Test
  void unknownRoutesAndMethodsAreJson() {
    assertError(server.admin("GET", "/nope", null), 404, "not_found", null);
    assertError(server.admin("PUT", "/healthz", null), 405, "method_not_allowed", null);
  }

  static void assertError(Reply r, int status, String code, String param) {
    org.leadport.testing.Errors.assertError(r, status, code, param);
  }

  private static String withoutRequestId(Reply r) {
    ObjectNode body = (ObjectNode) r.json();
    body.remove("request_id");
    return body.toString();
  }
}
