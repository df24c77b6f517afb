package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.leadport.testing.Processes.postgresUsing;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.store.Database;
import org.leadport.testing.ChildServer;
import org.leadport.testing.TestDatabase;

/**
 * Crash takeover, black box: two real {@code leadport.jar serve} processes share one database and
 * one {@code file:} storage dir, with one worker each and a 2 s lease. Whichever claims the export
 * is killed with SIGKILL mid-export; the job must stay running under the dead worker's lease (no
 * file published, only its abandoned upload in {@code .partial/}), the survivor (polling all along)
 * must take it over only once that lease has expired, run it again from the start under the next
 * fencing token, and publish exactly one complete file: every seeded lead once, with the size and
 * SHA-256 the export object states. That a stale worker cannot publish is JobQueueIT's.
 *
 * <p>The jar path comes from the system property {@code leadport.jar} (set by failsafe); each
 * child's stdout and stderr go to {@code target/process-it/}.
 */
class CrashTakeoverIT {
  /** Enough that the include_activities JSON export runs for seconds, not milliseconds. */
  private static final int LEADS = 25_000;

  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final String ADMIN_TOKEN = "lpa_crash_takeover_admin_token";
  private static final String SECRET = "crash-takeover-secret-crash-takeover-secret";

  /** Reads one array element at a time (Json.MAPPER refuses tokens after a value). */
  private static final ObjectMapper STREAM = new ObjectMapper();

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path temp;

  private final List<ChildServer> children = new ArrayList<>();
  private final Map<ChildServer, Path> dataDirs = new HashMap<>();
  private Database db;

