package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.LeadportException;
import org.leadport.json.Json;
import org.leadport.query.Fields;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.Sql;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** JSON:API filters select the same leads whether sent as an object or as a JSON string. */
class JsonApiFilterIT {
  static TestServer server;
  static Tenant t;
  static Map<String, String> ids;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("jsonapi-filter");
    server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Partner"));
    server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Never Ask"));
    server.call(
        "POST",
        "/api/v1/custom_fields",
        t.key(),
        Json.object().put("name", "Seats").put("type", "number"));
    ArrayNode items = Json.array();
    items.addObject().put("name", "A").put("source", "google").put("status_label", "Partner");
    items.addObject().put("name", "B").put("source", "google").put("status_label", "Never Ask");
    items
        .addObject()
        .put("name", "C")
        .put("source", "mail")
        .put("status_label", "Never Ask")
        .putObject("custom")
        .put("Seats", 5);
    JsonNode created = server.call("POST", "/api/v1/leads/bulk", t.key(), items).json();
    ids =
        Map.of(
            "A", created.path("ids").get(0).asText(),
            "B", created.path("ids").get(1).asText(),
            "C", created.path("ids").get(2).asText());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<String> names(JsonNode filter) {
    var s = server.leadport().services();
    Query q =
        new JsonApiFilterParser(
                t.workspaceId(),
                new Fields(s.customFields().list(t.workspaceId())),
                s.statuses().list(t.workspaceId()),
                s.lists().list(t.workspaceId()))
            .parse(filter, "/data/attributes/params/filter");
    Sql condition = QueryCompiler.lead(q, "l");
    List<String> found = s.leads().searchIds(t.workspaceId(), condition, List.of(), 0, 100);
    return ids.entrySet().stream()
        .filter(e -> found.contains(e.getValue()))
        .map(Map.Entry::getKey)
        .sorted()
        .toList();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|A,B,C",
        "{\"source\":\"google\"}|A,B",
        "{\"source\":[\"google\",\"mail\"]}|A,B,C",
        "{\"status\":\"Partner\"}|A",
        "{\"status\":[\"Partner\",\"Never Ask\"],\"source\":\"google\"}|A,B",
        "{\"Seats\":5}|C",
        "{\"source\":\"none\"}|''",
      })
  void selectsByEqualityAndAnyOf(String filter, String expected) throws Exception {
    List<String> want = expected.isEmpty() ? List.of() : List.of(expected.split(","));
    JsonNode asObject = Json.parse(filter);
    assertThat(names(asObject)).isEqualTo(want);
    assertThat(names(Json.MAPPER.getNodeFactory().textNode(filter))).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"colour\":\"red\"}|/data/attributes/params/filter/colour",
        "{\"a/b\":1}|/data/attributes/params/filter/a~1b",
        "{\"Seats\":\"five\"}|/data/attributes/params/filter/Seats",
        "{\"source\":[]}|/data/attributes/params/filter/source",
        "{\"source\":[\"x\",7]}|/data/attributes/params/filter/source/1",
        "[1]|/data/attributes/params/filter",
        "\"{not json\"|/data/attributes/params/filter",
      })
  void rejectsBadFiltersWithAPointer(String filter, String pointer) throws Exception {
    JsonNode node = Json.parse(filter);
    assertThatThrownBy(() -> names(node))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.param()).isEqualTo(pointer);
            });
  }

  @org.junit.jupiter.api.Test
  void listMembershipSelectsTheListsLeads() {
    var s = server.leadport().services();
    String list =
        server
            .call("POST", "/api/v1/lists", t.key(), Json.object().put("name", "VIP"))
            .json()
            .path("id")
            .asText();
    var members = Json.object();
    members.putArray("lead_ids").add(ids.get("A")).add(ids.get("C"));
    assertThat(server.call("POST", "/api/v1/lists/" + list + "/members", t.key(), members).status())
        .isEqualTo(200);
    for (Query q : List.of(new Query.InList(list), new Query.Not(new Query.InList(list)))) {
      Sql condition = QueryCompiler.lead(q, "l");
      List<String> found = s.leads().searchIds(t.workspaceId(), condition, List.of(), 0, 100);
      List<String> expected =
          q instanceof Query.InList ? List.of(ids.get("A"), ids.get("C")) : List.of(ids.get("B"));
      assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @org.junit.jupiter.api.Test
  void idsSelectLeads() {
    ArrayNode wanted = Json.array().add(ids.get("B")).add(ids.get("C"));
    assertThat(names(Json.object().set("ids", wanted))).containsExactly("B", "C");
  }
}
