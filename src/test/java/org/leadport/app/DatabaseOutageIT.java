package org.leadport.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ControlledPostgres;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * PostgreSQL failing under a running server (docs/operations.md): a statement killed after a
 * streamed answer's headers went out, the server stopped and started again during a job and during
 * requests. On a PostgreSQL of this test's own, which it stops, starts and whose backends it
 * terminates.
 */
class DatabaseOutageIT {
  private static final int LEADS = 2_500;
  private static final int LIMIT = 1_000;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private static ControlledPostgres pg;
  private static TestServer server;
  private static TestServer.Tenant tenant;

  @BeforeAll
  static void start() {
    pg = ControlledPostgres.start();
    server =
        TestServer.builder()
            .database(pg.url())
            .exports(e ->
                e.withWorkers(1, Duration.ofSeconds(2))
                    .withResilience(
                        Resilience.defaults().withJobAttempts(4, Duration.ofMillis(200))))
            .start();
    tenant = server.tenant("outage");
    server.seed(tenant.workspaceId(), LEADS, 7);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  // ---- point 1: a segment whose rows fail after its headers is an error to every client ----

  @Test
  void aSegmentKilledAfterItsHeadersIsABrokenTransferForARawSocketAndTheWalkSkipsNothing()
      throws Exception {
    Segment first = segment(null);
    assertThat(first.rows()).hasSize(LIMIT);
    for (boolean gzip : new boolean[] {false, true}) {
      byte[] raw = whileRowsFail(() -> rawGet(exportPath(first.next()), gzip ? "gzip" : null));
      String text = new String(raw, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      String head = text.substring(0, end);
      assertThat(head).startsWith("HTTP/1.1 200 ");
      assertThat(head).containsIgnoringCase("Transfer-Encoding: chunked");
      assertThat(head).containsIgnoringCase("X-Export-Truncated: true");
      assertThat(head).containsIgnoringCase("X-Export-Next-Cursor: ");
      assertThat(head.toLowerCase(java.util.Locale.ROOT).contains("content-encoding: gzip"))
          .isEqualTo(gzip);
      // The connection ended without the last chunk: not a complete body.
      assertThat(text.substring(end + 4)).doesNotEndWith("0\r\n\r\n");
      assertThat(text.substring(end + 4)).doesNotContain("internal_error");
    }
    // The walk goes on from the cursor it last completed: the failed segment comes again whole.
    Set<String> ids = new HashSet<>(first.rows());
    String cursor = first.next();
    int segments = 1;
    while (cursor != null) {
      Segment s = segment(cursor);
      ids.addAll(s.rows());
      cursor = s.next();
      segments++;
    }
    assertThat(segments).isEqualTo(3);
    assertThat(ids).hasSize(LEADS);
  }

  @Test
  void aSegmentKilledAfterItsHeadersFailsJavasHttpClientAndCurl() throws Exception {
    Segment first = segment(null);
    for (String encoding : new String[] {null, "gzip"}) {
      HttpResponse<InputStream> r =
          whileRowsFailAfter(() -> {
            HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(server.url(exportPath(first.next()))))
                    .header("Authorization", "Bearer " + tenant.key());
            if (encoding != null) {
              b.header("Accept-Encoding", encoding);
            }
            try {
              return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
              throw new IllegalStateException(e);
            }
          });
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("X-Export-Next-Cursor")).isPresent();
      try (InputStream body = r.body()) {
        assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
      }
    }
    for (boolean gzip : new boolean[] {false, true}) {
      List<String> command =
          new java.util.ArrayList<>(
              List.of(
                  "curl",
                  "-sS",
                  "-o",
                  "/dev/null",
                  "-w",
                  "%{http_code}",
                  "-H",
                  "Authorization: Bearer " + tenant.key(),
                  server.url(exportPath(first.next()))));
      if (gzip) {
        command.add(1, "--compressed");
      }
      Process curl =
          whileRowsFailAfter(() -> {
            try {
              return new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
      assertThat(curl.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String out = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      // 18: "transfer closed with outstanding read data remaining".
      assertThat(curl.exitValue()).as(out).isEqualTo(18);
      assertThat(out).endsWith("200");
    }
  }

  // ---- point 1: a JSON:API render whose rows fail after its header row was sent ----

  @Test
  void aRenderKilledAfterItsHeaderRowIsABrokenTransferWithNoErrorAppended() throws Exception {
    ObjectNode doc = Json.object();
    doc.putObject("data").put("type", "export_logs");
    Reply created =
        server.send(
            "/api/v2/contacts/exports",
            b ->
                b.header("Authorization", "Bearer " + tenant.key())
                    .header("Content-Type", "application/vnd.api+json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(doc))));
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    String path =
        "/api/v2/contacts/exports/" + created.json().path("data").path("id").asText() + ".csv";
    String text = new String(whileRowsFail(() -> rawGet(path, null)), StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    assertThat(text.substring(0, end)).startsWith("HTTP/1.1 200 ");
    assertThat(text.substring(0, end)).containsIgnoringCase("Transfer-Encoding: chunked");
    String body = text.substring(end + 4);
    // Before: the error document came as the body's last "CSV line", and the body was complete.
    assertThat(body).doesNotContain("errors").doesNotEndWith("0\r\n\r\n");
    assertThatThrownBy(() ->
            whileRowsFailAfter(
                () -> server.send(path, b -> b.header("Authorization", "Bearer " + tenant.key()))))
        .hasRootCauseInstanceOf(IOException.class);
    // Once PostgreSQL is back the same render is whole.
    Reply again = server.send(path, b -> b.header("Authorization", "Bearer " + tenant.key()));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.text().split("\r\n").length).isGreaterThan(LEADS / 2);
  }

  // ---- point 2: a restart during a job and during requests ----

  @Test
  void aJobRunningWhilePostgresRestartsIsRetriedAndCompletesWithTheExactFile() throws Exception {
    Connection lock = pg.connect();
    lock.setAutoCommit(false);
    String id;
    try (Statement s = lock.createStatement()) {
      // The job's rows read the leads, which creating it does not: it starts and then waits.
      s.execute("lock table leads in access exclusive mode");
      Reply created =
          server.call(
              "POST",
              "/api/v1/exports",
              tenant.key(),
              Json.object().put("type", "leads").put("format", "csv"));
      assertThat(created.status()).as(created.toString()).isEqualTo(202);
      id = created.json().path("id").asText();
      pg.awaitLeadportWaitingForLock(Duration.ofSeconds(20));
    } catch (Exception | AssertionError e) {
      lock.close();
      throw e;
    }
    pg.down();
    try {
      // Requests while PostgreSQL is down: 503 with Retry-After in each surface's shape.
      List<CompletableFuture<Reply>> during =
          List.of(
              async(() -> server.call("GET", "/api/v1/exports/" + id, tenant.key(), null)),
              async(() -> server.call("GET", "/api/v1/leads", tenant.key(), null)),
              async(() ->
                  server.call(
                      "POST", "/crm/v3/objects/contacts/search", tenant.key(), Json.object())),
              async(() ->
                  server.send(
                      "/api/v2/contacts/exports/expl_none",
                      b -> b.header("Authorization", "Bearer " + tenant.key()))),
              async(() -> server.send("/healthz", b -> b)));
      Reply console = during.get(0).get(60, TimeUnit.SECONDS);
      assertThat(console.status()).as(console.toString()).isEqualTo(503);
      assertThat(console.header("Retry-After")).isEqualTo("5");
      assertThat(console.json().path("code").asText()).isEqualTo("database_unavailable");
      Reply leads = during.get(1).get(60, TimeUnit.SECONDS);
      assertThat(leads.status()).isEqualTo(503);
      assertThat(leads.header("Retry-After")).isEqualTo("5");
      assertThat(leads.json().path("code").asText()).isEqualTo("database_unavailable");
      Reply hubspot = during.get(2).get(60, TimeUnit.SECONDS);
      assertThat(hubspot.status()).as(hubspot.toString()).isEqualTo(503);
      assertThat(hubspot.header("Retry-After")).isEqualTo("5");
      assertThat(hubspot.json().path("status").asText()).isEqualTo("error");
      Reply jsonapi = during.get(3).get(60, TimeUnit.SECONDS);
      assertThat(jsonapi.status()).as(jsonapi.toString()).isEqualTo(503);
      assertThat(jsonapi.header("Retry-After")).isEqualTo("5");
      assertThat(jsonapi.json().path("errors").path(0).path("code").asText())
          .isEqualTo("database_unavailable");
      Reply health = during.get(4).get(60, TimeUnit.SECONDS);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().path("status").asText()).isEqualTo("unavailable");
    } finally {
      lock.close();
      pg.up();
    }
    JsonNode job = awaitFinished(id);
    assertThat(job.path("state").asText()).as(job.toString()).isEqualTo("succeeded");
    assertThat(job.path("attempts").asInt()).isGreaterThanOrEqualTo(2);
    assertThat(job.path("attempts").asInt()).isLessThanOrEqualTo(job.path("max_attempts").asInt());
    assertThat(job.path("rows_done").asInt()).isEqualTo(LEADS);
    Reply link = server.call("POST", "/api/v1/exports/" + id + "/link", tenant.key(), null);
    Reply file = AsyncExports.get(link.json().path("url").asText(), b -> b);
    assertThat(file.status()).isEqualTo(200);
    String csv = file.text();
    // The header and one record per lead, each lead once.
    Set<String> ids = new HashSet<>();
    for (String line : csv.split("\r\n")) {
      if (line.startsWith("lead_")) {
        ids.add(line.substring(0, line.indexOf(',')));
      }
    }
    assertThat(ids).hasSize(LEADS);
    assertThat(server.send("/healthz", b -> b).status()).isEqualTo(200);
  }

  // ---- point 5: statement timeouts by kind ----

  @Test
  void aRequestStatementIsCutAtItsTimeoutAndASegmentAtItsOwnLongerOne() throws Exception {
    try (TestServer strict =
        TestServer.builder()
            .database(pg.url())
            .exports(e ->
                e.withWorkers(0, Duration.ofSeconds(2))
                    .withResilience(
                        Resilience.defaults()
                            .withTimeouts(
                                Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofHours(1))))
            .start()) {
      try (Connection lock = pg.connect()) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("lock table leads in access exclusive mode");
        }
        long started = System.nanoTime();
        Reply r = strict.call("GET", "/api/v1/leads", tenant.key(), null);
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.json().path("code").asText()).isEqualTo("query_timeout");
        assertThat(r.header("Retry-After")).isEqualTo("5");
        assertThat(ms).isBetween(900L, 4_000L);
        // The backend is free again: nothing of Leadport's still runs.
        assertThat(pg.activeLeadportStatements()).isZero();
        lock.rollback();
      }
      Segment first = segment(null);
      try (Connection lock = pg.connect()) {
        lock.setAutoCommit(false);
        try (Statement s = lock.createStatement()) {
          s.execute("lock table status_stages in access exclusive mode");
        }
        long started = System.nanoTime();
        HttpResponse<InputStream> r =
            CLIENT.send(
                HttpRequest.newBuilder(URI.create(strict.url(exportPath(first.next()))))
                    .header("Authorization", "Bearer " + tenant.key())
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        try (InputStream body = r.body()) {
          assertThatThrownBy(body::readAllBytes).isInstanceOf(IOException.class);
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        // Cut at the segment's 3 s, not at a request's 1 s.
        assertThat(ms).isBetween(2_900L, 8_000L);
        lock.rollback();
      }
    }
  }

  // ---- helpers ----

  private record Segment(List<String> rows, String next) {}

  private static String exportPath(String cursor) {
    return "/api/v1/leads/export?limit="
        + LIMIT
        + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
  }

  private static Segment segment(String cursor) {
    Reply r =
        server.send(exportPath(cursor), b -> b.header("Authorization", "Bearer " + tenant.key()));
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    String[] lines = r.text().split("\r\n");
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      ids.add(lines[i].substring(0, lines[i].indexOf(',')));
    }
    return new Segment(ids, r.header("X-Export-Next-Cursor"));
  }

  /**
   * Runs a request while a test transaction holds {@code status_stages} locked, so the statement
   * reading its rows waits after the plan (and, for a sync segment, after the headers went out);
   * then terminates that statement's backend, as a PostgreSQL restart does, and returns what the
   * client got.
   */
  private static <T> T whileRowsFailAfter(Supplier<T> request) throws Exception {
    try (Connection lock = pg.connect()) {
      lock.setAutoCommit(false);
      try (Statement s = lock.createStatement()) {
        s.execute("lock table status_stages in access exclusive mode");
      }
      CompletableFuture<T> result = CompletableFuture.supplyAsync(request);
      pg.awaitLeadportWaitingForLock(Duration.ofSeconds(20));
      if (!result.isDone()) {
        // The client has its headers (a sync segment sends them before the rows).
        Thread.sleep(100);
      }
      assertThat(pg.terminateLeadportWaiting()).isPositive();
      lock.rollback();
      return result.get(60, TimeUnit.SECONDS);
    }
  }

  private static byte[] whileRowsFail(Supplier<byte[]> request) throws Exception {
    return whileRowsFailAfter(request);
  }

  /** The raw bytes of an HTTP/1.1 exchange up to the server closing the connection. */
  private static byte[] rawGet(String path, String acceptEncoding) {
    URI base = URI.create(server.url("/"));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
              + tenant.key()
              + "\r\n"
              + (acceptEncoding == null ? "" : "Accept-Encoding: " + acceptEncoding + "\r\n")
              + "Connection: close\r\n\r\n";
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      InputStream in = socket.getInputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          got.write(buf, 0, n);
        }
      } catch (java.net.SocketException e) {
        // A reset is as much an end as a close; what arrived before it is what counts.
      }
      return got.toByteArray();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static CompletableFuture<Reply> async(Supplier<Reply> request) {
    return CompletableFuture.supplyAsync(request);
  }

  private static JsonNode awaitFinished(String id) throws InterruptedException {
    Instant until = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(until)) {
      Reply r = server.call("GET", "/api/v1/exports/" + id, tenant.key(), null);
      if (r.status() == 200) {
        String state = r.json().path("state").asText();
        if (!state.equals("queued") && !state.equals("running")) {
          return r.json();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("job " + id + " did not finish within 60 s");
  }
}
