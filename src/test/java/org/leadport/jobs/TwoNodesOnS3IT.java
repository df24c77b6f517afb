package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.files.S3ProxyServer;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.testing.ChildServer;
import org.leadport.testing.TestDatabase;

/**
 * Issue 7, black box: two real {@code leadport.jar serve} processes on one PostgreSQL database and
 * one S3-compatible bucket (s3proxy in this JVM, {@code LEADPORT_STORAGE=s3://bucket/prefix}), one
 * worker each, a 2 s lease, one {@code LEADPORT_SECRET}, {@code LEADPORT_EXPORT_QUOTA=4} and {@code
 * LEADPORT_RATE_LIMIT=10}. The nodes are started and the big workspace seeded once for the class:
 *
 * <ol>
 *   <li>jobs created through node a run on either node (both run some: while one node's only worker
 *       is held by a long export, the other must take the rest), and every file downloads
 *       byte-identically through either node's signed link, matching its SHA-256 and the object in
 *       the bucket under the prefix;
 *   <li>the export quota and the rate limit are counted once for both nodes, exactly, with requests
 *       alternating between the nodes and with requests racing on both;
 *   <li>SIGKILL of the node running a large export loses nothing: the other node takes it over
 *       after the lease and publishes exactly one complete object (last, as it kills a node).
 * </ol>
 *
 * <p>The jar path comes from the system property {@code leadport.jar} (set by failsafe); each
 * child's stdout and stderr go to {@code target/process-it/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoNodesOnS3IT {
  /** Enough that the include_activities JSON export runs for seconds (about 9 s on 2 cores). */
  private static final int BIG_LEADS = 25_000;

  private static final int QUOTA = 4;
  private static final int RATE_LIMIT = 10;
  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final String ADMIN_TOKEN = "lpa_two_nodes_on_s3_admin_token";
  private static final String SECRET = "two-nodes-on-s3-secret-two-nodes-on-s3-secret";
  private static final String BUCKET = "leadport-two-nodes";
  private static final String BIG_JSON =
      "{\"type\":\"leads\",\"format\":\"json\",\"include_activities\":true,"
          + "\"send_done_email\":false}";
  private static final Pattern ENDED =
      Pattern.compile("job id=(\\S+) .*outcome=(\\S+) .*owner=\\S*:(\\d+)");

  /** Reads one array element at a time (Json.MAPPER refuses tokens after a value). */
  private static final ObjectMapper STREAM = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir static Path temp;

  private static final List<ChildServer> children = new ArrayList<>();
  private static S3ProxyServer s3;
  private static Database db;
  private static String prefix;
  private static ChildServer a;
  private static ChildServer b;
  private static String bigWs;
  private static long classStart;

  @BeforeAll
  static void startS3AndTwoNodes() throws Exception {
    classStart = System.nanoTime();
    s3 = S3ProxyServer.start("leadport-2n", "leadport-2n-secret", BUCKET);
    db = TestDatabase.fresh();
    prefix = "nodes/" + UUID.randomUUID();
    String jdbcUrl = db.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
    a = launch("a", jdbcUrl);
    b = launch("b", jdbcUrl);
    a.awaitReady(READY_TIMEOUT);
    b.awaitReady(READY_TIMEOUT);
    long ready = System.nanoTime();
    bigWs = workspace(b, "big");
    seed(b, bigWs, BIG_LEADS, 42);
    System.out.printf(
        "TwoNodesOnS3IT: s3proxy + 2 nodes ready in %d ms, %d leads seeded in %d ms%n",
        millis(classStart, ready), BIG_LEADS, millis(ready, System.nanoTime()));
  }

  @AfterAll
  static void stopAll() throws Exception {
    try {
      for (ChildServer child : children) {
        child.kill();
      }
    } finally {
      try {
        if (db != null) {
          db.close();
        }
      } finally {
        if (s3 != null) {
          s3.close();
        }
      }
      System.out.printf("TwoNodesOnS3IT: class %d ms%n", millis(classStart, System.nanoTime()));
    }
  }

  @Test
  @Order(1)
  void jobsCreatedOnOneNodeRunOnEitherAndDownloadThroughBoth() throws Exception {
    long start = System.nanoTime();
    String w1 = workspace(a, "one");
    String w2 = workspace(a, "two");
    seed(a, w1, 300, 1);
    seed(a, w2, 200, 2);
    String bigKey = key(a, bigWs, "nodes-big");
    String k1 = key(a, w1, "nodes-one");
    String k2 = key(a, w2, "nodes-two");

    // A long export holds the only worker of whichever node claims it, so the other node must run
    // the jobs queued meanwhile: both nodes run jobs that were all created through a.
    String bigId = create(a, bigKey, BIG_JSON);
    JobRow bigRunning = await(bigId, "running", Duration.ofSeconds(30));
    ChildServer busy = owner(bigRunning);
    ChildServer free = busy == a ? b : a;

    Map<String, Expected> jobs = new LinkedHashMap<>();
    jobs.put(bigId, new Expected(bigWs, "json", BIG_LEADS));
    for (String format : List.of("json", "csv", "jsonl")) {
      jobs.put(create(a, k1, spec(format)), new Expected(w1, format, 300));
    }
    for (String format : List.of("jsonl", "json")) {
      jobs.put(create(a, k2, spec(format)), new Expected(w2, format, 200));
    }
    assertThat(row(bigId).state)
        .as("the long export still holds %s once the small ones are queued", busy)
        .isEqualTo("running");

    Map<String, ChildServer> ranOn = new LinkedHashMap<>();
    for (String id : jobs.keySet()) {
      JobRow done = await(id, "succeeded", Duration.ofSeconds(60));
      assertThat(done.attempts).as("attempts of %s: %s", id, done).isEqualTo(1);
      ranOn.put(id, ranBy(id));
    }
    assertThat(ranOn.get(bigId)).as("node that ran the long export").isSameAs(busy);
    String firstSmall = new ArrayList<>(jobs.keySet()).get(1);
    assertThat(ranOn.get(firstSmall))
        .as("the first small job, queued while %s was busy, ran on %s", busy, free)
        .isSameAs(free);
    assertThat(new HashSet<>(ranOn.values())).as("nodes that ran jobs").containsOnly(a, b);

    Map<String, String> keys = Map.of(bigWs, bigKey, w1, k1, w2, k2);
    for (Map.Entry<String, Expected> e : jobs.entrySet()) {
      String id = e.getKey();
      Expected x = e.getValue();
      String apiKey = keys.get(x.ws);
      JsonNode onA =
          ChildServer.json(a.send("GET", "/api/v1/export/" + id + "/", apiKey, null), 200);
      JsonNode onB =
          ChildServer.json(b.send("GET", "/api/v1/export/" + id + "/", apiKey, null), 200);
      for (JsonNode job : List.of(onA, onB)) {
        assertThat(job.path("status").asText()).as("status of %s", job).isEqualTo("done");
        assertThat(job.path("n_docs").asLong()).as("n_docs of %s", job).isEqualTo(x.rows);
        assertThat(job.path("sha256").asText()).isEqualTo(onA.path("sha256").asText());
        assertThat(job.path("file_size").asLong()).isEqualTo(onA.path("file_size").asLong());
      }
      String urlA = onA.path("download_url").asText();
      String urlB = onB.path("download_url").asText();
      assertThat(urlA).as("link minted by a").startsWith(a.base() + "/");
      assertThat(urlB).as("link minted by b").startsWith(b.base() + "/");

      // Every link verifies on both nodes: they share LEADPORT_SECRET and the bucket.
      byte[] gz = download(urlA);
      assertThat(download(onNode(urlA, b))).as("a's link of %s on b", id).isEqualTo(gz);
      assertThat(download(urlB)).as("b's link of %s", id).isEqualTo(gz);
      assertThat(download(onNode(urlB, a))).as("b's link of %s on a", id).isEqualTo(gz);
      assertThat((long) gz.length).as("size of %s", id).isEqualTo(onA.path("file_size").asLong());
      assertThat(sha256(gz)).as("SHA-256 of %s", id).isEqualTo(onA.path("sha256").asText());

      JobRow row = row(id);
      assertThat(row.fileKey)
          .as("file_key of %s", id)
          .isEqualTo("exports/" + x.ws + "/" + id + "-" + row.token);
      assertThat(row.fileSha256).as("file_sha256 of %s", id).isEqualTo(sha256(gz));
      String object = prefix + "/" + row.fileKey;
      assertThat(s3.keysUnder(prefix + "/exports/" + x.ws + "/" + id))
          .as("objects of %s in the bucket", id)
          .containsExactly(object);
      assertThat(s3.bytes(object)).as("stored object of %s vs download", id).isEqualTo(gz);
      assertThat(rowsIn(gz, x.format)).as("rows in %s (%s)", id, x.format).isEqualTo(x.rows);
    }
    assertThat(s3.keysUnder(prefix + "/exports/" + w1 + "/")).hasSize(3);
    assertThat(s3.keysUnder(prefix + "/exports/" + w2 + "/")).hasSize(2);
    assertThat(s3.keysUnder("exports/")).as("nothing outside the prefix").isEmpty();

    Map<String, String> split = new LinkedHashMap<>();
    ranOn.forEach((id, node) -> split.put(id, node.name()));
    System.out.printf(
        "TwoNodesOnS3IT: 6 jobs created on a ran on %s; test %d ms%n",
        split, millis(start, System.nanoTime()));
  }

  @Test
  @Order(2)
  void quotaAndRateLimitAreSharedExactlyByBothNodes() throws Exception {
    long start = System.nanoTime();
    String lead = "{\"type\":\"leads\",\"format\":\"csv\",\"send_done_email\":false}";

    // Quota, one node after the other: 4 accepted in all, then 429 on either node.
    String wq = workspace(a, "quota");
    String kq = key(a, wq, "quota");
    for (int i = 0; i < QUOTA; i++) {
      ChildServer node = i % 2 == 0 ? a : b;
      ChildServer.json(node.send("POST", "/api/v1/export/lead/", kq, lead), 200);
    }
    for (ChildServer node : List.of(a, b)) {
      HttpResponse<String> over = node.send("POST", "/api/v1/export/lead/", kq, lead);
      assertThat(over.statusCode())
          .as("export %d on %s: %s", QUOTA + 1, node, over.body())
          .isEqualTo(429);
      assertThat(over.body()).contains("export_quota_exceeded");
      assertRetryAfter(over, 86_400);
    }
    assertThat(jobsOf(wq)).as("jobs of the quota workspace").isEqualTo(QUOTA);

    // Quota, racing: 8 creates at once, 4 on each node.
    String wr = workspace(b, "quota-race");
    String kr = key(b, wr, "quota-race");
    List<HttpResponse<String>> raced = race(8, "POST", "/api/v1/export/lead/", kr, lead);
    assertThat(statuses(raced, 200)).as("accepted of 8 racing creates").isEqualTo(QUOTA);
    assertThat(statuses(raced, 429)).as("refused of 8 racing creates").isEqualTo(8 - QUOTA);
    for (HttpResponse<String> r : raced) {
      if (r.statusCode() == 429) {
        assertThat(r.body()).contains("export_quota_exceeded");
        assertRetryAfter(r, 86_400);
      }
    }
    assertThat(jobsOf(wr)).as("jobs of the racing quota workspace").isEqualTo(QUOTA);

    // Rate limit, alternating: one bucket for the key, whichever node answers.
    String kl = key(a, wq, "rate");
    for (int i = 0; i < 2 * RATE_LIMIT; i++) {
      ChildServer node = i % 2 == 0 ? a : b;
      HttpResponse<String> r = node.send("GET", "/api/v1/leads?limit=1", kl, null);
      if (i < RATE_LIMIT) {
        assertThat(r.statusCode()).as("request %d on %s: %s", i + 1, node, r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-RateLimit-Remaining"))
            .as("X-RateLimit-Remaining of request %d on %s", i + 1, node)
            .hasValue(Integer.toString(RATE_LIMIT - 1 - i));
      } else {
        assertThat(r.statusCode()).as("request %d on %s: %s", i + 1, node, r.body()).isEqualTo(429);
        assertThat(r.body()).contains("rate_limited");
        assertRetryAfter(r, 60);
      }
    }

    // Rate limit, racing: 20 requests at once, 10 on each node.
    String kl2 = key(b, wq, "rate-race");
    List<HttpResponse<String>> flood =
        race(2 * RATE_LIMIT, "GET", "/api/v1/leads?limit=1", kl2, null);
    assertThat(statuses(flood, 200)).as("answered of 20 racing requests").isEqualTo(RATE_LIMIT);
    assertThat(statuses(flood, 429)).as("throttled of 20 racing requests").isEqualTo(RATE_LIMIT);
    for (HttpResponse<String> r : flood) {
      if (r.statusCode() == 429) {
        assertRetryAfter(r, 60);
      }
    }
    System.out.printf(
        "TwoNodesOnS3IT: quota and rate limit %d ms%n", millis(start, System.nanoTime()));
  }

  @Test
  @Order(3)
  void killingTheNodeRunningAnExportLosesNothing() throws Exception {
    long start = System.nanoTime();
    awaitIdleQueue(Duration.ofSeconds(60));
    String key = key(b, bigWs, "crash");
    String id = create(b, key, BIG_JSON);

    JobRow running = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (running == null) {
      JobRow row = row(id);
      if (row.state.equals("succeeded") || row.state.equals("failed")) {
        fail("the export finished before it could be interrupted (raise BIG_LEADS): %s", row);
      }
      if (row.state.equals("running") && row.rowsDone > 0) {
        running = row;
      } else if (System.nanoTime() > deadline) {
        fail(
            "the export was not running with progress within 30 s: %s%s%s",
            row, a.tail(), b.tail());
      } else {
        Thread.sleep(20);
      }
    }
    ChildServer victim = owner(running);
    ChildServer survivor = victim == a ? b : a;
    assertThat(running.attempts).as("attempts before the crash: %s", running).isEqualTo(1);
    assertThat(running.rowsDone)
        .as("the crash comes mid-export: %s", running)
        .isLessThan(BIG_LEADS);

    long killedAt = System.nanoTime();
    victim.process().destroyForcibly();
    assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).as("%s died", victim).isTrue();
    assertThat(victim.process().exitValue()).as("exit status of %s", victim).isEqualTo(137);

    JobRow orphan = row(id);
    assertThat(orphan.state).as("job right after the crash: %s", orphan).isEqualTo("running");
    assertThat(orphan.token).as("fencing token after the crash").isEqualTo(running.token);
    assertThat(orphan.fileKey).as("file_key after the crash").isNull();
    String jobObjects = prefix + "/exports/" + bigWs + "/" + id;
    assertThat(s3.keysUnder(jobObjects)).as("objects of the job right after the crash").isEmpty();

    // Every look that still sees the dead worker's claim yields the latest lease it had; the
    // takeover must not be seen before that lease ran out.
    Instant leaseEnd = orphan.leaseExpiresAt;
    JobRow takenOver = null;
    Instant seenAt = null;
    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (takenOver == null) {
      JobRow row = row(id);
      Instant now = Instant.now();
      if (row.attempts > 1) {
        takenOver = row;
        seenAt = now;
      } else if (System.nanoTime() > deadline) {
        fail("no takeover within 30 s of the crash: %s%s", row, survivor.tail());
      } else {
        assertThat(row.state).as("job before the takeover: %s", row).isEqualTo("running");
        if (row.leaseExpiresAt.isAfter(leaseEnd)) {
          leaseEnd = row.leaseExpiresAt;
        }
        Thread.sleep(20);
      }
    }
    long takenOverAt = System.nanoTime();
    assertThat(takenOver.attempts).as("attempts after the takeover: %s", takenOver).isEqualTo(2);
    assertThat(takenOver.token).as("fencing token after the takeover").isEqualTo(orphan.token + 1);
    assertThat(seenAt)
        .as(
            "takeover %s seen at %s, the dead worker's lease ran until %s",
            takenOver, seenAt, leaseEnd)
        .isAfterOrEqualTo(leaseEnd);
    if (takenOver.leaseOwner != null) {
      assertThat(owner(takenOver)).as("the new lease owner").isSameAs(survivor);
    }

    JobRow finished = await(id, "succeeded", Duration.ofSeconds(90));
    long doneAt = System.nanoTime();
    assertThat(finished.attempts).as("attempts at the end: %s", finished).isEqualTo(2);
    assertThat(finished.token).as("fencing token at the end").isEqualTo(takenOver.token);
    assertThat(ranBy(id)).as("node that finished the job").isSameAs(survivor);
    String fileKey = "exports/" + bigWs + "/" + id + "-" + finished.token;
    assertThat(finished.fileKey).as("file_key at the end").isEqualTo(fileKey);

    JsonNode done =
        ChildServer.json(survivor.send("GET", "/api/v1/export/" + id + "/", key, null), 200);
    assertThat(done.path("status").asText()).as("export at the end: %s", done).isEqualTo("done");
    assertThat(done.path("n_docs").asLong()).as("n_docs of %s", done).isEqualTo(BIG_LEADS);
    assertThat(done.path("n_docs_processed").asLong()).isEqualTo(BIG_LEADS);
    byte[] gz = download(done.path("download_url").asText());
    assertThat((long) gz.length)
        .as("download vs file_size")
        .isEqualTo(done.path("file_size").asLong());
    assertThat(sha256(gz)).as("SHA-256 of the download").isEqualTo(done.path("sha256").asText());
    assertThat(finished.fileSha256).as("file_sha256 in the table").isEqualTo(sha256(gz));

    assertThat(s3.keysUnder(jobObjects))
        .as("exactly one published object for the job")
        .containsExactly(prefix + "/" + fileKey);
    assertThat(s3.bytes(prefix + "/" + fileKey)).as("stored object vs download").isEqualTo(gz);

    List<String> ids = leadIds(gz);
    assertThat(ids).as("leads in the file").hasSize(BIG_LEADS);
    assertThat(new HashSet<>(ids)).as("distinct lead ids in the file").hasSize(BIG_LEADS);
    assertThat(ids).allSatisfy(l -> assertThat(l).startsWith("lead_"));

    System.out.printf(
        "TwoNodesOnS3IT: crash of %s after %d rows, takeover %d ms after the kill, survivor"
            + " export %d ms, object %d bytes, test %d ms%n",
        victim,
        running.rowsDone,
        millis(killedAt, takenOverAt),
        millis(takenOverAt, doneAt),
        gz.length,
        millis(start, System.nanoTime()));
  }

  // ---------------------------------------------------------------------------------------------

  private record Expected(String ws, String format, int rows) {}

  private static String spec(String format) {
    return "{\"type\":\"leads\",\"format\":\"" + format + "\",\"send_done_email\":false}";
  }

  private static String workspace(ChildServer node, String name) throws Exception {
    return ChildServer.json(
            node.send("POST", "/admin/v1/workspaces", ADMIN_TOKEN, "{\"name\":\"" + name + "\"}"),
            201)
        .path("id")
        .asText();
  }

  /** A fresh key per use, so that the rate limit of one part never throttles another. */
  private static String key(ChildServer node, String ws, String name) throws Exception {
    return ChildServer.json(
            node.send(
                "POST",
                "/admin/v1/workspaces/" + ws + "/api-keys",
                ADMIN_TOKEN,
                "{\"name\":\"" + name + "\",\"scopes\":[\"leads.read\",\"leads.export\"]}"),
            201)
        .path("key")
        .asText();
  }

  private static void seed(ChildServer node, String ws, int leads, int seed) throws Exception {
    JsonNode seeded =
        ChildServer.json(
            node.send(
                "POST",
                "/admin/v1/workspaces/" + ws + "/seed",
                ADMIN_TOKEN,
                "{\"leads\":" + leads + ",\"seed\":" + seed + "}"),
            200);
    assertThat(seeded.path("leads").asLong()).as("seed answer %s", seeded).isEqualTo(leads);
  }

  private static String create(ChildServer node, String key, String spec) throws Exception {
    JsonNode created = ChildServer.json(node.send("POST", "/api/v1/export/lead/", key, spec), 200);
    String id = created.path("id").asText();
    assertThat(id).as("export id in %s", created).startsWith("expo_");
    return id;
  }

  /** Sends {@code n} requests at once, alternately to a and b, and returns every answer. */
  private static List<HttpResponse<String>> race(
      int n, String method, String path, String key, String body) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<HttpResponse<String>>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        ChildServer node = i % 2 == 0 ? a : b;
        futures.add(
            pool.submit(() -> {
              go.await();
              return node.send(method, path, key, body);
            }));
      }
      go.countDown();
      List<HttpResponse<String>> out = new ArrayList<>();
      for (Future<HttpResponse<String>> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    }
  }

  private static long statuses(List<HttpResponse<String>> responses, int status) {
    return responses.stream().filter(r -> r.statusCode() == status).count();
  }

  private static void assertRetryAfter(HttpResponse<String> r, long atMost) {
    String value = r.headers().firstValue("Retry-After").orElse(null);
    assertThat(value).as("Retry-After of %s", r.body()).isNotNull().matches("\\d+");
    assertThat(Long.parseLong(value)).as("Retry-After").isBetween(1L, atMost);
  }

  private static long jobsOf(String ws) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement("select count(*) from export_jobs where workspace_id = ?")) {
      s.setString(1, ws);
      try (ResultSet rs = s.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void awaitIdleQueue(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement s =
              c.prepareStatement(
                  "select count(*) from export_jobs where state in ('queued', 'running')");
          ResultSet rs = s.executeQuery()) {
        rs.next();
        if (rs.getLong(1) == 0) {
          return;
        }
      }
      if (System.nanoTime() > deadline) {
        fail("jobs still queued or running after %s%s%s", timeout, a.tail(), b.tail());
      }
      Thread.sleep(100);
    }
  }

  /** Waits until the job's row is in {@code state}; fails at once on a final other state. */
  private static JobRow await(String id, String state, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JobRow row = row(id);
      if (row.state.equals(state)) {
        return row;
      }
      if (Set.of("succeeded", "failed", "canceled").contains(row.state)) {
        fail("job %s ended %s, expected %s%s%s", id, row, state, a.tail(), b.tail());
      }
      if (System.nanoTime() > deadline) {
        fail("job %s not %s within %s: %s%s%s", id, state, timeout, row, a.tail(), b.tail());
      }
      Thread.sleep(20);
    }
  }

  private static ChildServer owner(JobRow row) {
    for (ChildServer child : List.of(a, b)) {
      if (row.leaseOwner != null && row.leaseOwner.endsWith(":" + child.process().pid())) {
        return child;
      }
    }
    return fail("lease owner %s is neither %s nor %s", row.leaseOwner, a, b);
  }

  /** The node whose log says it ran job {@code id} to success (the worker's one line per run). */
  private static ChildServer ranBy(String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<ChildServer> found = new ArrayList<>();
      for (ChildServer child : List.of(a, b)) {
        for (Path log : child.logs()) {
          for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = ENDED.matcher(line);
            if (m.find()
                && m.group(1).equals(id)
                && m.group(2).equals("succeeded")
                && Long.parseLong(m.group(3)) == child.process().pid()) {
              found.add(child);
            }
          }
        }
      }
      if (found.size() == 1) {
        return found.get(0);
      }
      assertThat(found).as("nodes that logged job %s as succeeded", id).isEmpty();
      if (System.nanoTime() > deadline) {
        fail("no node logged job %s as succeeded%s%s", id, a.tail(), b.tail());
      }
      Thread.sleep(50);
    }
  }

  /** Counts the rows of a gzipped export file. */
  private static int rowsIn(byte[] gz, String format) throws IOException {
    byte[] plain;
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      plain = in.readAllBytes();
    }
    String text = new String(plain, StandardCharsets.UTF_8);
    return switch (format) {
      case "json" -> leadIds(gz).size();
      case "jsonl" -> {
        int n = 0;
        for (String line : text.lines().toList()) {
          assertThat(Json.parse(line).path("id").asText()).startsWith("lead_");
          n++;
        }
        yield n;
      }
      case "csv" -> {
        assertThat(text).startsWith("id,");
        // Cells may hold line breaks; each lead's row starts with its id.
        yield (int) text.lines().filter(l -> l.startsWith("lead_")).count();
      }
      default -> throw new IllegalArgumentException(format);
    };
  }

  /** The ids of the leads in a gzipped JSON array, read as a stream. */
  private static List<String> leadIds(byte[] gz) throws IOException {
    List<String> ids = new ArrayList<>();
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz));
        JsonParser p = STREAM.getFactory().createParser(in)) {
      assertThat(p.nextToken()).as("the file is a JSON array").isEqualTo(JsonToken.START_ARRAY);
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.START_OBJECT) {
        JsonNode lead = STREAM.readTree(p);
        ids.add(lead.path("id").asText(null));
      }
      assertThat(t)
          .as("the array holds lead objects only, then ends")
          .isEqualTo(JsonToken.END_ARRAY);
      assertThat(p.nextToken()).as("nothing after the array").isNull();
    }
    return ids;
  }

  private static JobRow row(String id) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement s =
            c.prepareStatement(
                "select state, lease_owner, lease_expires_at, fencing_token, attempts, rows_done,"
                    + " rows_total, file_key, file_size, file_sha256 from export_jobs where id = ?")) {
      s.setString(1, id);
      try (ResultSet rs = s.executeQuery()) {
        assertThat(rs.next()).as("row of %s", id).isTrue();
        OffsetDateTime expires = rs.getObject("lease_expires_at", OffsetDateTime.class);
        return new JobRow(
            rs.getString("state"),
            rs.getString("lease_owner"),
            expires == null ? null : expires.toInstant(),
            rs.getLong("fencing_token"),
            rs.getInt("attempts"),
            rs.getLong("rows_done"),
            (Long) rs.getObject("rows_total"),
            rs.getString("file_key"),
            (Long) rs.getObject("file_size"),
            rs.getString("file_sha256"));
      }
    }
  }

  private record JobRow(
      String state,
      String leaseOwner,
      Instant leaseExpiresAt,
      long token,
      int attempts,
      long rowsDone,
      Long rowsTotal,
      String fileKey,
      Long fileSize,
      String fileSha256) {}

  /** Starts {@code serve} on the shared database and bucket prefix, one worker, a 2 s lease. */
  private static ChildServer launch(String name, String jdbcUrl) throws IOException {
    Path dataDir = Files.createDirectories(temp.resolve("data-" + name)).toRealPath();
    Map<String, String> env = new HashMap<>(s3.env());
    env.put("LEADPORT_DB_URL", jdbcUrl);
    env.put("LEADPORT_DB_USER", TestDatabase.user());
    env.put("LEADPORT_DB_PASSWORD", TestDatabase.password());
    env.put("LEADPORT_SECRET", SECRET);
    env.put("LEADPORT_ADMIN_TOKEN", ADMIN_TOKEN);
    env.put("LEADPORT_STORAGE", "s3://" + BUCKET + "/" + prefix);
    env.put("LEADPORT_WORKERS", "1");
    env.put("LEADPORT_JOB_LEASE", LEASE.toString());
    env.put("LEADPORT_EXPORT_QUOTA", Integer.toString(QUOTA));
    env.put("LEADPORT_RATE_LIMIT", Integer.toString(RATE_LIMIT));
    ChildServer child =
        ChildServer.start(
            "two-nodes-s3-" + name,
            List.of("serve", "--port", "0", "--data-dir", dataDir.toString()),
            env);
    children.add(child);
    return child;
  }

  /** The same signed link, sent to another node. */
  private static String onNode(String url, ChildServer node) {
    URI u = URI.create(url);
    return node.base() + u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  private static byte[] download(String url) throws Exception {
    HttpResponse<byte[]> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(r.statusCode())
        .as("GET %s: %s", url, new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).as("Content-Encoding").hasValue("gzip");
    return r.body();
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static long millis(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
