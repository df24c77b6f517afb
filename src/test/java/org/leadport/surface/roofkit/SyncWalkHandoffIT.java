package org.leadport.surface.roofkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.store.Change;
import org.leadport.testing.ChangeChecks;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The sync walk's lossless promise (issue 17, docs/guides/incremental-sync.md), black-box: a write
 * that began before a walk, stamped an updated_at behind the walk's position and committed while
 * the walk was under way comes in the walk's catch-up, and the walk plus the change feed from its
 * X-Changes-Cursor is exactly the database, nothing lost or doubled.
 */
class SyncWalkHandoffIT {
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

  /** One response of a walk: its rows (id, display name) in order, and its headers. */
  record Segment(List<String[]> rows, Reply reply) {}

  @Test
  void aLateCommitBehindTheWalkComesInItsCatchUpAndTheFeedContinuesExactly() throws Exception {
    Tenant t = server.tenant("late");
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      ids.add(createLead(t, "L" + i));
    }
    List<Segment> walk = new ArrayList<>();
    long held;
    try (Handle late = jdbi.open()) {
      // Begun before the walk: its updated_at stamps are behind every position the walk reaches.
      late.begin();
      held = late.createQuery("select pg_current_xact_id()::text::bigint").mapTo(Long.class).one();
      late.execute(
          "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
              + " values ('lead_late', ?, 'late insert', now(), now() - interval '1 day')",
          t.workspaceId());
      late.execute(
          "update leads set display_name = 'moved back', updated_at = now() - interval '1 day'"
              + " where id = ?",
          ids.get(5));
      walk.add(segment(t, null));
      assertThat(walk.get(0).reply().header("X-Export-Next-Cursor")).isNotNull();
      walk.add(segment(t, walk.get(0).reply().header("X-Export-Next-Cursor")));
      late.commit();
    }
    awaitHorizonPast(held);
    String next = walk.get(walk.size() - 1).reply().header("X-Export-Next-Cursor");
    while (next != null) {
      Segment s = segment(t, next);
      walk.add(s);
      next = s.reply().header("X-Export-Next-Cursor");
    }
    Reply last = walk.get(walk.size() - 1).reply();
    assertThat(last.header("X-Export-Truncated")).isEqualTo("false");
    String changesCursor = last.header("X-Changes-Cursor");
    assertThat(changesCursor).matches("[A-Za-z0-9_-]+");
    for (Segment s : walk.subList(0, walk.size() - 1)) {
      assertThat(s.reply().header("X-Changes-Cursor")).isNull();
      assertThat(s.rows()).hasSizeLessThanOrEqualTo(2);
    }
    List<String> order = new ArrayList<>();
    Map<String, String> copy = new LinkedHashMap<>();
    walk.forEach(s ->
        s.rows()
            .forEach(r -> {
              order.add(r[0]);
              copy.put(r[0], r[1]);
            }));
    // The keyset part first (the last lead moved behind the walk before the keyset reached it),
    // then the catch-up, with both late writes as committed.
    assertThat(order.subList(0, 5)).containsExactlyElementsOf(ids.subList(0, 5));
    assertThat(order.subList(5, order.size())).containsExactlyInAnyOrder("lead_late", ids.get(5));
    assertThat(copy)
        .containsEntry("lead_late", "late insert")
        .containsEntry(ids.get(5), "moved back");
    assertThat(copy).isEqualTo(liveLeads(t));

