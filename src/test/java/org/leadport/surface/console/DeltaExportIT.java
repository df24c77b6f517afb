package org.leadport.surface.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.store.Change;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ChangeChecks;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Snapshot-to-stream handoff of async exports and delta exports (issue 17, docs/changes.md),
 * black-box over the console and Close surfaces: a job's changes_cursor continues on the feed with
 * exactly the changes its file does not hold, and an export with {@code since} (a cursor or an
 * earlier export's id) holds exactly the leads changed after it, deleted ones as tombstones.
 */
class DeltaExportIT {
  static TestServer server;
  static ChangeChecks checks;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000_000);
    checks = new ChangeChecks(server);
    jdbi = checks.jdbi();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aJobsChangesCursorContinuesWithExactlyTheLaterChanges() throws Exception {
    Tenant t = server.tenant("handoff");
    List<String> ids = leads(t, 3);
    JsonNode job;
    try (Handle held = jdbi.open()) {
      // Written before the export and committed after its snapshot: the file has the old name,
      // the feed from the job's cursor the change.
      held.begin();
      held.execute("update leads set display_name = 'held' where id = ?", ids.get(2));
      job = consoleRun(t, Json.object().put("type", "leads").put("format", "csv"));
      held.commit();
    }
    String cursor = job.path("changes_cursor").asText(null);
    assertThat(cursor).as(job.toString()).matches("[A-Za-z0-9_-]+");
    Map<String, String> copy = rows(consoleFile(t, job));
    assertThat(copy.keySet()).containsExactlyInAnyOrderElementsOf(ids);
    assertThat(copy.get(ids.get(2))).isNotEqualTo("held");

    rename(t, ids.get(0), "renamed");
    delete(t, ids.get(1));
    String created = leads(t, 1).get(0);
    List<Change> feed = checks.feed(t.workspaceId(), cursor);
    assertThat(feed)
        .extracting(Change::leadId)
        .containsExactly(ids.get(2), ids.get(0), ids.get(1), created);
    checks.apply(copy, feed);
    assertThat(copy).isEqualTo(checks.liveLeads(t.workspaceId(), null));

    // Every surface's status of the same job shows the same cursor.
    Reply close =
        server.call("GET", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null);
    assertThat(close.status()).isEqualTo(404); // a console job is not one of Close's exports
    JsonNode closeJob =
        AsyncExports.run(server, t.key(), Json.object().put("format", "csv").put("type", "leads"));
    assertThat(closeJob.path("changes_cursor").asText(null)).matches("[A-Za-z0-9_-]+");
    assertThat(checks.feed(t.workspaceId(), closeJob.path("changes_cursor").asText())).isEmpty();
  }

  @Test
  void aDeltaExportHoldsTheLeadsChangedSinceWithTombstones() throws Exception {
    Tenant t = server.tenant("delta");
    List<String> ids = leads(t, 4);
    JsonNode full = consoleRun(t, Json.object().put("type", "leads").put("format", "csv"));
    rename(t, ids.get(0), "renamed");
    delete(t, ids.get(1));
    String created = leads(t, 1).get(0);

    for (String since : List.of(full.path("changes_cursor").asText(), full.path("id").asText())) {
      JsonNode delta =
          consoleRun(
              t,
              Json.object()
                  .put("type", "leads")
                  .put("format", "csv")
                  .put("since", since)
                  .set("fields", Json.array().add("id").add("display_name")));
      List<List<String>> table = csv(consoleFile(t, delta));
      // deleted_at joins the fields asked for: it tells a tombstone apart.
      assertThat(table.get(0)).containsExactly("id", "display_name", "deleted_at");
      Map<String, List<String>> byId = new HashMap<>();
      table.subList(1, table.size()).forEach(r -> byId.put(r.get(0), r));
      assertThat(byId.keySet()).containsExactlyInAnyOrder(ids.get(0), ids.get(1), created);
      assertThat(byId.get(ids.get(0)).get(1)).isEqualTo("renamed");
      assertThat(byId.get(ids.get(0)).get(2)).isEmpty();
      assertThat(byId.get(ids.get(1)).get(2)).isNotEmpty();
      assertThat(byId.get(created).get(2)).isEmpty();
      // The delta's own cursor continues from its snapshot: nothing since, then the next write.
      String next = delta.path("changes_cursor").asText();
      assertThat(checks.feed(t.workspaceId(), next)).isEmpty();
    }

    // Close's lead exports take since too; JSON documents of deleted leads carry deleted_at.
    JsonNode closeDelta =
        AsyncExports.run(
            server,
            t.key(),
            Json.object()
                .put("format", "json")
                .put("type", "leads")
                .put("since", full.path("id").asText()));
    JsonNode docs = Json.parse(new String(AsyncExports.file(closeDelta), StandardCharsets.UTF_8));
    Map<String, JsonNode> byId = new HashMap<>();
    docs.forEach(d -> byId.put(d.path("id").asText(), d));
    assertThat(byId.keySet()).containsExactlyInAnyOrder(ids.get(0), ids.get(1), created);
    assertThat(byId.get(ids.get(1)).path("deleted_at").isTextual()).isTrue();
    assertThat(byId.get(ids.get(0)).path("deleted_at").isNull()).isTrue();
    assertThat(byId.get(ids.get(0)).path("display_name").asText()).isEqualTo("renamed");

    // A later write is the delta's next delta, filters still applied.
    rename(t, ids.get(2), "later");
    JsonNode again =
        AsyncExports.run(
            server,
            t.key(),
            Json.object()
                .put("format", "csv")
                .put("type", "leads")
                .put("since", closeDelta.path("changes_cursor").asText()));
    List<List<String>> rows = csv(AsyncExports.file(again));
    assertThat(rows.subList(1, rows.size())).extracting(r -> r.get(0)).containsExactly(ids.get(2));
    assertThat(rows.get(0)).contains("deleted_at");
  }

  @Test
  void aBadSinceIsA400() throws Exception {
    Tenant t = server.tenant("bad");
    Tenant other = server.tenant("other");
    leads(t, 1);
    JsonNode done = consoleRun(t, Json.object().put("type", "leads").put("format", "csv"));
    JsonNode foreign = consoleRun(other, Json.object().put("type", "leads").put("format", "csv"));
    JsonNode old = consoleRun(t, Json.object().put("type", "leads").put("format", "csv"));
    jdbi.useHandle(h ->
        h.execute(
            "update export_jobs set changes_position = null where id = ?",
            old.path("id").asText()));
    JsonNode failed = consoleRun(t, Json.object().put("type", "leads").put("format", "csv"));
    jdbi.useHandle(h ->
        h.execute(
            "update export_jobs set state = 'failed' where id = ?", failed.path("id").asText()));

    assertBadSince(t, "not-a-cursor", "invalid_cursor");
    assertBadSince(t, foreign.path("changes_cursor").asText(), "invalid_cursor");
    assertBadSince(t, foreign.path("id").asText(), "invalid_parameter");
    assertBadSince(t, "expo_doesnotexist0000000000", "invalid_parameter");
    assertBadSince(t, old.path("id").asText(), "invalid_parameter");
    assertBadSince(t, failed.path("id").asText(), "invalid_parameter");
    // A walk's X-Changes-Cursor with lead filters continues that filtered feed, not a delta's.
    Reply walk = server.call("GET", "/api/v1/leads/export?source=web", t.key(), null);
    assertBadSince(t, walk.header("X-Changes-Cursor"), "invalid_cursor");
    // Deltas are of leads: their tombstones have no contact or opportunity rows.
    Reply contacts =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object()
                .put("type", "contacts")
                .put("format", "csv")
                .put("since", done.path("id").asText()));
    assertThat(contacts.status()).as(contacts.toString()).isEqualTo(400);
    assertThat(contacts.json().toString()).contains("since");
    Reply close =
        server.call(
            "POST",
            "/api/v1/export/lead/",
            t.key(),
            Json.object().put("format", "csv").put("type", "leads").put("since", "nope"));
    assertThat(close.status()).as(close.toString()).isEqualTo(400);
    assertThat(close.json().toString()).contains("since");
  }

  private static void assertBadSince(Tenant t, String since, String code) {
    Reply r =
        server.call(
            "POST",
            "/api/v1/exports",
            t.key(),
            Json.object().put("type", "leads").put("format", "csv").put("since", since));
    assertThat(r.status()).as(since + " " + r).isEqualTo(400);
    assertThat(r.json().toString()).as(since).contains(code).contains("since");
  }

  private static List<String> leads(Tenant t, int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Reply r =
          server.call("POST", "/api/v1/leads", t.key(), Json.object().put("name", "Lead " + i));
      assertThat(r.status()).as(r.toString()).isEqualTo(201);
      ids.add(r.json().path("id").asText());
    }
    return ids;
  }

  private static void rename(Tenant t, String id, String name) {
    Reply r = server.call("PATCH", "/api/v1/leads/" + id, t.key(), Json.object().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private static void delete(Tenant t, String id) {
    Reply r = server.call("DELETE", "/api/v1/leads/" + id, t.key(), null);
    assertThat(r.status()).as(r.toString()).isLessThan(300);
  }

  private static JsonNode consoleRun(Tenant t, ObjectNode body) throws InterruptedException {
    Reply created = server.call("POST", "/api/v1/exports", t.key(), body);
    assertThat(created.status()).as(created.toString()).isEqualTo(202);
    String id = created.json().path("id").asText();
    assertThat(created.json().has("changes_cursor")).isTrue();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (true) {
      JsonNode job = server.call("GET", "/api/v1/exports/" + id, t.key(), null).json();
      String state = job.path("state").asText();
      if (!state.equals("queued") && !state.equals("running")) {
        assertThat(state).as(job.toString()).isEqualTo("succeeded");
        return job;
      }
      assertThat(System.nanoTime()).as("export %s did not finish", id).isLessThan(deadline);
      Thread.sleep(25);
    }
  }

  private static byte[] consoleFile(Tenant t, JsonNode job) {
    Reply link =
        server.call("POST", "/api/v1/exports/" + job.path("id").asText() + "/link", t.key(), null);
    assertThat(link.status()).as(link.toString()).isEqualTo(200);
    Reply r = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.body();
  }

  private static List<List<String>> csv(byte[] bytes) {
    List<List<String>> out = new ArrayList<>();
    for (CsvRecord r : CsvReader.builder().ofCsvRecord(new String(bytes, StandardCharsets.UTF_8))) {
      out.add(r.getFields());
    }
    return out;
  }

  /** A native CSV's rows, id to display name. */
  private static Map<String, String> rows(byte[] bytes) {
    List<List<String>> table = csv(bytes);
    int id = table.get(0).indexOf("id");
    int name = table.get(0).indexOf("display_name");
    Map<String, String> out = new HashMap<>();
    table.subList(1, table.size()).forEach(r -> out.put(r.get(id), r.get(name)));
    return out;
  }
}
