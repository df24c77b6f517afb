package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.http.AdminIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

class LeadApiIT {
  static TestServer server;
  static Tenant t;
  static String statusId;
  static String industryId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("leads");
    statusId =
        server
            .call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Potential"))
            .json()
            .path("id")
            .asText();
    server.call("POST", "/api/v1/statuses", t.key(), Json.object().put("label", "Won"));
    ObjectNode field = Json.object().put("name", "Industry").put("type", "choices");
    field.putArray("choices").add("Retail").add("Software");
    industryId =
        server.call("POST", "/api/v1/custom_fields", t.key(), field).json().path("id").asText();
    server.call(
        "POST",
        "/api/v1/custom_fields",
        t.key(),
        Json.object().put("name", "Employees").put("type", "number"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ObjectNode fullLead(String name) {
    return (ObjectNode)
        TestServer.parse(
            """
            {"name": "%s", "url": "https://acme.example", "description": "=1+1 stays as text",
             "source": "google", "medium": "cpc", "campaign": "spring",
             "custom": {"Industry": "Retail", "Employees": 42},
             "contacts": [{"name": "Ann Lee", "title": "CEO",
                           "emails": [{"email": "ann@acme.example", "type": "office"}],
                           "phones": [{"phone": "+1 555 0100", "type": "mobile"}],
                           "urls": [{"url": "https://ann.example", "type": "url"}]},
                          {"name": "山田太郎"}],
             "opportunities": [{"status_type": "won", "status_label": "Won", "value": 125000,
                                "value_currency": "USD", "value_period": "annual",
                                "confidence": 90, "date_won": "2026-03-01", "note": "big",
                                "user_name": "Sam"}],
             "activities": [{"type": "call", "date": "2026-02-18T09:30:00+01:00",
                             "direction": "outbound", "duration": 300, "subject": "intro",
                             "body": "hello"}],
             "addresses": [{"label": "business", "address_1": "1 Main St", "city": "Springfield",
                            "state": "IL", "zipcode": "62701", "country": "US"}]}
            """
                .formatted(name));
  }

  @Test
  void createsAndReadsALeadWithEverythingItHolds() {
    Reply created = server.call("POST", "/api/v1/leads", t.key(), fullLead("Acme"));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode lead = created.json();
    String id = lead.path("id").asText();
    assertThat(id).startsWith("lead_");
    assertThat(created.header("Location")).isEqualTo("/api/v1/leads/" + id);
    assertThat(lead.path("display_name").asText()).isEqualTo("Acme");
    assertThat(lead.path("status_id").asText()).isEqualTo(statusId);
    assertThat(lead.path("status_label").asText()).isEqualTo("Potential");
    assertThat(lead.path("custom").path(industryId).asText()).isEqualTo("Retail");
    assertThat(lead.path("contacts")).hasSize(2);
    JsonNode ann = lead.path("contacts").get(0);
    assertThat(ann.path("id").asText()).startsWith("cont_");
    assertThat(ann.path("lead_id").asText()).isEqualTo(id);
    assertThat(ann.path("emails").toString())
        .isEqualTo("[{\"email\":\"ann@acme.example\",\"type\":\"office\"}]");
    assertThat(lead.path("contacts").get(1).path("name").asText()).isEqualTo("山田太郎");
    JsonNode opp = lead.path("opportunities").get(0);
    assertThat(opp.path("id").asText()).startsWith("oppo_");
    assertThat(opp.path("value").asLong()).isEqualTo(125000);
    assertThat(opp.path("date_won").asText()).isEqualTo("2026-03-01");
    JsonNode call = lead.path("activities").get(0);
    assertThat(call.path("id").asText()).startsWith("acti_");
    assertThat(call.path("date").asText()).isEqualTo("2026-02-18T08:30:00.000000Z");
    assertThat(lead.path("addresses").get(0).path("city").asText()).isEqualTo("Springfield");
    assertThat(lead.path("deleted_at").isNull()).isTrue();

    Reply read = server.call("GET", "/api/v1/leads/" + id, t.key(), null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json()).isEqualTo(lead);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"nme\":\"x\"}|nme",
        "{\"name\":5}|name",
        "{\"status_id\":\"stat_nope\"}|status_id",
        "{\"custom\":{\"Industry\":\"Mining\"}}|custom.Industry",
        "{\"custom\":{\"Employees\":\"many\"}}|custom.Employees",
        "{\"custom\":{\"Nope\":1}}|custom.Nope",
        "{\"contacts\":[{\"emails\":[{\"email\":\"no-at-sign\"}]}]}|contacts[0].emails[0].email",
        "{\"contacts\":[{\"phones\":[{\"type\":\"x\"}]}]}|contacts[0].phones[0].phone",
        "{\"contacts\":{}}|contacts",
        "{\"opportunities\":[{\"confidence\":101}]}|opportunities[0].confidence",
        "{\"opportunities\":[{\"value_currency\":\"usd\"}]}|opportunities[0].value_currency",
        "{\"activities\":[{\"type\":\"fax\",\"date\":\"2026-01-01T00:00:00Z\"}]}|activities[0].type",
        "{\"activities\":[{\"type\":\"call\",\"date\":\"yesterday\"}]}|activities[0].date",
        "{\"addresses\":[{\"street\":\"x\"}]}|addresses[0].street",
        "[]|''",
      })
  void rejectsInvalidLeadsNamingThePath(String body, String param) {
    assertError(
        server.call("POST", "/api/v1/leads", t.key(), body), 400, "invalid_parameter", param);
  }

  @Test
  void patchReplacesMergesAndKeepsItemIds() {
    JsonNode lead = server.call("POST", "/api/v1/leads", t.key(), fullLead("Patchable")).json();
    String id = lead.path("id").asText();
    String annId = lead.path("contacts").get(0).path("id").asText();
    ObjectNode patch = Json.object().put("name", "Patched").putNull("url");
    patch.putObject("custom").putNull("Industry").put("Employees", 7);
    patch.putArray("contacts").addObject().put("id", annId).put("name", "Ann B. Lee");
    Reply patched = server.call("PATCH", "/api/v1/leads/" + id, t.key(), patch);
    assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
    JsonNode p = patched.json();
    assertThat(p.path("name").asText()).isEqualTo("Patched");
    assertThat(p.path("url").isNull()).isTrue();
    assertThat(p.path("custom").has(industryId)).isFalse();
    assertThat(p.path("custom").size()).isEqualTo(1);
    assertThat(p.path("contacts")).hasSize(1);
    assertThat(p.path("contacts").get(0).path("id").asText()).isEqualTo(annId);
    assertThat(p.path("opportunities")).hasSize(1);
    assertThat(p.path("updated_at").asText()).isGreaterThan(lead.path("updated_at").asText());
    assertThat(p.path("created_at")).isEqualTo(lead.path("created_at"));

    ObjectNode twice = Json.object();
    twice
        .putArray("contacts")
        .add(Json.object().put("id", annId))
        .add(Json.object().put("id", annId));
    assertError(
        server.call("PATCH", "/api/v1/leads/" + id, t.key(), twice),
        400,
        "invalid_parameter",
        "contacts[1].id");
  }

  @Test
  void softDeleteLeavesATombstoneForIncrementalReads() {
    String id =
        server
            .call("POST", "/api/v1/leads", t.key(), Json.object().put("name", "Doomed"))
            .json()
            .path("id")
            .asText();
    assertThat(server.call("DELETE", "/api/v1/leads/" + id, t.key(), null).status()).isEqualTo(204);
    assertError(server.call("GET", "/api/v1/leads/" + id, t.key(), null), 404, "not_found", null);
    assertError(
        server.call("DELETE", "/api/v1/leads/" + id, t.key(), null), 404, "not_found", null);
    assertThat(ids(listAll("search=Doomed"))).doesNotContain(id);
    List<JsonNode> withDeleted = listAll("search=Doomed&include_deleted=true");
    assertThat(ids(withDeleted)).containsExactly(id);
    assertThat(withDeleted.get(0).path("deleted_at").asText()).isNotBlank();
  }

  @Test
  void bulkIsAllOrNothing() {
    Tenant b = server.tenant("bulk-all-or-nothing");
    ArrayNode items = Json.array();
    items.add(Json.object().put("name", "One"));
    items.add(Json.object().put("name", "Two"));
    ObjectNode bad = items.addObject().put("name", "Three");
    bad.putArray("contacts").addObject().put("name", 7);
    assertError(
        server.call("POST", "/api/v1/leads/bulk", b.key(), items),
        400,
        "invalid_parameter",
        "[2].contacts[0].name");
    assertThat(listAll(b, "")).isEmpty();

    items.remove(2);
    Reply ok = server.call("POST", "/api/v1/leads/bulk", b.key(), items);
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().path("count").asInt()).isEqualTo(2);
    assertThat(ids(listAll(b, "")))
        .containsExactlyInAnyOrderElementsOf(texts(ok.json().path("ids")));
  }