    // Writes after the walk reach the copy through the feed from X-Changes-Cursor, and only they.
    patchLead(t, ids.get(1), "L1 renamed");
    assertThat(server.call("DELETE", "/api/v1/leads/" + ids.get(2), t.key(), null).status())
        .isLessThan(300);
    String created = createLead(t, "after");
    List<Change> feed = feed(t, changesCursor);
    assertThat(feed).extracting(Change::leadId).containsExactly(ids.get(1), ids.get(2), created);
    checks.apply(copy, feed);
    assertThat(copy).isEqualTo(liveLeads(t));
  }

  @Test
  void aSingleSegmentWalkHandsOverItsOwnSnapshot() throws Exception {
    Tenant t = server.tenant("single");
    String a = createLead(t, "A");
    Segment only = segment(t, null);
    assertThat(only.reply().header("X-Export-Truncated")).isEqualTo("false");
    assertThat(only.reply().header("X-Export-Next-Cursor")).isNull();
    assertThat(only.rows()).extracting(r -> r[0]).containsExactly(a);
    String cursor = only.reply().header("X-Changes-Cursor");
    assertThat(cursor).isNotNull();
    assertThat(feed(t, cursor)).isEmpty();
    patchLead(t, a, "A2");
    assertThat(feed(t, cursor)).extracting(Change::leadId).containsExactly(a);
    // The feed endpoint takes the cursor as it is (same workspace, same lead filters: none).
    Reply page = server.call("GET", "/api/v1/changes?cursor=" + cursor, t.key(), null);
    assertThat(page.status()).as(page.toString()).isEqualTo(200);
    assertThat(page.json().path("data")).hasSize(1);
    assertThat(page.json().path("data").get(0).path("id").asText()).isEqualTo(a);
    Reply filtered =
        server.call("GET", "/api/v1/changes?source=web&cursor=" + cursor, t.key(), null);
    assertThat(filtered.status()).as(filtered.toString()).isEqualTo(400);
    // The cursor is the feed's, bound to the walk's lead filters: the walk's own cursors are not.
    assertThat(
            server
                .call("GET", "/api/v1/leads/export?limit=1&cursor=" + cursor, t.key(), null)
                .status())
        .isEqualTo(400);
  }

  @Test
  void catchUpRowsObeyTheWalksFiltersAndItsCap() throws Exception {
    Tenant t = server.tenant("filters");
    for (int i = 0; i < 3; i++) {
      createLead(t, "web" + i, "web");
    }
    String other = createLead(t, "other", "mail");
    Segment first = segment(t, "source=web&limit=2", null);
    assertThat(first.rows()).hasSize(2);
    // After the first segment: three leads move behind the walk, one of them out of the filter.
    List<String[]> firstRows = first.rows();
    String movedOut = firstRows.get(0)[0];
    jdbi.useHandle(h -> {
      h.execute(
          "update leads set display_name = display_name || '!', updated_at = now() - interval '1"
              + " day' where workspace_id = ? and source = 'web'",
          t.workspaceId());
      h.execute("update leads set source = 'mail' where id = ?", movedOut);
      h.execute("update leads set display_name = 'x' where id = ?", other);
    });
    awaitHorizonPast(currentXid());
    List<Segment> rest = new ArrayList<>();
    String next = first.reply().header("X-Export-Next-Cursor");
    while (next != null) {
      Segment s = segment(t, "source=web&limit=2", next);
      assertThat(s.rows()).hasSizeLessThanOrEqualTo(2);
      rest.add(s);
      next = s.reply().header("X-Export-Next-Cursor");
    }
    Map<String, String> copy = new HashMap<>();
    firstRows.forEach(r -> copy.put(r[0], r[1]));
    rest.forEach(s -> s.rows().forEach(r -> copy.put(r[0], r[1])));
    // Every web lead as it is now; the one that left the filter keeps its old row (the walk
    // delivers leads that match; its later change reaches a client through the feed), and the
    // lead of another source never comes.
    assertThat(copy).doesNotContainKey(other);
    Map<String, String> web = liveLeads(t, "web");
    assertThat(copy).containsAllEntriesOf(web);
    assertThat(copy.keySet()).hasSize(web.size() + 1);
  }

  private static Segment segment(Tenant t, String cursor) {
    return segment(t, "limit=2", cursor);
  }

  private static Segment segment(Tenant t, String query, String cursor) {
    Reply r =
        server.call(
            "GET",
            "/api/v1/leads/export?" + query + (cursor == null ? "" : "&cursor=" + cursor),
            t.key(),
            null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    List<CsvRecord> csv = SyncExportIT.csv(r.body());
    int id = SyncExportIT.column(csv, "id");
    int name = SyncExportIT.column(csv, "display_name");
    List<String[]> rows = new ArrayList<>();
    for (CsvRecord rec : csv.subList(1, csv.size())) {
      rows.add(new String[] {rec.getField(id), rec.getField(name)});
    }
    return new Segment(rows, r);
  }

  private static String createLead(Tenant t, String name) {
    return createLead(t, name, null);
  }

  private static String createLead(Tenant t, String name, String source) {
    ObjectNode lead = Json.object().put("name", name);
    if (source != null) {
      lead.put("source", source);
    }
    Reply r = server.call("POST", "/api/v1/leads", t.key(), lead);
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static void patchLead(Tenant t, String id, String name) {
    Reply r = server.call("PATCH", "/api/v1/leads/" + id, t.key(), Json.object().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
  }

  private static Map<String, String> liveLeads(Tenant t) {
    return checks.liveLeads(t.workspaceId(), null);
  }

  private static Map<String, String> liveLeads(Tenant t, String source) {
    return checks.liveLeads(t.workspaceId(), source);
  }

  private static List<Change> feed(Tenant t, String cursor) {
    return checks.feed(t.workspaceId(), cursor);
  }

  private static void awaitHorizonPast(long xid) {
    checks.awaitHorizonPast(xid);
  }

  private static long currentXid() {
    return checks.currentXid();
  }
}
