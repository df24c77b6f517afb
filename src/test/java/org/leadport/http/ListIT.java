package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.http.AdminIT.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.json.Json;
import org.leadport.surface.leadapi.ListRoutes;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/** Static lead lists with their members, and saved searches. */
class ListIT {
  static final String TIMESTAMP = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";

  static TestServer server;
  static Tenant t;
  static Tenant stranger;
  static String listId;
  static String searchId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("lists");
    stranger = server.tenant("lists-stranger");
    listId = created(call(t, "POST", "/api/v1/lists", "{\"name\":\"Fixed\"}")).path("id").asText();
    searchId =
        created(
                call(
                    t,
                    "POST",
                    "/api/v1/saved_searches",
                    "{\"name\":\"Fixed\",\"query\":{\"type\":\"and\",\"queries\":[]}}"))
            .path("id")
            .asText();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  // ------------------------------------------------------------------- lists

  @Test
  void listLifecycle() {
    Tenant s = server.tenant("list-lifecycle");
    assertThat(call(s, "GET", "/api/v1/lists", null).json().path("data")).isEmpty();
    Reply r = call(s, "POST", "/api/v1/lists", "{\"name\":\"Hot leads 🔥\"}");
    JsonNode hot = created(r);
    String id = hot.path("id").asText();
    assertThat(id).startsWith("list_").hasSize(5 + 22);
    assertThat(hot.path("name").asText()).isEqualTo("Hot leads 🔥");
    assertThat(hot.path("size").asLong()).isZero();
    assertThat(hot.path("created_at").asText()).matches(TIMESTAMP);
    assertThat(hot.path("updated_at")).isEqualTo(hot.path("created_at"));
    JsonNode cold = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"Cold\"}"));

    Reply got = call(s, "GET", "/api/v1/lists/" + id, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(hot);
    Reply all = call(s, "GET", "/api/v1/lists", null);
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.json().path("data")).containsExactly(hot, cold);

    assertThat(call(s, "DELETE", "/api/v1/lists/" + id, null).status()).isEqualTo(204);
    assertError(call(s, "GET", "/api/v1/lists/" + id, null), 404, "not_found", null);
    assertError(call(s, "DELETE", "/api/v1/lists/" + id, null), 404, "not_found", null);
    assertError(call(s, "GET", "/api/v1/lists/" + id + "/members", null), 404, "not_found", null);
    assertThat(call(s, "GET", "/api/v1/lists", null).json().path("data")).containsExactly(cold);
  }

  @Test
  void deletingAListWithMembersKeepsTheLeads() {
    Tenant s = server.tenant("list-delete-members");
    List<String> leads = leads(s, 3);
    String id = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"L\"}")).path("id").asText();
    assertThat(add(s, id, leads).path("size").asLong()).isEqualTo(3);
    assertThat(call(s, "DELETE", "/api/v1/lists/" + id, null).status()).isEqualTo(204);
    assertError(call(s, "GET", "/api/v1/lists/" + id, null), 404, "not_found", null);
    for (String lead : leads) {
      assertThat(call(s, "GET", "/api/v1/leads/" + lead, null).status()).isEqualTo(200);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|name",
        "{\"name\":\"\"}|name",
        "{\"name\":\"  \"}|name",
        "{\"name\":null}|name",
        "{\"name\":5}|name",
        "{\"name\":[\"L\"]}|name",
        "{\"name\":\"L\",\"lead_ids\":[]}|lead_ids",
        "[]|''",
      })
  void rejectsBadListBodies(String body, String param) {
    int before = call(t, "GET", "/api/v1/lists", null).json().path("data").size();
    assertError(call(t, "POST", "/api/v1/lists", body), 400, "invalid_parameter", param);
    assertThat(call(t, "GET", "/api/v1/lists", null).json().path("data")).hasSize(before);
  }

  @Test
  void listRequestsWithBrokenJsonOrStrayParameters() {
    assertError(call(t, "POST", "/api/v1/lists", "{\"name\":"), 400, "invalid_json", null);
    assertError(call(t, "GET", "/api/v1/lists?limit=1", null), 400, "invalid_parameter", "limit");
    assertError(call(t, "GET", "/api/v1/lists/list_nope", null), 404, "not_found", null);
    assertError(call(t, "DELETE", "/api/v1/lists/list_nope", null), 404, "not_found", null);
    assertError(
        call(t, "POST", "/api/v1/lists/list_nope/members", members(List.of("lead_x"))),
        404,
        "not_found",
        null);
  }

  @Test
  void addsMembersIgnoringDuplicates() {
    Tenant s = server.tenant("list-members");
    List<String> leads = leads(s, 5);
    JsonNode list = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"Members\"}"));
    String id = list.path("id").asText();

    JsonNode first = add(s, id, leads.subList(0, 3));
    assertThat(first.path("id").asText()).isEqualTo(id);
    assertThat(first.path("name").asText()).isEqualTo("Members");
    assertThat(first.path("size").asLong()).isEqualTo(3);
    assertThat(first.path("updated_at").asText())
        .isGreaterThanOrEqualTo(list.path("updated_at").asText());

    // Already-members and repeats within one request count once.
    List<String> again = List.of(leads.get(1), leads.get(2), leads.get(3), leads.get(3));
    assertThat(add(s, id, again).path("size").asLong()).isEqualTo(4);
    assertThat(add(s, id, leads).path("size").asLong()).isEqualTo(5);
    assertThat(add(s, id, leads).path("size").asLong()).isEqualTo(5);

    assertThat(memberIds(s, id)).containsExactlyInAnyOrderElementsOf(leads);
    Reply page = call(s, "GET", "/api/v1/lists/" + id + "/members", null);
    assertThat(page.json().path("has_more").asBoolean()).isFalse();
    assertThat(call(s, "GET", "/api/v1/lists/" + id, null).json().path("size").asLong())
        .isEqualTo(5);
    // Another list of the same workspace is unaffected.
    String other =
        created(call(s, "POST", "/api/v1/lists", "{\"name\":\"O\"}")).path("id").asText();
    assertThat(memberIds(s, other)).isEmpty();
  }

  @Test
  void addingIsAllOrNothing() {
    Tenant s = server.tenant("list-all-or-nothing");
    List<String> leads = leads(s, 3);
    String foreign = leads(stranger, 1).get(0);
    String deleted = leads(s, 1).get(0);
    assertThat(call(s, "DELETE", "/api/v1/leads/" + deleted, null).status()).isEqualTo(204);
    String id =
        created(call(s, "POST", "/api/v1/lists", "{\"name\":\"Strict\"}")).path("id").asText();
    add(s, id, List.of(leads.get(0)));

    String unknown = "lead_" + "x".repeat(22);
    for (List<String> ids :
        List.of(
            List.of(leads.get(1), unknown),
            List.of(foreign, leads.get(2)),
            List.of(leads.get(1), deleted, leads.get(2)),
            List.of(leads.get(1), "not-an-id"))) {
      Reply r = call(s, "POST", "/api/v1/lists/" + id + "/members", members(ids));
      assertError(r, 400, "invalid_parameter", "lead_ids");
      String message = r.json().path("message").asText();
      for (String lead : ids) {
        if (leads.contains(lead)) {
          assertThat(message).doesNotContain(lead);
        } else {
          assertThat(message).contains(lead);
        }
      }
      assertThat(memberIds(s, id)).containsExactly(leads.get(0));
      assertThat(call(s, "GET", "/api/v1/lists/" + id, null).json().path("size").asLong())
          .isEqualTo(1);
    }

    // Many missing leads are summed up, the first ones named.
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add("lead_missing" + (100 + i));
    }
    Reply r = call(s, "POST", "/api/v1/lists/" + id + "/members", members(many));
    assertError(r, 400, "invalid_parameter", "lead_ids");
    assertThat(r.json().path("message").asText())
        .contains("lead_missing100", "lead_missing109", "15 more")
        .doesNotContain("lead_missing110");
    assertThat(memberIds(s, id)).containsExactly(leads.get(0));

    // The stranger cannot add the owner's leads to its own list either.
    String theirs =
        created(call(stranger, "POST", "/api/v1/lists", "{\"name\":\"Theirs\"}"))
            .path("id")
            .asText();
    assertError(
        call(stranger, "POST", "/api/v1/lists/" + theirs + "/members", members(leads)),
        400,
        "invalid_parameter",
        "lead_ids");
    assertThat(memberIds(stranger, theirs)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{}|lead_ids",
        "{\"lead_ids\":[]}|lead_ids",
        "{\"lead_ids\":null}|lead_ids",
        "{\"lead_ids\":\"lead_x\"}|lead_ids",
        "{\"lead_ids\":{\"0\":\"lead_x\"}}|lead_ids",
        "{\"lead_ids\":[1]}|lead_ids[0]",
        "{\"lead_ids\":[\"LEAD\",null]}|lead_ids[1]",
        "{\"ids\":[\"LEAD\"]}|ids",
        "{\"lead_ids\":[\"LEAD\"],\"list_id\":\"x\"}|list_id",
        "[\"LEAD\"]|''",
      })
  void rejectsBadMemberBodies(String body, String param) {
    Tenant s = server.tenant("list-bad-members-" + Integer.toHexString(body.hashCode()));
    String lead = leads(s, 1).get(0);
    String id = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"M\"}")).path("id").asText();
    String filled = body.replace("LEAD", lead);
    assertError(
        call(s, "POST", "/api/v1/lists/" + id + "/members", filled),
        400,
        "invalid_parameter",
        param);
    assertThat(memberIds(s, id)).isEmpty();
    add(s, id, List.of(lead));
    assertError(
        call(s, "DELETE", "/api/v1/lists/" + id + "/members", filled),
        400,
        "invalid_parameter",
        param);
    assertThat(memberIds(s, id)).containsExactly(lead);
  }

  @Test
  void tooManyIdsInOneRequest() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i <= ListRoutes.MAX_MEMBERS_PER_REQUEST; i++) {
      ids.add("lead_" + i);
    }
    assertError(
        call(t, "POST", "/api/v1/lists/" + listId + "/members", members(ids)),
        400,
        "invalid_parameter",
        "lead_ids");
  }

  @Test
  void pagesMembersWithAfterAndLimit() {
    Tenant s = server.tenant("list-paging");
    List<String> leads = leads(s, 25);
    String id = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"P\"}")).path("id").asText();
    assertThat(add(s, id, leads).path("size").asLong()).isEqualTo(25);
    // The default page (100) holds all 25, in the server's id order.
    Reply whole = call(s, "GET", "/api/v1/lists/" + id + "/members", null);
    assertThat(whole.json().path("has_more").asBoolean()).isFalse();
    List<String> expected = texts(whole.json().path("lead_ids"));
    assertThat(expected).containsExactlyInAnyOrderElementsOf(leads);

    List<String> seen = new ArrayList<>();
    String after = null;
    List<Integer> sizes = new ArrayList<>();
    boolean more;
    do {
      Reply r =
          call(
              s,
              "GET",
              "/api/v1/lists/"
                  + id
                  + "/members?limit=10"
                  + (after == null ? "" : "&after=" + after),
              null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      List<String> page = texts(r.json().path("lead_ids"));
      sizes.add(page.size());
      seen.addAll(page);
      more = r.json().path("has_more").asBoolean();
      after = page.isEmpty() ? after : page.get(page.size() - 1);
    } while (more);
    assertThat(sizes).containsExactly(10, 10, 5);
    assertThat(seen).containsExactlyElementsOf(expected);

    // Exactly a page's worth: no more after it.
    Reply exact = call(s, "GET", "/api/v1/lists/" + id + "/members?limit=25", null);
    assertThat(texts(exact.json().path("lead_ids"))).containsExactlyElementsOf(expected);
    assertThat(exact.json().path("has_more").asBoolean()).isFalse();
    Reply one = call(s, "GET", "/api/v1/lists/" + id + "/members?limit=1", null);
    assertThat(texts(one.json().path("lead_ids"))).containsExactly(expected.get(0));
    assertThat(one.json().path("has_more").asBoolean()).isTrue();
    // After the last id there is nothing.
    Reply end = call(s, "GET", "/api/v1/lists/" + id + "/members?after=" + expected.get(24), null);
    assertThat(end.json().path("lead_ids")).isEmpty();
    assertThat(end.json().path("has_more").asBoolean()).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0|limit",
        "limit=1001|limit",
        "limit=-1|limit",
        "limit=ten|limit",
        "limit=|limit",
        "limit=5&limit=6|limit",
        "cursor=abc|cursor",
        "offset=10|offset",
      })
  void rejectsBadMemberPageParameters(String query, String param) {
    assertError(
        call(t, "GET", "/api/v1/lists/" + listId + "/members?" + query, null),
        400,
        "invalid_parameter",
        param);
  }

  @Test
  void removesMembers() throws InterruptedException {
    Tenant s = server.tenant("list-remove");
    List<String> leads = leads(s, 4);
    JsonNode list = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"R\"}"));
    String id = list.path("id").asText();
    JsonNode full = add(s, id, leads);
    Thread.sleep(2);

    Reply removed =
        call(
            s,
            "DELETE",
            "/api/v1/lists/" + id + "/members",
            members(List.of(leads.get(0), leads.get(2), leads.get(2))));
    assertThat(removed.status()).as(removed.toString()).isEqualTo(200);
    assertThat(removed.json().path("id").asText()).isEqualTo(id);
    assertThat(removed.json().path("size").asLong()).isEqualTo(2);
    // A change of membership is a change of the list, as when adding.
    assertThat(removed.json().path("updated_at").asText())
        .isGreaterThan(full.path("updated_at").asText());
    assertThat(removed.json().path("created_at")).isEqualTo(list.path("created_at"));
    assertThat(memberIds(s, id)).containsExactlyInAnyOrder(leads.get(1), leads.get(3));
    // The leads themselves stay.
    assertThat(call(s, "GET", "/api/v1/leads/" + leads.get(0), null).status()).isEqualTo(200);

    // Removing what is not (or no longer) a member changes nothing.
    Reply again =
        call(
            s,
            "DELETE",
            "/api/v1/lists/" + id + "/members",
            members(List.of(leads.get(0), "lead_" + "y".repeat(22))));
    assertThat(again.status()).as(again.toString()).isEqualTo(200);
    assertThat(again.json().path("size").asLong()).isEqualTo(2);

    // A removed lead can be added back.
    assertThat(add(s, id, List.of(leads.get(0))).path("size").asLong()).isEqualTo(3);
  }

  @Test
  void deletedLeadsDoNotCount() {
    Tenant s = server.tenant("list-tombstones");
    List<String> leads = leads(s, 4);
    String id = created(call(s, "POST", "/api/v1/lists", "{\"name\":\"T\"}")).path("id").asText();
    add(s, id, leads);
    assertThat(call(s, "DELETE", "/api/v1/leads/" + leads.get(1), null).status()).isEqualTo(204);
    assertThat(call(s, "DELETE", "/api/v1/leads/" + leads.get(3), null).status()).isEqualTo(204);

    assertThat(call(s, "GET", "/api/v1/lists/" + id, null).json().path("size").asLong())
        .isEqualTo(2);
    assertThat(
            call(s, "GET", "/api/v1/lists", null).json().path("data").get(0).path("size").asLong())
        .isEqualTo(2);
    List<String> live = memberIds(s, id);
    assertThat(live).containsExactlyInAnyOrder(leads.get(0), leads.get(2));
    Reply firstPage = call(s, "GET", "/api/v1/lists/" + id + "/members?limit=1", null);
    assertThat(texts(firstPage.json().path("lead_ids"))).containsExactly(live.get(0));
    assertThat(firstPage.json().path("has_more").asBoolean()).isTrue();
    Reply lastPage =
        call(s, "GET", "/api/v1/lists/" + id + "/members?limit=1&after=" + live.get(0), null);
    assertThat(texts(lastPage.json().path("lead_ids"))).containsExactly(live.get(1));
    assertThat(lastPage.json().path("has_more").asBoolean()).isFalse();

    // Adding more still works, and the size counts live leads only.
    assertThat(add(s, id, leads(s, 1)).path("size").asLong()).isEqualTo(3);
  }

  /** PostgreSQL cannot hold U+0000 in text or jsonb: it must be a 400, not a 500. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "POST|/api/v1/lists|{\"name\":\"a\\u0000b\"}|name",
        "POST|/api/v1/lists/LIST/members|{\"lead_ids\":[\"lead_\\u0000\"]}|lead_ids",
        "POST|/api/v1/saved_searches|{\"name\":\"Q\",\"query\":{\"v\":\"\\u0000\"}}|query.v",
        "GET|/api/v1/lists/LIST/members?after=a%00b||after",
      })
  void nulCharactersAreRejected(String method, String path, String body, String param) {
    Reply r = call(t, method, path.replace("LIST", listId), body);
    assertError(r, 400, "invalid_parameter", null);
    assertThat(r.json().path("param").asText()).startsWith(param);
  }

  // ---------------------------------------------------------- saved searches

  static final String QUERY =
      """
      {"type": "and",
       "queries": [
         {"type": "object_type", "object_type": "lead"},
         {"type": "field_condition",
          "field": {"type": "regular_field", "object_type": "lead", "field_name": "name"},
          "condition": {"type": "text", "mode": "full_words", "value": "山田 =HYPERLINK(\\"x\\")"}},
         {"type": "field_condition",
          "field": {"type": "regular_field", "object_type": "lead", "field_name": "date_created"},
          "condition": {"type": "moment_range",
                        "on_or_after": {"type": "fixed_local_date", "value": "2026-02-18",
                                        "which": "start"},
                        "before": null}},
         {"type": "or", "queries": [], "negate": false}
       ],
       "negate": false}
      """;

  @Test
  void savedSearchLifecycleReturnsTheQueryExactly() {
    Tenant s = server.tenant("saved-searches");
    assertThat(call(s, "GET", "/api/v1/saved_searches", null).json().path("data")).isEmpty();
    JsonNode query = TestServer.parse(QUERY);
    ObjectNode body = Json.object().put("name", "Big deals");
    body.set("query", query);
    JsonNode created = created(call(s, "POST", "/api/v1/saved_searches", body));
    String id = created.path("id").asText();
    assertThat(id).startsWith("save_").hasSize(5 + 22);
    assertThat(created.path("name").asText()).isEqualTo("Big deals");
    assertThat(created.path("query")).isEqualTo(query);
    assertThat(created.path("created_at").asText()).matches(TIMESTAMP);
    assertThat(created.path("updated_at")).isEqualTo(created.path("created_at"));

    Reply got = call(s, "GET", "/api/v1/saved_searches/" + id, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json()).isEqualTo(created);
    JsonNode second =
        created(
            call(
                s,
                "POST",
                "/api/v1/saved_searches",
                "{\"name\":\"Empty\",\"query\":{\"type\":\"and\",\"queries\":[]}}"));
    assertThat(second.path("query").toString()).isEqualTo("{\"type\":\"and\",\"queries\":[]}");
    assertThat(call(s, "GET", "/api/v1/saved_searches", null).json().path("data"))
        .containsExactly(created, second);

    // Renaming keeps the query; replacing the query keeps the name.
    Reply renamed = call(s, "PATCH", "/api/v1/saved_searches/" + id, "{\"name\":\"Bigger deals\"}");
    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
    assertThat(renamed.json().path("name").asText()).isEqualTo("Bigger deals");
    assertThat(renamed.json().path("query")).isEqualTo(query);
    assertThat(renamed.json().path("created_at")).isEqualTo(created.path("created_at"));
    assertThat(renamed.json().path("updated_at").asText())
        .isGreaterThanOrEqualTo(created.path("updated_at").asText());

    JsonNode other =
        TestServer.parse(
            "{\"type\":\"or\",\"queries\":[{\"type\":\"object_type\",\"object_type\":\"lead\"}]}");
    ObjectNode replace = Json.object();
    replace.set("query", other);
    Reply replaced = call(s, "PATCH", "/api/v1/saved_searches/" + id, replace);
    assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
    assertThat(replaced.json().path("name").asText()).isEqualTo("Bigger deals");
    assertThat(replaced.json().path("query")).isEqualTo(other);
    assertThat(call(s, "GET", "/api/v1/saved_searches/" + id, null).json())
        .isEqualTo(replaced.json());

    // An empty patch changes nothing but is fine.
    Reply empty = call(s, "PATCH", "/api/v1/saved_searches/" + id, "{}");
    assertThat(empty.status()).as(empty.toString()).isEqualTo(200);
    assertThat(empty.json().path("query")).isEqualTo(other);
    assertThat(empty.json().path("name").asText()).isEqualTo("Bigger deals");

    assertThat(call(s, "DELETE", "/api/v1/saved_searches/" + id, null).status()).isEqualTo(204);
    assertError(call(s, "GET", "/api/v1/saved_searches/" + id, null), 404, "not_found", null);
    assertError(call(s, "DELETE", "/api/v1/saved_searches/" + id, null), 404, "not_found", null);
    assertError(
        call(s, "PATCH", "/api/v1/saved_searches/" + id, "{\"name\":\"x\"}"),
        404,
        "not_found",
        null);
    assertThat(call(s, "GET", "/api/v1/saved_searches", null).json().path("data"))
        .containsExactly(second);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"name\":\"Q\"}|query",
        "{\"name\":\"Q\",\"query\":null}|query",
        "{\"name\":\"Q\",\"query\":[]}|query",
        "{\"name\":\"Q\",\"query\":[{\"type\":\"and\"}]}|query",
        "{\"name\":\"Q\",\"query\":\"{\\\"type\\\":\\\"and\\\"}\"}|query",
        "{\"name\":\"Q\",\"query\":5}|query",
        "{\"name\":\"Q\",\"query\":true}|query",
        "{\"query\":{}}|name",
        "{\"name\":\"\",\"query\":{}}|name",
        "{\"name\":7,\"query\":{}}|name",
        "{\"name\":\"Q\",\"query\":{},\"sort\":[]}|sort",
        "[]|''",
      })
  void rejectsBadSavedSearchBodies(String body, String param) {
    int before = call(t, "GET", "/api/v1/saved_searches", null).json().path("data").size();
    assertError(call(t, "POST", "/api/v1/saved_searches", body), 400, "invalid_parameter", param);
    assertThat(call(t, "GET", "/api/v1/saved_searches", null).json().path("data")).hasSize(before);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"query\":[]}|query",
        "{\"query\":\"x\"}|query",
        "{\"query\":1}|query",
        "{\"name\":\"\"}|name",
        "{\"name\":\" \"}|name",
        "{\"name\":false}|name",
        "{\"id\":\"save_x\"}|id",
        "[]|''",
      })
  void rejectsBadSavedSearchPatches(String body, String param) {
    JsonNode before = call(t, "GET", "/api/v1/saved_searches/" + searchId, null).json();
    assertError(
        call(t, "PATCH", "/api/v1/saved_searches/" + searchId, body),
        400,
        "invalid_parameter",
        param);
    assertThat(call(t, "GET", "/api/v1/saved_searches/" + searchId, null).json()).isEqualTo(before);
  }

  @Test
  void savedSearchRequestsWithBrokenJsonOrStrayParameters() {
    assertError(
        call(t, "POST", "/api/v1/saved_searches", "{\"name\":\"Q\",\"query\":{"),
        400,
        "invalid_json",
        null);
    assertError(
        call(t, "POST", "/api/v1/saved_searches", "{\"name\":\"Q\",\"query\":{\"a\":1,\"a\":2}}"),
        400,
        "invalid_json",
        null);
    assertError(
        call(t, "GET", "/api/v1/saved_searches?name=Fixed", null),
        400,
        "invalid_parameter",
        "name");
    assertError(call(t, "GET", "/api/v1/saved_searches/save_nope", null), 404, "not_found", null);
    assertError(
        call(t, "DELETE", "/api/v1/saved_searches/save_nope", null), 404, "not_found", null);
    assertError(
        call(t, "PATCH", "/api/v1/saved_searches/save_nope", "{\"name\":\"N\"}"),
        404,
        "not_found",
        null);
  }

  // ---------------------------------------------------------------- helpers

  static Reply call(Tenant tenant, String method, String path, Object body) {
    return server.call(method, path, tenant.key(), body);
  }

  static JsonNode created(Reply r) {
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json();
  }

  /** Creates {@code n} leads in the tenant's workspace and returns their ids. */
  static List<String> leads(Tenant tenant, int n) {
    ArrayNode items = Json.array();
    for (int i = 0; i < n; i++) {
      items.addObject().put("name", "Lead " + i);
    }
    Reply r = call(tenant, "POST", "/api/v1/leads/bulk", items);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return texts(r.json().path("ids"));
  }

  static ObjectNode members(Collection<String> ids) {
    ObjectNode body = Json.object();
    ArrayNode array = body.putArray("lead_ids");
    ids.forEach(array::add);
    return body;
  }

  /** Adds members and returns the list as the response shows it. */
  static JsonNode add(Tenant tenant, String list, Collection<String> ids) {
    Reply r = call(tenant, "POST", "/api/v1/lists/" + list + "/members", members(ids));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Every member id, walking the pages. */
  static List<String> memberIds(Tenant tenant, String list) {
    List<String> out = new ArrayList<>();
    String after = null;
    boolean more;
    do {
      Reply r =
          call(
              tenant,
              "GET",
              "/api/v1/lists/"
                  + list
                  + "/members?limit=2"
                  + (after == null ? "" : "&after=" + after),
              null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      List<String> page = texts(r.json().path("lead_ids"));
      out.addAll(page);
      more = r.json().path("has_more").asBoolean();
      if (!page.isEmpty()) {
        after = page.get(page.size() - 1);
      }
    } while (more);
    return out;
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
