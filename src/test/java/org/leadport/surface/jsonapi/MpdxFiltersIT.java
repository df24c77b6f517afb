package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.surface.jsonapi.ContactExportIT.assertJsonApiError;
import static org.leadport.surface.jsonapi.ContactExportIT.column;
import static org.leadport.surface.jsonapi.ContactExportIT.rows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * MPDX's contact filter keys over HTTP, as its web client and API send them: the status groups
 * ({@code active}, {@code hidden}, {@code null}) mapped onto Leadport's status types, labels and
 * comma-separated lists, {@code tags} as lists with {@code any_tags}, {@code ids}, and {@code
 * account_list_id} as the workspace. Every case is sent as an object and as a JSON string, and
 * judged by the contacts of the rendered CSV (each lead here has one contact named like it).
 */
class MpdxFiltersIT {
  static final String BASE = "/api/v2/contacts/exports";
  static final String FILTER = "/data/attributes/params/filter";

  static TestServer server;
  static Tenant t;
  static String otherWorkspace;
  static final Map<String, String> leads = new LinkedHashMap<>();
  static final Map<String, String> lists = new LinkedHashMap<>();

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("mpdx-filters");
    otherWorkspace = server.tenant("mpdx-filters-other").workspaceId();
    status("Partner - Financial", "won");
    status("Ask in Future", "active");
    status("Never Ask", "lost");
    status("Not Interested", "lost");
    Map<String, String> statusOf = new LinkedHashMap<>();
    statusOf.put("P", "Partner - Financial");
    statusOf.put("A", "Ask in Future");
    statusOf.put("N", "Never Ask");
    statusOf.put("I", "Not Interested");
    statusOf.put("Z", null);
    for (var e : statusOf.entrySet()) {
      ObjectNode lead = Json.object().put("name", "Lead " + e.getKey());
      // An explicit null: a lead created without one gets the workspace's default status.
      lead.put("status_label", e.getValue());
      lead.putArray("contacts").addObject().put("name", e.getKey());
      Reply r = call("POST", "/api/v1/leads", lead);
      assertThat(r.status()).as("%s", r).isEqualTo(201);
      leads.put(e.getKey(), r.json().path("id").asText());
    }
    list("Prayer", "P", "A", "Z");
    list("Newsletter", "A", "N");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply call(String method, String path, JsonNode body) {
    return server.call(method, path, t.key(), body);
  }

  static void status(String label, String type) {
    Reply r = call("POST", "/api/v1/statuses", Json.object().put("label", label).put("type", type));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
  }

  static void list(String name, String... members) {
    Reply r = call("POST", "/api/v1/lists", Json.object().put("name", name));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    String id = r.json().path("id").asText();
    ObjectNode body = Json.object();
    for (String m : members) {
      body.withArray("lead_ids").add(leads.get(m));
    }
    assertThat(call("POST", "/api/v1/lists/" + id + "/members", body).status()).isEqualTo(200);
    lists.put(name, id);
  }

  /** {@code $P} … {@code $Z} become lead ids, {@code $WS} the workspace id. */
  static String expand(String filter) {
    String out = filter.replace("$WS", t.workspaceId()).replace("$OTHER", otherWorkspace);
    for (var e : leads.entrySet()) {
      out = out.replace("$" + e.getKey(), e.getValue());
    }
    return out;
  }

  static Reply create(JsonNode filter) {
    ObjectNode doc = Json.object();
    doc.putObject("data")
        .put("type", "export_logs")
        .putObject("attributes")
        .putObject("params")
        .set("filter", filter);
    return call("POST", BASE, doc);
  }

  static List<String> exported(JsonNode filter) {
    Reply r = create(filter);
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    Reply csv = call("GET", BASE + "/" + r.json().path("data").path("id").asText() + ".csv", null);
    return column(rows(csv), "name").stream().sorted().toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"status\":\"active\"}|A,P,Z",
        "{\"status\":\"hidden\"}|I,N",
        "{\"status\":\"null\"}|Z",
        "{\"status\":\"\"}|Z",
        "{\"status\":\"active,hidden\"}|A,I,N,P,Z",
        "{\"status\":[\"hidden\",\"null\"]}|I,N,Z",
        "{\"status\":\"Never Ask,Ask in Future\"}|A,N",
        "{\"status\":[\"Partner - Financial\"]}|P",
        "{\"status\":\"No Such Status\"}|''",
        "{\"tags\":\"Prayer\"}|A,P,Z",
        "{\"tags\":\"Prayer,Newsletter\"}|A",
        "{\"tags\":\"Prayer,Newsletter\",\"any_tags\":true}|A,N,P,Z",
        "{\"tags\":[\"prayer\",\"Newsletter\"],\"any_tags\":\"true\"}|A,N,P,Z",
        "{\"tags\":\"Newsletter\",\"status\":\"active\"}|A",
        "{\"account_list_id\":\"$WS\",\"any_tags\":false,\"ids\":[\"$P\",\"$N\"]}|N,P",
        "{\"ids\":\"$P,$N\"}|N,P",
        "{\"account_list_id\":\"$WS\"}|A,I,N,P,Z",
      })
  void selectsAsMpdxDoes(String filter, String expected) throws Exception {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    String json = expand(filter);
    assertThat(exported(Json.parse(json))).as("object %s", json).isEqualTo(want);
    assertThat(exported(Json.MAPPER.getNodeFactory().textNode(json)))
        .as("string %s", json)
        .isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"account_list_id\":5}|/account_list_id|the workspace id",
        "{\"tags\":\"Nope\"}|/tags|Newsletter, Prayer",
        "{\"tags\":\"Prayer,Nope\"}|/tags/1|Nope",
        "{\"any_tags\":\"maybe\"}|/any_tags|true or false",
        "{\"status\":[]}|/status|non-empty array",
        "{\"ids\":[1]}|/ids/0|string",
      })
  void badMpdxKeysAre400sAtTheirPointer(String filter, String pointer, String detail)
      throws Exception {
    for (JsonNode f : List.of(Json.parse(filter), Json.MAPPER.getNodeFactory().textNode(filter))) {
      JsonNode e = assertJsonApiError(create(f), 400, "invalid_parameter", FILTER + pointer);
      assertThat(e.path("detail").asText()).contains(detail);
    }
  }

  @Test
  void anotherWorkspacesAccountListIsNotFound() throws Exception {
    for (String id : List.of(otherWorkspace, "ws_doesnotexist")) {
      JsonNode e =
          assertJsonApiError(
              create(Json.parse("{\"account_list_id\":\"" + id + "\"}")),
              404,
              "not_found",
              FILTER + "/account_list_id");
      assertThat(e.path("title").asText()).isEqualTo("Not Found");
      assertThat(e.path("detail").asText()).contains(id);
    }
  }

  @Test
  void aStoredTagWhoseListWasDeletedIsA422AtRenderTime() throws Exception {
    list("Temporary", "P");
    Reply r = create(Json.parse("{\"tags\":\"Temporary\"}"));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    String id = r.json().path("data").path("id").asText();
    assertThat(call("DELETE", "/api/v1/lists/" + lists.get("Temporary"), null).status())
        .isEqualTo(204);
    assertJsonApiError(
        call("GET", BASE + "/" + id + ".csv", null), 422, "stale_filter", FILTER + "/tags");
  }
}
