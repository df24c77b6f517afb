package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Values that every later read must be able to handle: dates outside 0001-01-01..9999-12-31 and
 * lone surrogates are refused with a 400 naming the JSON path or parameter; a saved search's query
 * is validated as the search validates it; and a value already stored out of range (written before
 * these checks) neither fails nor thins out a search or an export of the workspace.
 */
class PoisonValuesIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("poison");
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
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static ObjectNode lead(String json) {
    return (ObjectNode) TestServer.parse(json);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "+999999999-12-31",
        "0000-12-31",
        "-0001-01-01",
        "+10000-01-01",
        "-999999999-01-01"
      })
  void farDatesAreRefusedNamingTheField(String day) {
    String time = day + "T00:00:00Z";
    assertError(
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead(
                """
                {"name": "far", "opportunities": [{"date_won": "%s"}]}\
                """
                    .formatted(day))),
        400,
        "invalid_parameter",
        "opportunities[0].date_won");
    assertError(
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead(
                """
                {"name": "far", "activities": [{"type": "call", "date": "%s"}]}\
                """
                    .formatted(time))),
        400,
        "invalid_parameter",
        "activities[0].date");
    assertError(
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead("{\"custom\": {\"Signed\": \"%s\"}}".formatted(day))),
        400,
        "invalid_parameter",
        "custom.Signed");
    assertError(
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead("{\"custom\": {\"Met\": \"%s\"}}".formatted(time))),
        400,
        "invalid_parameter",
        "custom.Met");
    assertError(
        server.call(
            "POST",
            "/api/v1/leads/bulk",
            t.key(),
            TestServer.parse(
                """
                [{"name": "ok"}, {"name": "far", "opportunities": [{"date_won": "%s"}]}]\
                """
                    .formatted(day))),
        400,
        "invalid_parameter",
        "[1].opportunities[0].date_won");
    String created =
        server
            .call("POST", "/api/v1/leads", t.key(), lead("{\"name\": \"patched\"}"))
            .json()
            .path("id")
            .asText();
    assertError(
        server.call(
            "PATCH",
            "/api/v1/leads/" + created,
            t.key(),
            lead("{\"custom\": {\"Signed\": \"%s\"}}".formatted(day))),
        400,
        "invalid_parameter",
        "custom.Signed");
    String q = URLEncoder.encode(time, StandardCharsets.UTF_8);
    assertError(
        server.call("GET", "/api/v1/leads?to=" + q, t.key(), null), 400, "invalid_parameter", "to");
    assertError(
        server.call("GET", "/api/v1/leads?from=" + q, t.key(), null),
        400,
        "invalid_parameter",
        "from");
    assertError(
        server.call("GET", "/api/v1/leads/export?to=" + q, t.key(), null),
        400,
        "invalid_parameter",
        "to");
  }

  @Test
  void theEdgesOfTheRangeAreAccepted() {
    Reply r =
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead(
                """
                {"name": "edges", "custom": {"Signed": "9999-12-31", "Met": "0001-01-01T00:00:00Z"},
                 "opportunities": [{"date_won": "0001-01-01"}],
                 "activities": [{"type": "call", "date": "9999-12-31T23:59:59.999999Z"}]}\
                """));
    assertThat(r.status()).as(r.text()).isEqualTo(201);
    assertThat(r.json().path("opportunities").get(0).path("date_won").asText())
        .isEqualTo("0001-01-01");
    assertThat(r.json().path("activities").get(0).path("date").asText())
        .isEqualTo("9999-12-31T23:59:59.999999Z");
    // An offset that moves an instant out of the range in UTC is out of range.
    assertError(
        server.call(
            "POST",
            "/api/v1/leads",
            t.key(),
            lead(
                """
                {"activities": [{"type": "call", "date": "0001-01-01T00:00:00+01:00"}]}\
                """)),
        400,
        "invalid_parameter",
        "activities[0].date");
  }

  @Test
  void loneSurrogatesAreRefusedNamingThePath() {
    // Written as JSON escapes: Java strings cannot be sent as UTF-8 with a lone surrogate.
    assertError(
        raw("/api/v1/leads", "{\"name\": \"a\\ud800b\"}"), 400, "invalid_parameter", "name");
    assertError(
        raw("/api/v1/leads", "{\"contacts\": [{\"name\": \"x\\udc00\"}]}"),
        400,
        "invalid_parameter",
        "contacts[0].name");
    assertError(
        raw("/api/v1/leads/bulk", "[{\"name\": \"ok\"}, {\"source\": \"\\ud83d\"}]"),
        400,
        "invalid_parameter",
        "[1].source");
    // Jackson itself refuses a lone surrogate in a member name.
    assertThat(raw("/api/v1/leads", "{\"custom\": {\"\\udfff\": 1}}").status()).isEqualTo(400);
    // A proper pair is one character, and is kept.
    Reply pair = raw("/api/v1/leads", "{\"name\": \"\\ud83d\\ude00\"}");
    assertThat(pair.status()).as(pair.text()).isEqualTo(201);
    assertThat(pair.json().path("name").asText()).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void aSavedSearchQueryIsValidatedAsTheSearchValidatesIt() {
    ObjectNode unknownKey =
        lead(
            """
            {"name": "bad", "query": {"type": "and", "queries": [], "bogus": 1}}\
            """);
    Reply saved = server.call("POST", "/api/v1/saved_searches", t.key(), unknownKey);
    Reply searched =
        server.call(
            "POST",
            "/api/v1/data/search/",
            t.key(),
            lead("{\"query\": {\"type\": \"and\", \"queries\": [], \"bogus\": 1}}"));
    assertError(saved, 400, "invalid_parameter", "query.bogus");
    assertError(searched, 400, "invalid_parameter", "query.bogus");
    assertThat(saved.json().path("message").asText())
        .isEqualTo(searched.json().path("message").asText());

    ObjectNode wrongType = lead("{\"name\": \"bad\", \"query\": {\"type\": 5}}");
    assertError(
        server.call("POST", "/api/v1/saved_searches", t.key(), wrongType),
        400,
        "invalid_parameter",
        "query.type");
    ObjectNode farDate =
        lead(
            """
            {"name": "bad", "query": {"type": "field_condition",
              "field": {"type": "regular_field", "object_type": "lead", "field_name": "date_created"},
              "condition": {"type": "moment_range",
                "on_or_after": {"type": "fixed_local_date", "value": "+999999999-12-31",
                                "which": "start"}}}}\
            """);
    assertThat(server.call("POST", "/api/v1/saved_searches", t.key(), farDate).status())
        .isEqualTo(400);

    ObjectNode good = lead("{\"name\": \"good\", \"query\": {\"type\": \"and\", \"queries\": []}}");
    Reply created = server.call("POST", "/api/v1/saved_searches", t.key(), good);
    assertThat(created.status()).as(created.text()).isEqualTo(201);
    String id = created.json().path("id").asText();
    assertError(
        server.call("PATCH", "/api/v1/saved_searches/" + id, t.key(), unknownKey),
        400,
        "invalid_parameter",
        "query.bogus");
  }

  @Test
  void valuesStoredOutOfRangeNeitherFailNorDropRows() throws Exception {
    Tenant w = server.tenant("poison-stored");
    server.call(
        "POST",
        "/api/v1/custom_fields",
        w.key(),
        Json.object().put("name", "Signed").put("type", "date"));
    server.seed(w.workspaceId(), 30, 3);
    // Written behind the API's back, as older versions stored far dates: infinity, BC, far years.
    var jdbi = server.leadport().services().database().jdbi();
    jdbi.useHandle(h -> {
      h.execute(
          "update opportunities set date_won = 'infinity' where id = (select min(id) from"
              + " opportunities where workspace_id = ?)",
          w.workspaceId());
      h.execute(
          "update opportunities set date_won = '0044-03-15 BC' where id = (select max(id) from"
              + " opportunities where workspace_id = ?)",
          w.workspaceId());
      h.execute(
          "update activities set occurred_at = '-infinity' where id = (select min(id) from"
              + " activities where workspace_id = ?)",
          w.workspaceId());
      h.execute(
          "update activities set occurred_at = '294276-12-31T00:00:00Z' where id = (select max(id)"
              + " from activities where workspace_id = ?)",
          w.workspaceId());
      h.execute(
          "update opportunities set date_won = '200000-01-01' where id = (select min(id) from"
              + " opportunities where workspace_id = ? and date_won is null)",
          w.workspaceId());
      h.execute(
          "update leads set custom = custom || jsonb_build_object((select id from custom_fields"
              + " where workspace_id = ? and name = 'Signed'), '+999999999-12-31') where id = (select min(id) from"
              + " leads where workspace_id = ?)",
          w.workspaceId(),
          w.workspaceId());
    });
    Set<String> all = new HashSet<>();
    AsyncExports.nativeLeads(server, w.key()).forEach(l -> all.add(l.path("id").asText()));
    assertThat(all).hasSize(30);

    Reply csv = server.call("GET", "/api/v1/leads/export", w.key(), null);
    assertThat(csv.status()).as(csv.text()).isEqualTo(200);
    assertThat(csv.header("X-Export-Truncated")).isEqualTo("false");
    assertThat(csv.text().lines().skip(1).filter(l -> l.startsWith("lead_")).count()).isEqualTo(30);

    Reply search =
        server.call(
            "POST",
            "/api/v1/data/search/",
            w.key(),
            lead("{\"_limit\": 100, \"_fields\": {\"lead\": [\"id\", \"opportunities\"]}}"));
    assertThat(search.status()).as(search.text()).isEqualTo(200);
    assertThat(search.json().path("data")).hasSize(30);

    long opps =
        jdbi.withHandle(h ->
            h.createQuery("select count(*) from opportunities where workspace_id = ?")
                .bind(0, w.workspaceId())
                .mapTo(Long.class)
                .one());
    for (String format : new String[] {"csv", "json"}) {
      String[] formats =
          format.equals("csv")
              ? new String[] {"original", "iso8601", "excel"}
              : new String[] {null};
      for (String dates : formats) {
        ObjectNode leads = Json.object().put("format", format).put("type", "leads");
        if (format.equals("json")) {
          leads.put("include_activities", true);
        }
        ObjectNode byOpp = Json.object().put("format", format).put("type", "lead_opps");
        if (dates != null) {
          leads.put("date_format", dates);
          byOpp.put("date_format", dates);
        }
        assertExported(w, leads, 30);
        assertExported(w, byOpp, opps);
      }
    }
    for (String format : new String[] {"CSV", "XLSX", "XLS"}) {
      assertHubSpotExported(w, format, opps);
    }
  }

  private static void assertHubSpotExported(Tenant w, String format, long rows) {
    ObjectNode body =
        Json.object()
            .put("exportType", "VIEW")
            .put("format", format)
            .put("exportName", "poison")
            .put("language", "EN")
            .put("objectType", "DEAL");
    body.putArray("objectProperties").add("hs_object_id").add("closedate").add("createdate");
    Reply started = server.call("POST", "/crm/v3/exports/export/async", w.key(), body);
    assertThat(started.status()).as(started.text()).isEqualTo(202);
    String status = "/crm/v3/exports/export/async/tasks/" + started.json().path("id").asText();
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    JsonNode task;
    do {
      assertThat(System.nanoTime()).isLessThan(deadline);
      task = server.call("GET", status + "/status", w.key(), null).json();
    } while (!task.path("status").asText().equals("COMPLETE"));
    assertThat(task.path("numErrors").asInt()).as(format + " " + task).isZero();
    Reply file = AsyncExports.get(task.path("result").asText(), b -> b);
    assertThat(file.status()).isEqualTo(200);
    if (format.equals("CSV")) {
      assertThat(file.text().lines().count()).as(file.text()).isEqualTo(rows + 1);
    }
  }

  private static void assertExported(Tenant w, ObjectNode body, long rows) {
    String id = AsyncExports.create(server, w.key(), body).path("id").asText();
    JsonNode done = AsyncExports.await(server, w.key(), id);
    assertThat(done.path("status").asText()).as(body + " " + done).isEqualTo("done");
    assertThat(done.path("n_docs").asLong()).as(body.toString()).isEqualTo(rows);
  }

  private static Reply raw(String path, String json) {
    return server.send(
        path,
        b ->
            b.header("Authorization", "Bearer " + t.key())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
  }
}
