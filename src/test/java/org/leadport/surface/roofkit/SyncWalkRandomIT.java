package org.leadport.surface.roofkit;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.store.Change;
import org.leadport.testing.ChangeChecks;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Randomized lossless sync: a writer runs transactions of random length (inserts, renames, deletes;
 * some held open across several segments) while a reader walks the sync export with tombstones and
 * then follows the change feed from the walk's X-Changes-Cursor. Once the writer stops and the feed
 * has caught up, the reader's copy is the database, in every run.
 */
class SyncWalkRandomIT {
  static TestServer server;
  static TestServer sibling;
  static ChangeChecks checks;
  static Jdbi jdbi;

  @BeforeAll
  static void start() {
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000_000);
    sibling = server.sibling();
    checks = new ChangeChecks(server);
    jdbi = checks.jdbi();
  }

  @AfterAll
  static void stop() {
    sibling.close();
    server.close();
  }

  @Test
  void walkThenFeedIsTheDatabaseWhateverTheWritesDo() throws Exception {
    for (int run = 0; run < 20; run++) {
      Random random = new Random(1_000 + run);
      Tenant t = server.tenant("random" + run);
      for (int i = 0; i < 20; i++) {
        insert(jdbi, t.workspaceId(), "lead_r" + run + "_" + i, "seed");
      }
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      String prefix = prefix(run);
      Thread writer = Thread.ofPlatform().start(() -> write(t, prefix, random, stop, failed));
      Map<String, String> copy = new HashMap<>();
      String cursor = null;
      String changes = null;
      do {
        // Segments alternate between two nodes: a cursor holds everything a walk needs.
        Reply r =
            (random.nextBoolean() ? server : sibling)
                .call(
                    "GET",
                    "/api/v1/leads/export?include_deleted=true&limit=3"
                        + (cursor == null ? "" : "&cursor=" + cursor),
                    t.key(),
                    null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<CsvRecord> csv = SyncExportIT.csv(r.body());
        assertThat(csv.size() - 1).isLessThanOrEqualTo(3);
        int id = SyncExportIT.column(csv, "id");
        int name = SyncExportIT.column(csv, "display_name");
        int deleted = SyncExportIT.column(csv, "deleted_at");
        for (CsvRecord row : csv.subList(1, csv.size())) {
          if (row.getField(deleted).isEmpty()) {
            copy.put(row.getField(id), row.getField(name));
          } else {
            copy.remove(row.getField(id));
          }
        }
        cursor = r.header("X-Export-Next-Cursor");
        changes = r.header("X-Changes-Cursor");
        Thread.sleep(random.nextInt(30));
      } while (cursor != null);
      assertThat(changes).isNotNull();
      stop.set(true);
      writer.join();
      assertThat(failed.get()).isNull();
      List<Change> feed = checks.feed(t.workspaceId(), changes);
      checks.apply(copy, feed);
      assertThat(copy).as("run %d", run).isEqualTo(checks.liveLeads(t.workspaceId(), null));
    }
  }

  private static String prefix(int run) {
    return "lead_r" + run + "_";
  }

  /** Random transactions until stopped: some held open while the walk goes on. */
  private static void write(
      Tenant t, String prefix, Random random, AtomicBoolean stop, AtomicReference<Throwable> out) {
    int next = 20;
    try {
      while (!stop.get()) {
        try (Handle h = jdbi.open()) {
          h.begin();
          int writes = 1 + random.nextInt(4);
          for (int i = 0; i < writes; i++) {
            String id = prefix + random.nextInt(next);
            switch (random.nextInt(4)) {
              case 0 -> insert(h, t.workspaceId(), prefix + next++, "new");
              case 1 ->
                  h.execute(
                      "update leads set display_name = ?, updated_at = now() where id = ?",
                      "renamed " + random.nextInt(1000),
                      id);
              case 2 ->
                  h.execute(
                      "update leads set deleted_at = now(), updated_at = now() where id = ?"
                          + " and deleted_at is null",
                      id);
              default ->
                  h.execute(
                      "update leads set deleted_at = null, display_name = 'restored',"
                          + " updated_at = now() where id = ?",
                      id);
            }
          }
          // Held open for up to a few segments: its updated_at falls behind the walk.
          Thread.sleep(random.nextInt(150));
          h.commit();
        }
      }
    } catch (Throwable e) {
      out.set(e);
    }
  }

  private static void insert(Jdbi jdbi, String ws, String id, String name) {
    jdbi.useHandle(h -> insert(h, ws, id, name));
  }

  private static void insert(Handle h, String ws, String id, String name) {
    h.execute(
        "insert into leads (id, workspace_id, display_name, created_at, updated_at)"
            + " values (?, ?, ?, now(), now())",
        id,
        ws,
        name);
  }
}
