package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.http.AdminIT.assertError;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** Every public endpoint: 401 without a key, 403 without its scope, 404 across workspaces. */
class AccessIT {
  static TestServer server;
  static Tenant owner;
  static Tenant stranger;
  static String lead;
  static String status;
  static String field;
  static String list;
  static String search;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    owner = server.tenant("owner");
    stranger = server.tenant("stranger");
    lead = id(server.call("POST", "/api/v1/leads", owner.key(), Json.object().put("name", "Mine")));
    status =
        id(server.call("POST", "/api/v1/statuses", owner.key(), Json.object().put("label", "S")));
    field =
        id(
            server.call(
                "POST",
                "/api/v1/custom_fields",
                owner.key(),
                Json.object().put("name", "F").put("type", "text")));
    list = id(server.call("POST", "/api/v1/lists", owner.key(), Json.object().put("name", "L")));
    var s = Json.object().put("name", "Q");
    s.putObject("query").put("type", "and").putArray("queries");
    search = id(server.call("POST", "/api/v1/saved_searches", owner.key(), s));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String id(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  /** method, path, scope needed, body, whether the path names an object of the owner. */
  static Stream<Arguments> endpoints() {
    String leadBody = "{\"name\":\"x\"}";
    String members = "{\"lead_ids\":[\"" + "LEAD" + "\"]}";
    return Stream.of(
        Arguments.of("POST", "/api/v1/leads", "leads.write", leadBody, false),
        Arguments.of("POST", "/api/v1/leads/bulk", "leads.write", "[" + leadBody + "]", false),
        Arguments.of("GET", "/api/v1/leads", "leads.read", null, false),
        Arguments.of("GET", "/api/v1/leads/LEAD", "leads.read", null, true),
        Arguments.of("PATCH", "/api/v1/leads/LEAD", "leads.write", leadBody, true),
        Arguments.of("DELETE", "/api/v1/leads/LEAD", "leads.write", null, true),
        Arguments.of("GET", "/api/v1/statuses", "leads.read", null, false),
        Arguments.of("POST", "/api/v1/statuses", "leads.write", "{\"label\":\"N\"}", false),
        Arguments.of("GET", "/api/v1/statuses/STATUS", "leads.read", null, true),
        Arguments.of("PATCH", "/api/v1/statuses/STATUS", "leads.write", "{\"label\":\"T\"}", true),
        Arguments.of("DELETE", "/api/v1/statuses/STATUS", "leads.write", null, true),
        Arguments.of("GET", "/api/v1/custom_fields", "leads.read", null, false),
        Arguments.of(
            "POST",
            "/api/v1/custom_fields",
            "leads.write",
            "{\"name\":\"G\",\"type\":\"text\"}",
            false),
        Arguments.of("GET", "/api/v1/custom_fields/FIELD", "leads.read", null, true),
        Arguments.of(
            "PATCH", "/api/v1/custom_fields/FIELD", "leads.write", "{\"name\":\"H\"}", true),
        Arguments.of("DELETE", "/api/v1/custom_fields/FIELD", "leads.write", null, true),
        Arguments.of("GET", "/api/v1/lists", "leads.read", null, false),
        Arguments.of("POST", "/api/v1/lists", "leads.write", "{\"name\":\"M\"}", false),
        Arguments.of("GET", "/api/v1/lists/LIST", "leads.read", null, true),
        Arguments.of("DELETE", "/api/v1/lists/LIST", "leads.write", null, true),
        Arguments.of("GET", "/api/v1/lists/LIST/members", "leads.read", null, true),
        Arguments.of("POST", "/api/v1/lists/LIST/members", "leads.write", members, true),
        Arguments.of("DELETE", "/api/v1/lists/LIST/members", "leads.write", members, true),
        Arguments.of("GET", "/api/v1/saved_searches", "leads.read", null, false),
        Arguments.of(
            "POST",
            "/api/v1/saved_searches",
            "leads.write",
            "{\"name\":\"Q2\",\"query\":{\"type\":\"and\",\"queries\":[]}}",
            false),
        Arguments.of("GET", "/api/v1/saved_searches/SEARCH", "leads.read", null, true),
        Arguments.of(
            "PATCH", "/api/v1/saved_searches/SEARCH", "leads.write", "{\"name\":\"Q3\"}", true),
        Arguments.of("DELETE", "/api/v1/saved_searches/SEARCH", "leads.write", null, true));
  }

  private static String fill(String s) {
    return s == null
        ? null
        : s.replace("LEAD", lead)
            .replace("STATUS", status)
            .replace("FIELD", field)
            .replace("LIST", list)
            .replace("SEARCH", search);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void needsAKey(String method, String path, String scope, String body, boolean owned) {
    Reply r = server.call(method, fill(path), null, fill(body));
    assertError(r, 401, "unauthorized", null);
    assertThat(r.header("WWW-Authenticate")).contains("Basic realm=\"leadport\"");
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("endpoints")
  void needsTheScope(String method, String path, String scope, String body, boolean owned) {
    List<String> others =
        Stream.of("leads.read", "leads.write", "leads.export")
            .filter(s -> !s.equals(scope))
            .toList();
    String key = server.createKey(owner.workspaceId(), others.toArray(String[]::new));
    Reply r = server.call(method, fill(path), key, fill(body));
    assertError(r, 403, "insufficient_scope", scope);
  }

  static Stream<Arguments> ownedEndpoints() {
    return endpoints().filter(a -> (Boolean) a.get()[4]);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("ownedEndpoints")
  void anotherWorkspacesObjectIsNotFound(
      String method, String path, String scope, String body, boolean owned) {
    Reply r = server.call(method, fill(path), stranger.key(), fill(body));
    assertError(r, 404, "not_found", null);
    // The owner still sees it: the stranger's attempt changed nothing.
    String itemPath = fill(path).replace("/members", "");
    assertThat(server.call("GET", itemPath, owner.key(), null).status()).isEqualTo(200);
  }
}
