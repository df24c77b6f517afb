package org.leadport.surface;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.export.writer.FormulaSafety;
import org.leadport.json.Json;
import org.leadport.model.Ids;
import org.leadport.store.Database;
import org.leadport.testing.Reply;
import org.leadport.testing.TestDatabase;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Issue 17's promise, checked end to end: a reader that walks the sync export and then follows the
 * change feed from the walk's {@code X-Changes-Cursor} ends with exactly the database's leads,
 * while two nodes write through the API and a third writer holds transactions open across the
 * reader's polls (stamping {@code updated_at} when they begin and committing much later, one of
 * them a bulk insert of 8,000 leads, some rolled back). Randomized, reproducible by its seed.
 */
class LosslessSyncIT {
  private static final int SEGMENT = 300;
  private static TestServer a;
  private static TestServer b;
  private static Database db;
  private static Jdbi jdbi;

  @BeforeAll
  static void start() {
    a = TestServer.start(Clock.systemUTC(), 1_000_000);
    b = a.sibling();
    db = Database.external(a.jdbcUrl(), TestDatabase.user(), TestDatabase.password());
    jdbi = db.jdbi();
  }

  @AfterAll
  static void stop() {
    db.close();
    b.close();
    a.close();
  }

  static List<Long> seeds() {
    List<Long> seeds = new ArrayList<>();
    for (long s = 1; s <= Long.getLong("lossless.runs", 20); s++) {
      seeds.add(s * 7919);
    }
    return seeds;
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void theWalkThenTheFeedEqualTheDatabase(long seed) throws Exception {
    Tenant t = a.tenant("lossless-" + seed);
    Random random = new Random(seed);
    a.seed(t.workspaceId(), 500 + random.nextInt(1500), seed);
    Writers writers = new Writers(t, seed);
    Map<String, String> copy = new HashMap<>();
    String cursor;
    try {
      writers.start();
      cursor = walk(t, copy);
      // Follow the feed for a while as the writers go on.
      long until = System.nanoTime() + Duration.ofMillis(500 + random.nextInt(1500)).toNanos();
      while (System.nanoTime() < until) {
        cursor = follow(t, cursor, copy);
      }
    } finally {
      writers.stop();
    }
    settle();
    // Every writer has ended and the horizon has passed them: read until a page comes back empty.
    while (true) {
      int before = applied[0];
      cursor = follow(t, cursor, copy);
      if (applied[0] == before) {
        break;
      }
    }

    Map<String, String> database = new HashMap<>();
    jdbi.useHandle(h ->
        h.createQuery(
                "select id, display_name from leads where workspace_id = :ws and deleted_at is null")
            .bind("ws", t.workspaceId())
            .map((rs, ctx) -> database.put(rs.getString(1), FormulaSafety.text(rs.getString(2))))
            .list());
    assertThat(writers.writes.get()).as("writes made while reading").isGreaterThan(8_000);
    assertThat(differences(copy, database)).as("the reader's copy against the database").isEmpty();
  }

  /** What the copy has wrong, a line a lead (the first 30). */
  private static List<String> differences(Map<String, String> copy, Map<String, String> database) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, String> e : database.entrySet()) {
      String had = copy.get(e.getKey());
      if (!e.getValue().equals(had)) {
        out.add(e.getKey() + ": database " + e.getValue() + ", copy " + had);
      }
    }
    for (String id : copy.keySet()) {
      if (!database.containsKey(id)) {
        out.add(id + ": not live in the database, copy " + copy.get(id));
      }
    }
    return out.subList(0, Math.min(30, out.size()));
  }

  /** Walks the sync export into {@code copy}; the changes cursor of its last segment. */
  private static String walk(Tenant t, Map<String, String> copy) {
    String next = null;
    while (true) {
      String query =
          "include_deleted=true&limit="
              + SEGMENT
              + (next == null ? "" : "&cursor=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
      // Segments come from either node: a cursor holds everything a walk needs.
      Reply r =
          (next != null && next.hashCode() % 2 == 0 ? b : a)
              .call("GET", "/api/v1/leads/export?" + query, t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      List<CsvRecord> rows = new ArrayList<>();
      CsvReader.builder()
          .ofCsvRecord(new String(r.body(), StandardCharsets.UTF_8))
          .forEach(rows::add);
      List<String> header = rows.get(0).getFields();
      int id = header.indexOf("id");
      int name = header.indexOf("display_name");
      int deleted = header.indexOf("deleted_at");
      for (CsvRecord row : rows.subList(1, rows.size())) {
        if (row.getField(deleted).isEmpty()) {
          copy.put(row.getField(id), row.getField(name));
        } else {
          copy.remove(row.getField(id));
        }
      }
      next = r.headers().firstValue("X-Export-Next-Cursor").orElse(null);
      if (next == null) {
        return r.headers()
            .firstValue("X-Changes-Cursor")
            .orElseThrow(() -> new AssertionError("the last segment has no X-Changes-Cursor"));
      }
    }
  }

  /** How many feed items the reader has applied. */
  private final int[] applied = new int[1];

  /** Applies one page of the feed to {@code copy}; the cursor to continue from. */
  private String follow(Tenant t, String cursor, Map<String, String> copy) {
    Reply r =
        a.call(
            "GET",
            "/api/v1/changes?limit=1000&cursor="
                + URLEncoder.encode(cursor, StandardCharsets.UTF_8),
            t.key(),
            null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    JsonNode page = r.json();
    for (JsonNode item : page.path("data")) {
      applied[0]++;
      if (item.path("op").asText().equals("deleted")) {
        copy.remove(item.path("id").asText());
      } else {
        // As the CSV holds it, so that walked and fed names compare alike.
        copy.put(
            item.path("id").asText(),
            FormulaSafety.text(item.path("lead").path("display_name").asText()));
      }
    }
    return page.path("next_cursor").asText();
  }

  /** Waits until every transaction begun so far has ended, so the feed can hand out its changes. */
  private static void settle() throws InterruptedException {
    long mark =
        jdbi.withHandle(h ->
            h.createQuery("select pg_current_xact_id()::text::bigint").mapTo(Long.class).one());
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (jdbi.withHandle(
            h ->
                h.createQuery("select pg_snapshot_xmin(pg_current_snapshot())::text::bigint")
                    .mapTo(Long.class)
                    .one())
        <= mark) {
      assertThat(System.nanoTime()).as("the horizon passes " + mark).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  /**
   * The writers of one run: one per node through the API (create, rename, delete), one holding JDBC
   * transactions open across the reader's polls, and one 8,000-lead bulk insert.
   */
  private static final class Writers {
    private final Tenant tenant;
    private final long seed;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong names = new AtomicLong();
    private final ConcurrentLinkedQueue<String> ids = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final List<Future<?>> running = new ArrayList<>();

    Writers(Tenant tenant, long seed) {
      this.tenant = tenant;
      this.seed = seed;
    }

    void start() {
      ids.addAll(
          jdbi.withHandle(h ->
              h.createQuery("select id from leads where workspace_id = :ws")
                  .bind("ws", tenant.workspaceId())
                  .mapTo(String.class)
                  .list()));
      running.add(pool.submit(() -> api(a, new Random(seed + 1))));
      running.add(pool.submit(() -> api(b, new Random(seed + 2))));
      running.add(pool.submit(() -> held(new Random(seed + 3))));
      running.add(pool.submit(() -> bulk(new Random(seed + 4))));
    }

    void stop() throws Exception {
      stopping.set(true);
      for (Future<?> f : running) {
        f.get();
      }
      pool.shutdown();
    }

    private String name() {
      return "n" + names.incrementAndGet();
    }

    private String anyId(Random random) {
      List<String> all = new ArrayList<>(ids);
      return all.get(random.nextInt(all.size()));
    }

    private void api(TestServer node, Random random) {
      while (!stopping.get()) {
        int op = random.nextInt(10);
        Reply r;
        if (op < 3) {
          r = node.call("POST", "/api/v1/leads", tenant.key(), Json.object().put("name", name()));
          assertThat(r.status()).as(r.toString()).isEqualTo(201);
          ids.add(r.json().path("id").asText());
        } else if (op < 9) {
          r =
              node.call(
                  "PATCH",
                  "/api/v1/leads/" + anyId(random),
                  tenant.key(),
                  Json.object().put("name", name()));
          assertThat(r.status()).as(r.toString()).isIn(200, 404);
        } else {
          r = node.call("DELETE", "/api/v1/leads/" + anyId(random), tenant.key(), null);
          assertThat(r.status()).as(r.toString()).isIn(200, 204, 404);
        }
        writes.incrementAndGet();
      }
    }

    /**
     * Transactions begun, stamped, held open 0–400 ms, then committed or (one in ten) rolled back.
     */
    private void held(Random random) {
      while (!stopping.get()) {
        try (Handle h = jdbi.open()) {
          h.begin();
          int ops = 1 + random.nextInt(40);
          List<String> made = new ArrayList<>();
          for (int i = 0; i < ops; i++) {
            if (random.nextBoolean()) {
              String id = Ids.lead();
              insert(h, id);
              made.add(id);
            } else {
              String name = name();
              h.execute(
                  "update leads set name = ?, display_name = ?,"
                      + " updated_at = greatest(updated_at, now()) where id = ?",
                  name,
                  name,
                  anyId(random));
            }
          }
          if (random.nextInt(5) == 0) {
            h.execute("update leads set deleted_at = now() where id = ?", anyId(random));
          }
          sleep(random.nextInt(400));
          if (random.nextInt(10) == 0) {
            h.rollback();
          } else {
            h.commit();
            ids.addAll(made);
            writes.addAndGet(ops);
          }
        }
      }
    }

    /** 8,000 leads in one transaction, held open across several polls before it commits. */
    private void bulk(Random random) {
      try (Handle h = jdbi.open()) {
        h.begin();
        List<String> made = new ArrayList<>();
        var batch =
            h.prepareBatch(
                "insert into leads (id, workspace_id, display_name, name, created_at, updated_at)"
                    + " values (?, ?, ?, ?, now(), now())");
        for (int i = 0; i < 8_000; i++) {
          String id = Ids.lead();
          String name = name();
          batch.add(id, tenant.workspaceId(), name, name);
          made.add(id);
        }
        batch.execute();
        sleep(300 + random.nextInt(1200));
        h.commit();
        ids.addAll(made);
        writes.addAndGet(made.size());
      }
    }

    private void insert(Handle h, String id) {
      String name = name();
      h.execute(
          "insert into leads (id, workspace_id, display_name, name, created_at, updated_at)"
              + " values (?, ?, ?, ?, now(), now())",
          id,
          tenant.workspaceId(),
          name,
          name);
      h.execute(
          "insert into contacts (id, workspace_id, lead_id, position, name, created_at,"
              + " updated_at) values (?, ?, ?, 0, 'C', ?, ?)",
          Ids.contact(),
          tenant.workspaceId(),
          id,
          Timestamp.from(java.time.Instant.now()),
          Timestamp.from(java.time.Instant.now()));
    }

    private static void sleep(int millis) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }
}