  @Test
  void bulkAcceptsNdjsonAndEnforcesLimits() {
    Tenant b = server.tenant("bulk-ndjson");
    StringBuilder nd = new StringBuilder();
    for (int i = 0; i < 250; i++) {
      nd.append("{\"name\":\"Lead ").append(i).append("\",\"source\":\"nd\"}\n");
    }
    Reply ok = ndjson(b.key(), nd.toString());
    assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    assertThat(ok.json().path("count").asInt()).isEqualTo(250);
    assertThat(listAll(b, "source=nd")).hasSize(250);

    Reply broken = ndjson(b.key(), "{\"name\":\"a\"}\n{\"name\":\n");
    assertError(broken, 400, "invalid_json", "line 2");

    StringBuilder tooMany = new StringBuilder();
    for (int i = 0; i < 10_001; i++) {
      tooMany.append("{}\n");
    }
    assertError(ndjson(b.key(), tooMany.toString()), 400, "invalid_parameter", null);
    assertThat(listAll(b, "")).hasSize(250);
  }

  @Test
  void wrongContentTypeAndOversizedBodies() {
    Reply plain =
        server.send(
            "/api/v1/leads",
            r ->
                r.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertError(plain, 415, "unsupported_media_type", "Content-Type");
    String huge = "{\"description\":\"" + "x".repeat(2 << 20) + "\"}";
    assertError(
        server.call("POST", "/api/v1/leads", t.key(), huge), 413, "payload_too_large", null);
  }

  @Test
  void listPagesWithSignedCursorsAndFilters() {
    Tenant p = server.tenant("paging");
    ArrayNode items = Json.array();
    for (int i = 0; i < 25; i++) {
      items.addObject().put("name", "Company " + i).put("source", i % 2 == 0 ? "even" : "odd");
    }
    server.call("POST", "/api/v1/leads/bulk", p.key(), items);
    List<JsonNode> all = new ArrayList<>();
    String cursor = null;
    int pages = 0;
    do {
      Reply r =
          server.call(
              "GET",
              "/api/v1/leads?limit=10" + (cursor == null ? "" : "&cursor=" + cursor),
              p.key(),
              null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().path("data").forEach(all::add);
      cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
      assertThat(r.json().path("has_more").asBoolean()).isEqualTo(cursor != null);
      pages++;
    } while (cursor != null);
    assertThat(pages).isEqualTo(3);
    assertThat(new HashSet<>(ids(all))).hasSize(25);
    assertThat(listAll(p, "source=even")).hasSize(13);

    String first =
        server
            .call("GET", "/api/v1/leads?limit=5", p.key(), null)
            .json()
            .path("next_cursor")
            .asText();
    assertError(
        server.call("GET", "/api/v1/leads?limit=5&source=even&cursor=" + first, p.key(), null),
        400,
        "invalid_cursor",
        "cursor");
    assertError(
        server.call("GET", "/api/v1/leads?cursor=" + first, t.key(), null),
        400,
        "invalid_cursor",
        "cursor");
    char c = first.charAt(5);
    String tampered = first.substring(0, 5) + (c == 'A' ? 'B' : 'A') + first.substring(6);
    assertError(
        server.call("GET", "/api/v1/leads?cursor=" + tampered, p.key(), null),
        400,
        "invalid_cursor",
        "cursor");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0|limit",
        "limit=201|limit",
        "limit=ten|limit",
        "from=yesterday|from",
        "to=2026-01-01|to",
        "status_stage_id=open|status_stage_id",
        "include_deleted=yes|include_deleted",
        "sauce=google|sauce",
        "source=|source",
        "cursor=%25%25%25|cursor",
      })
  void rejectsBadListParameters(String query, String param) {
    Reply r = server.call("GET", "/api/v1/leads?" + query, t.key(), null);
    assertThat(r.json().path("param").asText()).as(r.toString()).isEqualTo(param);
    assertThat(r.status()).isEqualTo(400);
  }

  @Test
  void searchFindsNamesContactsEmailsAndPhones() {
    Tenant s = server.tenant("search");
    ObjectNode zebra = fullLead("Zebra Corp");
    zebra.remove("custom");
    assertThat(server.call("POST", "/api/v1/leads", s.key(), zebra).status()).isEqualTo(201);
    server.call("POST", "/api/v1/leads", s.key(), Json.object().put("name", "Other"));
    for (String q : List.of("zebra", "ANN%20LEE", "ann@acme", "555%200100", "%E5%B1%B1%E7%94%B0")) {
      assertThat(listAll(s, "search=" + q)).as(q).hasSize(1);
    }
    assertThat(listAll(s, "search=100%25")).isEmpty();
    // Words of the stored JSON shape are not data.
    assertThat(listAll(s, "search=email")).isEmpty();
    assertThat(listAll(s, "search=type")).isEmpty();
  }

  private Reply ndjson(String key, String body) {
    return server.send(
        "/api/v1/leads/bulk",
        r ->
            r.header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
  }

  private static List<JsonNode> listAll(String query) {
    return listAll(t, query);
  }

  static List<JsonNode> listAll(Tenant tenant, String query) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      Reply r =
          server.call(
              "GET",
              "/api/v1/leads?limit=200&" + query + (cursor == null ? "" : "&cursor=" + cursor),
              tenant.key(),
              null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      r.json().path("data").forEach(out::add);
      cursor = r.json().path("next_cursor").isNull() ? null : r.json().path("next_cursor").asText();
    } while (cursor != null);
    return out;
  }

  static List<String> ids(List<JsonNode> leads) {
    return leads.stream().map(l -> l.path("id").asText()).toList();
  }

  static Set<String> texts(JsonNode array) {
    Set<String> out = new HashSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
