package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.surface.jsonapi.ContactExportIT.assertJsonApiError;
import static org.leadport.surface.jsonapi.ContactExportIT.column;
import static org.leadport.surface.jsonapi.ContactExportIT.rows;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * What MPDX's own clients send, black-box: the example requests of docs/jsonapi-exports.md replayed
 * verbatim (the POST body byte for byte, the GET with {@code .csv} and {@code .xlsx}) with their
 * files checked against the database, the web client's download by {@code ?access_token=} (and that
 * the key reaches no log line), plain {@code application/json} bodies, {@code include=user} and
 * sparse fieldsets.
 */
class MpdxWireIT {
  static final String BASE = "/api/v2/contacts/exports";

  /** The documented POST body (docs/jsonapi-exports.md), verbatim (the filter is a JSON string). */
  static final String SEED_POST_BODY =
      """
      {
        "data": {
          "type": "export_logs",
          "attributes": {
            "params": {
              "filter": "{\\"status\\":\\"active\\"}"
            }
          }
        }
      }\
      """;

  static TestServer server;
  static Tenant t;
  static String keyId;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    String ws = server.createWorkspace("mpdx-wire");
    Reply key =
        server.admin(
            "POST",
            "/admin/v1/workspaces/" + ws + "/api-keys",
            Json.object()
                .put("name", "mpdx web")
                .put("email", "owner@mpdx.example")
                .set("scopes", Json.array().add("leads.read").add("leads.export")));
    assertThat(key.status()).as("%s", key).isEqualTo(201);
    t = new Tenant(ws, key.json().path("key").asText());
    keyId = key.json().path("id").asText();
    assertThat(server.seed(ws, 60, 7).path("leads").asInt()).isEqualTo(60);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The ids of the contacts MPDX's "active" selects, straight from the database. */
  static Set<String> activeContactIdsInTheDatabase() {
    List<String> ids =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createQuery(
                        """
                        select c.id from contacts c
                          join leads l on l.id = c.lead_id
                          left join status_stages s on s.id = l.status_id
                        where l.workspace_id = :ws and l.deleted_at is null
                          and (l.status_id is null or s.type in ('active', 'won'))
                        """)
                    .bind("ws", t.workspaceId())
                    .mapTo(String.class)
                    .list());
    return new TreeSet<>(ids);
  }

  @Test
  void theSeedsRequestsReplayedVerbatimExportTheActiveContacts() throws Exception {
    Reply created =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(HttpRequest.BodyPublishers.ofString(SEED_POST_BODY)));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    assertThat(created.header("Content-Type")).isEqualTo("application/vnd.api+json; charset=utf-8");
    JsonNode data = created.json().path("data");
    assertThat(data.path("type").asText()).isEqualTo("export_logs");
    assertThat(data.path("attributes").path("params"))
        .isEqualTo(Json.parse(SEED_POST_BODY).path("data").path("attributes").path("params"));
    assertThat(data.path("relationships").path("user").path("data"))
        .isEqualTo(Json.object().put("id", keyId).put("type", "users"));
    String id = data.path("id").asText();

    // The seed's GET carries a Content-Type header and no body.
    Reply read =
        server.send(
            BASE + "/" + id,
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .GET());
    assertThat(read.status()).as("%s", read).isEqualTo(200);
    assertThat(read.json().path("data").path("id").asText()).isEqualTo(id);

    Set<String> expected = activeContactIdsInTheDatabase();
    assertThat(expected).as("the seeded workspace has active contacts").hasSizeGreaterThan(10);
    Reply csv = server.call("GET", BASE + "/" + id + ".csv", t.key(), null);
    assertThat(csv.status()).as("%s", csv).isEqualTo(200);
    assertThat(new TreeSet<>(column(rows(csv), "id"))).isEqualTo(expected);
    assertThat(column(rows(csv), "id")).hasSize(expected.size());

    Reply xlsx = server.call("GET", BASE + "/" + id + ".xlsx", t.key(), null);
    assertThat(xlsx.status()).as("%s", xlsx).isEqualTo(200);
    List<String> xlsxIds = new ArrayList<>();
    try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
      List<Row> sheet = wb.getFirstSheet().read();
      assertThat(sheet.get(0).getCellAsString(0)).hasValue("id");
      for (Row row : sheet.subList(1, sheet.size())) {
        xlsxIds.add(row.getCellAsString(0).orElseThrow());
      }
    }
    assertThat(xlsxIds).hasSize(expected.size());
    assertThat(new TreeSet<>(xlsxIds)).isEqualTo(expected);
  }

  /** The documented GET's log id (docs/jsonapi-exports.md, "Export [GET]"). */
  static final String SEED_GET_ID = "d7905e44-37ff-4f78-9f99-21f26baf3c5f";

  /**
   * The documented GET, verbatim: its path with the documented id, its {@code Content-Type} header
   * and no body. The log is created through the API with the filter as the documented answer shows
   * it (an object), then given the documented id in the database, since ids are the server's.
   * Answers the documented resource; with {@code .csv} and {@code .xlsx} appended, the files.
   */
  @Test
  void theSeedsGetReplayedVerbatimWithItsOwnIdAnswersTheLogAndItsFiles() throws Exception {
    String id = createLog("{\"status\":\"active\"}");
    int moved =
        server
            .leadport()
            .services()
            .database()
            .jdbi()
            .withHandle(h ->
                h.createUpdate("update export_logs set id = :seed where id = :id")
                    .bind("seed", SEED_GET_ID)
                    .bind("id", id)
                    .execute());
    assertThat(moved).isEqualTo(1);

    Reply read =
        server.send(
            "/api/v2/contacts/exports/d7905e44-37ff-4f78-9f99-21f26baf3c5f",
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .GET());
    assertThat(read.status()).as("%s", read).isEqualTo(200);
    assertThat(read.header("Content-Type")).isEqualTo("application/vnd.api+json; charset=utf-8");
    JsonNode data = read.json().path("data");
    assertThat(data.path("id").asText()).isEqualTo(SEED_GET_ID);
    assertThat(data.path("type").asText()).isEqualTo("export_logs");
    assertThat(ContactExportIT.fieldNames(data.path("attributes")))
        .containsExactly(
            "created_at", "export_at", "params", "type", "updated_at", "updated_in_db_at");
    assertThat(data.path("attributes").path("params"))
        .isEqualTo(Json.parse("{\"filter\": {\"status\": \"active\"}}"));
    assertThat(data.path("relationships").path("user").path("data"))
        .isEqualTo(Json.object().put("id", keyId).put("type", "users"));

    Set<String> expected = activeContactIdsInTheDatabase();
    assertThat(expected).hasSizeGreaterThan(10);
    for (String extension : List.of("csv", "xlsx")) {
      Reply file =
          server.send(
              "/api/v2/contacts/exports/d7905e44-37ff-4f78-9f99-21f26baf3c5f." + extension,
              b ->
                  b.header("Authorization", "Bearer " + t.key())
                      .header("Content-Type", "application/vnd.api+json")
                      .GET());
      assertThat(file.status()).as("%s %s", extension, file).isEqualTo(200);
      if (extension.equals("csv")) {
        assertThat(new TreeSet<>(column(rows(file), "id"))).isEqualTo(expected);
      } else {
        assertThat(file.header("Content-Type"))
            .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        List<String> ids = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(file.body()))) {
          List<Row> sheet = wb.getFirstSheet().read();
          sheet.subList(1, sheet.size()).forEach(r -> ids.add(r.getCellAsString(0).orElseThrow()));
        }
        assertThat(new TreeSet<>(ids)).isEqualTo(expected);
      }
    }
  }

  // --- access_token -----------------------------------------------------------------------------

  /** MPDX's web client: the key as access_token, no Authorization, a Content-Type on the GET. */
  static Reply download(String id, String extension, String token, String contentType) {
    return server.send(
        BASE + "/" + id + "." + extension + "?access_token=" + token,
        b -> b.header("Content-Type", contentType).GET());
  }

  static String createLog(String filterJson) {
    Reply r =
        server.send(
            BASE,
            b ->
                b.header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"data\":{\"type\":\"export_logs\",\"attributes\":{\"params\":"
                                + "{\"filter\":"
                                + filterJson
                                + "}}}}")));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    return r.json().path("data").path("id").asText();
  }

  @Test
  void theWebClientsAccessTokenDownloadWorksOnTheFilesOnlyAndNeverReachesALog() throws Exception {
    String id = createLog("{\"status\":\"active\"}");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    List<Reply> replies = new ArrayList<>();
    System.setErr(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    try {
      Reply csv = download(id, "csv", t.key(), "text/csv");
      replies.add(csv);
      assertThat(csv.status()).as("%s", csv).isEqualTo(200);
      assertThat(csv.header("Content-Type")).isEqualTo("text/csv; charset=utf-8");
      Reply withHeader = server.call("GET", BASE + "/" + id + ".csv", t.key(), null);
      assertThat(csv.text()).isEqualTo(withHeader.text());

      Reply xlsx = download(id, "xlsx", t.key(), "application/xlsx");
      replies.add(xlsx);
      assertThat(xlsx.status()).as("%s", xlsx).isEqualTo(200);
      assertThat(xlsx.header("Content-Type"))
          .isEqualTo("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

      // A wrong or empty token is the same 401 as a wrong header, in JSON:API's shape.
      for (String bad : List.of(t.key() + "x", "")) {
        Reply r = download(id, "csv", bad, "text/csv");
        replies.add(r);
        assertJsonApiError(r, 401, "unauthorized", null);
        assertThat(r.header("WWW-Authenticate")).contains("Bearer");
      }

      // Anywhere else on this surface the parameter is a 400 naming it, key valid or not.
      Reply show = server.send(BASE + "/" + id + "?access_token=" + t.key(), b -> b.GET());
      replies.add(show);
      JsonNode refused = assertJsonApiError(show, 400, "invalid_parameter", null);
      assertThat(refused.path("source").path("parameter").asText()).isEqualTo("access_token");
      assertThat(refused.path("detail").asText()).contains(".csv and .xlsx");
      Reply post =
          server.send(
              BASE + "?access_token=" + t.key(),
              b ->
                  b.header("Content-Type", "application/vnd.api+json")
                      .POST(HttpRequest.BodyPublishers.ofString(SEED_POST_BODY)));
      replies.add(post);
      JsonNode e = assertJsonApiError(post, 400, "invalid_parameter", null);
      assertThat(e.path("source").path("parameter").asText()).isEqualTo("access_token");

      // The key in both places is ambiguous: a 400, not a guess.
      Reply both =
          server.send(
              BASE + "/" + id + ".csv?access_token=" + t.key(),
              b -> b.header("Authorization", "Bearer " + t.key()).GET());
      replies.add(both);
      assertThat(assertJsonApiError(both, 400, "invalid_parameter", null).path("source"))
          .isEqualTo(Json.object().put("parameter", "access_token"));

      // Other surfaces take no access_token at all: without a header it is no credential.
      Reply nativeApi = server.send("/api/v1/leads?access_token=" + t.key(), b -> b.GET());
      replies.add(nativeApi);
      assertThat(nativeApi.status()).as("%s", nativeApi).isEqualTo(401);
      Reply hubspot =
          server.send(
              "/crm/v3/exports/export/async/tasks/1/status?access_token=" + t.key(), b -> b.GET());
      replies.add(hubspot);
      assertThat(hubspot.status()).as("%s", hubspot).isEqualTo(401);

      // The request log lines are written after the response; wait until all are there.
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (countRequestLines(captured) < replies.size() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(countRequestLines(captured)).as(log).isGreaterThanOrEqualTo(replies.size());
    assertThat(log).contains("path=" + BASE + "/" + id + ".csv ");
    assertThat(log).doesNotContain(t.key()).doesNotContain("access_token");
    for (Reply r : replies) {
      assertThat(r.text()).doesNotContain(t.key());
    }
    Reply metrics = server.call("GET", "/metrics", TestServer.ADMIN_TOKEN, null);
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.text()).doesNotContain(t.key()).doesNotContain("access_token");
  }

  static int countRequestLines(ByteArrayOutputStream out) {
    String s = out.toString(StandardCharsets.UTF_8);
    int n = 0;
    for (int i = s.indexOf("request id="); i >= 0; i = s.indexOf("request id=", i + 1)) {
      n++;
    }
    return n;
  }

  /** Writes to two streams. */
  static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public synchronized void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
    }
  }

  // --- media types, include and sparse fieldsets -----------------------------------------------

  static Reply postAs(String contentType, String query, String body) {
    return server.send(
        BASE + query,
        b ->
            b.header("Authorization", "Bearer " + t.key())
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void plainApplicationJsonIsAcceptedAndAnsweredInJsonApi() {
    for (String type : List.of("application/json", "application/json; charset=utf-8")) {
      Reply r = postAs(type, "", SEED_POST_BODY);
      assertThat(r.status()).as("%s: %s", type, r).isEqualTo(201);
      assertThat(r.header("Content-Type")).isEqualTo("application/vnd.api+json; charset=utf-8");
    }
    JsonNode e =
        assertJsonApiError(
            postAs("application/json; profile=\"x\"", "", SEED_POST_BODY),
            415,
            "unsupported_media_type",
            null);
    assertThat(e.path("source").path("header").asText()).isEqualTo("Content-Type");
    assertJsonApiError(
        postAs("application/json; charset=latin1", "", SEED_POST_BODY),
        415,
        "unsupported_media_type",
        null);
  }

  static Reply show(String id, String query) {
    return server.call("GET", BASE + "/" + id + query, t.key(), null);
  }

  @Test
  void includeUserAddsTheKeyAsAUsersResource() {
    Reply created = postAs("application/vnd.api+json", "?include=user", SEED_POST_BODY);
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    JsonNode user =
        Json.object()
            .put("id", keyId)
            .put("type", "users")
            .set(
                "attributes",
                Json.object().put("name", "mpdx web").put("email", "owner@mpdx.example"));
    assertThat(created.json().path("included")).isEqualTo(Json.array().add(user));
    String id = created.json().path("data").path("id").asText();

    Reply read = show(id, "?include=user");
    assertThat(read.status()).as("%s", read).isEqualTo(200);
    assertThat(read.json().path("included")).isEqualTo(Json.array().add(user));
    assertThat(read.json().path("data").path("relationships").path("user").path("data"))
        .isEqualTo(Json.object().put("id", keyId).put("type", "users"));
    assertThat(show(id, "").json().has("included")).isFalse();
  }

  @Test
  void sparseFieldsetsKeepOnlyTheNamedFields() {
    String id = createLog("\"{\\\"status\\\":\\\"active\\\"}\"");
    Reply r = show(id, "?fields%5Bexport_logs%5D=params,export_at");
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    JsonNode data = r.json().path("data");
    assertThat(ContactExportIT.fieldNames(data.path("attributes")))
        .containsExactly("export_at", "params");
    assertThat(data.has("relationships")).isFalse();
    assertThat(data.path("id").asText()).isEqualTo(id);
    assertThat(data.path("links").path("self").asText()).isEqualTo(server.url(BASE + "/" + id));

    Reply onlyUser = show(id, "?fields%5Bexport_logs%5D=user&include=user&fields%5Busers%5D=name");
    assertThat(onlyUser.status()).as("%s", onlyUser).isEqualTo(200);
    assertThat(onlyUser.json().path("data").has("attributes")).isFalse();
    assertThat(onlyUser.json().path("data").path("relationships").has("user")).isTrue();
    assertThat(onlyUser.json().path("included").get(0).path("attributes"))
        .isEqualTo(Json.object().put("name", "mpdx web"));

    Reply none = show(id, "?fields%5Bexport_logs%5D=");
    assertThat(none.json().path("data").has("attributes")).isFalse();
    assertThat(none.json().path("data").has("relationships")).isFalse();
  }

  @Test
  void unknownIncludesFieldsAndFieldsetTypesAre400sNamingTheParameter() {
    String id = createLog("{}");
    record Case(String query, String parameter, String detail) {}
    for (Case c :
        List.of(
            new Case("?include=owner", "include", "owner"),
            new Case("?include=user,user.account_lists", "include", "user.account_lists"),
            new Case("?fields%5Bexport_logs%5D=params,colour", "fields[export_logs]", "colour"),
            new Case("?fields%5Busers%5D=first_name", "fields[users]", "first_name"),
            new Case("?fields%5Bpeople%5D=name", "fields[people]", "people"))) {
      JsonNode e = assertJsonApiError(show(id, c.query()), 400, "invalid_parameter", null);
      assertThat(e.path("source").path("parameter").asText())
          .as(c.query())
          .isEqualTo(c.parameter());
      assertThat(e.path("detail").asText()).as(c.query()).contains(c.detail());
    }
    // The files take no JSON:API parameters.
    JsonNode e =
        assertJsonApiError(
            server.call("GET", BASE + "/" + id + ".csv?include=user", t.key(), null),
            400,
            "invalid_parameter",
            null);
    assertThat(e.path("source").path("parameter").asText()).isEqualTo("include");
  }
}