  @AfterEach
  void stopLeftovers() throws Exception {
    try {
      for (ChildServer child : children) {
        child.kill();
      }
      // LEADPORT_DB_URL is always set, so no child starts an embedded PostgreSQL; should one
      // ever do so anyway, it must not outlive the data dir that is about to vanish.
      for (long pid : postgresUsing(temp.toRealPath())) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void aKilledWorkersJobIsTakenOverAfterItsLeaseAndSucceedsWithOneCompleteFile() throws Exception {
    long testStart = System.nanoTime();
    db = TestDatabase.fresh();
    String jdbcUrl = db.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
    Path storage = Files.createDirectories(temp.resolve("storage")).toRealPath();

    // Both nodes start together and poll the queue all along: the survivor could take the job
    // the moment the victim's lease runs out, and must not take it a moment earlier.
    ChildServer a = launch("a", jdbcUrl, storage);
    ChildServer b = launch("b", jdbcUrl, storage);
    a.awaitReady(READY_TIMEOUT);
    b.awaitReady(READY_TIMEOUT);
    long started = System.nanoTime();

    String ws =
        ChildServer.json(
                a.send("POST", "/admin/v1/workspaces", ADMIN_TOKEN, "{\"name\":\"crash\"}"), 201)
            .path("id")
            .asText();
    String key =
        ChildServer.json(
                a.send(
                    "POST",
                    "/admin/v1/workspaces/" + ws + "/api-keys",
                    ADMIN_TOKEN,
                    "{\"name\":\"crash\",\"scopes\":[\"leads.read\",\"leads.export\"]}"),
                201)
            .path("key")
            .asText();
    JsonNode seeded =
        ChildServer.json(
            a.send(
                "POST",
                "/admin/v1/workspaces/" + ws + "/seed",
                ADMIN_TOKEN,
                "{\"leads\":" + LEADS + ",\"seed\":42}"),
            200);
    assertThat(seeded.path("leads").asLong()).as("seed answer %s", seeded).isEqualTo(LEADS);
    long seededAt = System.nanoTime();

    JsonNode created =
        ChildServer.json(
            a.send(
                "POST",
                "/api/v1/export/lead/",
                key,
                "{\"type\":\"leads\",\"format\":\"json\",\"include_activities\":true,"
                    + "\"send_done_email\":false}"),
            200);
    String id = created.path("id").asText();
    assertThat(id).as("export id in %s", created).startsWith("expo_");
    long exportCreated = System.nanoTime();

    // Wait until one node's worker runs the job and has reported progress (the heartbeat works
    // and its upload has begun), then kill that node.
    JobRow running = null;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (running == null) {
      JobRow row = row(id);
      if (row.state.equals("succeeded") || row.state.equals("failed")) {
        fail("the export finished before it could be interrupted (raise LEADS): %s", row);
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
    ChildServer victim = running.ownedBy(a) ? a : running.ownedBy(b) ? b : null;
    assertThat(victim).as("lease owner %s is one of %s, %s", running.leaseOwner, a, b).isNotNull();
    ChildServer survivor = victim == a ? b : a;
    assertThat(running.attempts).as("attempts before the crash: %s", running).isEqualTo(1);
    assertThat(running.rowsTotal)
        .as("rows_total before the crash: %s", running)
        .isEqualTo((long) LEADS);
    assertThat(running.rowsDone).as("the crash comes mid-export: %s", running).isLessThan(LEADS);
    JsonNode before =
        ChildServer.json(victim.send("GET", "/api/v1/export/" + id + "/", key, null), 200);
    assertThat(before.path("status").asText())
        .as("export before the crash: %s", before)
        .isIn("started", "in_progress");
    assertThat(before.path("download_url").isNull()).as("download_url of %s", before).isTrue();

    long killedAt = System.nanoTime();
    victim.process().destroyForcibly();
    assertThat(victim.process().waitFor(30, TimeUnit.SECONDS)).as("%s died", victim).isTrue();
    // 128 + 9: the JVM was killed by SIGKILL, with no shutdown hook handing the job back.
    assertThat(victim.process().exitValue()).as("exit status of %s", victim).isEqualTo(137);

    JobRow orphan = row(id);
    assertThat(orphan.state).as("job right after the crash: %s", orphan).isEqualTo("running");
    assertThat(orphan.leaseOwner).as("lease owner after the crash").isEqualTo(running.leaseOwner);
    assertThat(orphan.attempts).as("attempts after the crash: %s", orphan).isEqualTo(1);
    assertThat(orphan.token).as("fencing token after the crash").isEqualTo(running.token);
    assertThat(orphan.fileKey).as("file_key after the crash").isNull();
    assertThat(published(storage)).as("published files right after the crash").isEmpty();
    Set<Path> abandoned = partials(storage);
    assertThat(abandoned).as("uploads in .partial/ after the crash (the victim's)").hasSize(1);
    JsonNode orphaned =
        ChildServer.json(survivor.send("GET", "/api/v1/export/" + id + "/", key, null), 200);
    assertThat(orphaned.path("status").asText())
        .as("export after the crash: %s", orphaned)
        .isIn("started", "in_progress");
    assertThat(orphaned.path("download_url").isNull()).as("download_url of %s", orphaned).isTrue();
    assertThat(orphaned.path("file_size").isNull()).as("file_size of %s", orphaned).isTrue();

    // Watch the row until the survivor holds it. Every look that saw the dead worker's claim
    // still in place yields the latest lease it had; a takeover seen before that lease ran out
    // would be a takeover of a live lease.
    Instant leaseEnd = orphan.leaseExpiresAt;
    JobRow takenOver = null;
    Instant seenAt = null;
    deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (takenOver == null) {
      JobRow row = row(id);
      Instant now = Instant.now();
      if (row.attempts == 1) {
        assertThat(row.state).as("job before the takeover: %s", row).isEqualTo("running");
        if (row.leaseExpiresAt.isAfter(leaseEnd)) {
          leaseEnd = row.leaseExpiresAt;
        }
        if (System.nanoTime() > deadline) {
          fail("no takeover within 30 s of the crash: %s%s", row, survivor.tail());
        }
        Thread.sleep(20);
      } else {
        takenOver = row;
        seenAt = now;
      }
    }
    long takenOverAt = System.nanoTime();
    assertThat(seenAt)
        .as(
            "takeover %s seen at %s, the dead worker's lease ran until %s",
            takenOver, seenAt, leaseEnd)
        .isAfterOrEqualTo(leaseEnd);
    assertThat(Duration.between(leaseEnd, seenAt))
        .as(
            "takeover %s seen at %s, lease ended %s: the survivor polls every 500 ms",
            takenOver, seenAt, leaseEnd)
        .isLessThan(Duration.ofSeconds(10));
    assertThat(takenOver.attempts).as("attempts after the takeover: %s", takenOver).isEqualTo(2);
    assertThat(takenOver.token).as("fencing token after the takeover").isEqualTo(orphan.token + 1);
    assertThat(takenOver.state).as("job after the takeover: %s", takenOver).isEqualTo("running");
    assertThat(takenOver.ownedBy(survivor))
        .as("lease owner %s is the survivor %s", takenOver.leaseOwner, survivor)
        .isTrue();

    JsonNode done = awaitFinished(survivor, key, id, Duration.ofSeconds(60));
    long doneAt = System.nanoTime();
    assertThat(done.path("status").asText())
        .as("export after the takeover: %s", done)
        .isEqualTo("done");
    assertThat(done.path("n_docs").asLong()).as("n_docs of %s", done).isEqualTo(LEADS);
    assertThat(done.path("n_docs_processed").asLong())
        .as("n_docs_processed of %s", done)
        .isEqualTo(LEADS);

    JobRow finished = row(id);
    assertThat(finished.state).as("job at the end: %s", finished).isEqualTo("succeeded");
    assertThat(finished.attempts).as("attempts at the end: %s", finished).isEqualTo(2);
    assertThat(finished.token).as("fencing token at the end").isEqualTo(takenOver.token);
    String fileKey = "exports/" + ws + "/" + id + "-" + takenOver.token;
    assertThat(finished.fileKey).as("file_key at the end: %s", finished).isEqualTo(fileKey);

    // The download link, minted for the survivor's host, needs no credentials.
    String url = done.path("download_url").asText();
    assertThat(url)
        .as("download_url of %s", done)
        .startsWith("http://localhost:" + survivor.port() + "/");
    HttpResponse<byte[]> download =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(download.statusCode()).as("GET download_url").isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Encoding"))
        .as("Content-Encoding")
        .hasValue("gzip");
    byte[] gz = download.body();
    assertThat((long) gz.length)
        .as("downloaded bytes vs file_size of %s", done)
        .isEqualTo(done.path("file_size").asLong());
    assertThat(sha256(gz))
        .as("SHA-256 of the download vs sha256 of %s", done)
        .isEqualTo(done.path("sha256").asText());
    assertThat(finished.fileSha256)
        .as("file_sha256 in the table")
        .isEqualTo(done.path("sha256").asText());
    assertThat(finished.fileSize).as("file_size in the table").isEqualTo((long) gz.length);

    List<String> ids = leadIds(gz);
    assertThat(ids).as("leads in the file").hasSize(LEADS);
    assertThat(new HashSet<>(ids)).as("distinct lead ids in the file").hasSize(LEADS);
    assertThat(ids).allSatisfy(l -> assertThat(l).startsWith("lead_"));

    // Exactly one published file: the survivor's, under its token. The victim's upload was never
    // published and the takeover removed it; the survivor left no upload behind.
    Path file = storage.resolve(fileKey);
    assertThat(published(storage)).as("published files at the end").containsExactly(file);
    assertThat(Files.readAllBytes(file)).as("stored file vs download").isEqualTo(gz);
    assertThat(partials(storage)).as("uploads in .partial/ at the end").isEmpty();

    assertThat(Files.exists(dataDirs.get(a).resolve("postgres")))
        .as("embedded PostgreSQL of a")
        .isFalse();
    assertThat(Files.exists(dataDirs.get(b).resolve("postgres")))
        .as("embedded PostgreSQL of b")
        .isFalse();

    System.out.printf(
        "CrashTakeoverIT: %d leads; startup %d ms, seed %d ms, victim %s ran %d ms (%d rows done),"
            + " takeover %d ms after the kill (%d ms after lease end), survivor export %d ms,"
            + " file %d bytes, test %d ms%n",
        LEADS,
        millis(testStart, started),
        millis(started, seededAt),
        victim,
        millis(exportCreated, killedAt),
        running.rowsDone,
        millis(killedAt, takenOverAt),
        Duration.between(leaseEnd, seenAt).toMillis(),
        millis(takenOverAt, doneAt),
        gz.length,
        millis(testStart, System.nanoTime()));
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

  /** Files under the storage root outside {@code .partial/}: what readers can see. */
  private static List<Path> published(Path storage) throws IOException {
    try (Stream<Path> all = Files.walk(storage)) {
      return all.filter(Files::isRegularFile)
          .filter(p -> !storage.relativize(p).startsWith(".partial"))
          .sorted()
          .toList();
    }
  }

  private static Set<Path> partials(Path storage) throws IOException {
    Path dir = storage.resolve(".partial");
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> all = Files.walk(dir)) {
      return new HashSet<>(all.filter(Files::isRegularFile).toList());
    }
  }

  /** The job's row as the workers left it, read with plain JDBC. */
  private JobRow row(String id) throws SQLException {
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
      String fileSha256) {

    /** Leases name their owner as host:pid. */
    boolean ownedBy(ChildServer child) {
      return leaseOwner != null && leaseOwner.endsWith(":" + child.process().pid());
    }
  }

  private static JsonNode awaitFinished(ChildServer node, String key, String id, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode job =
          ChildServer.json(node.send("GET", "/api/v1/export/" + id + "/", key, null), 200);
      String status = job.path("status").asText();
      if (Set.of("done", "error", "canceled").contains(status)) {
        return job;
      }
      // A running export never shows a file, whatever its progress.
      assertThat(job.path("download_url").isNull()).as("download_url of %s", job).isTrue();
      assertThat(job.path("sha256").isNull()).as("sha256 of %s", job).isTrue();
      if (System.nanoTime() > deadline) {
        fail("export not finished within %s: %s%s", timeout, job, node.tail());
      }
      Thread.sleep(100);
    }
  }

  /** Starts {@code serve} on the shared database and storage, one worker, a 2 s lease. */
  private ChildServer launch(String name, String jdbcUrl, Path storage) throws IOException {
    Path dataDir = Files.createDirectories(temp.resolve("data-" + name)).toRealPath();
    ChildServer child =
        ChildServer.start(
            "crash-" + name,
            List.of("serve", "--port", "0", "--data-dir", dataDir.toString()),
            Map.of(
                "LEADPORT_DB_URL",
                jdbcUrl,
                "LEADPORT_DB_USER",
                TestDatabase.user(),
                "LEADPORT_DB_PASSWORD",
                TestDatabase.password(),
                "LEADPORT_SECRET",
                SECRET,
                "LEADPORT_ADMIN_TOKEN",
                ADMIN_TOKEN,
                "LEADPORT_STORAGE",
                "file:" + storage,
                "LEADPORT_WORKERS",
                "1",
                "LEADPORT_JOB_LEASE",
                LEASE.toString()));
    children.add(child);
    dataDirs.put(child, dataDir);
    return child;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static long millis(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
