package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * One tenant must not starve another (OWASP API4): slow and stalled readers of one workspace hold
 * at most their own streams, never the pool, the neighbour's latency or {@code /healthz}.
 */
class NeighbourIT {
  static final int STREAMS = 4;
  static final Duration STALL = Duration.ofSeconds(2);

  static TestServer server;
  static Tenant busy;
  static Tenant neighbour;

  @BeforeAll
  static void start() {
    server =
        TestServer.builder()
            .rateLimit(1_000_000)
            .exports(e ->
                e.withLimits(l ->
                    l.withStreamsPerWorkspace(STREAMS)
                        .withExportConnections(6)
                        .withStallTimeout(STALL)))
            .start();
    busy = server.tenant("busy");
    neighbour = server.tenant("neighbour");
    server.seed(busy.workspaceId(), 10_000, 7);
    server.seed(neighbour.workspaceId(), 50, 8);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void slowReadersOfOneWorkspaceLeaveTheNeighbourFastAndHealthy() throws Exception {
    String[] paths = {"/api/v1/leads?limit=10", "/api/v1/leads/export?limit=20", "/healthz"};
    // A warm server: the first request of a route pays for class loading, not for the neighbour.
    for (String path : paths) {
      assertThat(RawReader.get(server, path, neighbour.key(), Duration.ofSeconds(30)).status())
          .isEqualTo(200);
    }
    List<RawReader> readers = new ArrayList<>();
    try {
      for (int i = 0; i < 32; i++) {
        readers.add(RawReader.open(server, "/api/v1/leads/export", busy.key()));
      }
      // Each reads a few KB a second: far slower than a segment is written.
      AtomicBoolean reading = new AtomicBoolean(true);
      List<Thread> threads = new ArrayList<>();
      for (RawReader r : readers) {
        threads.add(Thread.ofVirtual().start(() -> r.trickle(reading, 2048, 250)));
      }
      Thread.sleep(1500);
      List<Long> millis = Collections.synchronizedList(new ArrayList<>());
      ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<String> slow = new ConcurrentLinkedQueue<>();
      long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
      List<Thread> clients = new ArrayList<>();
      for (int c = 0; c < 3; c++) {
        clients.add(
            Thread.ofVirtual()
                .start(() -> {
                  for (int i = 0; System.nanoTime() < until; i++) {
                    String path = paths[i % paths.length];
                    long t0 = System.nanoTime();
                    try {
                      Reply reply =
                          RawReader.get(server, path, neighbour.key(), Duration.ofSeconds(5));
                      if (reply.status() != 200) {
                        errors.add(path + " -> " + reply);
                      }
                    } catch (IOException | AssertionError e) {
                      errors.add(path + " -> " + e);
                    }
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    millis.add(ms);
                    if (ms >= 500) {
                      slow.add(path + " " + ms + " ms");
                    }
                  }
                }));
      }
      for (Thread t : clients) {
        t.join();
      }
      reading.set(false);
      for (Thread t : threads) {
        t.join();
      }

      assertThat(errors).isEmpty();
      List<Long> sorted = new ArrayList<>(millis);
      Collections.sort(sorted);
      assertThat(sorted).hasSizeGreaterThan(20);
      long p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1);
      assertThat(p99).as("neighbour p99 ms of %s; slow: %s", sorted, slow).isLessThan(1000);

      // The busy workspace itself got its streams, and a 429 with Retry-After beyond them.
      long admitted = readers.stream().filter(r -> r.status == 200).count();
      List<RawReader> refused = readers.stream().filter(r -> r.status == 429).toList();
      assertThat(admitted).isEqualTo(STREAMS);
      assertThat(refused).hasSize(32 - STREAMS);
      assertThat(refused.getFirst().head).containsIgnoringCase("\r\nRetry-After: ");
      assertThat(refused.getFirst().body()).contains("\"code\":\"too_many_streams\"");
    } finally {
      readers.forEach(RawReader::close);
    }
  }

  @Test
  void overTheStreamLimitEachSurfaceAnswers429InItsOwnShape() throws Exception {
    List<RawReader> stalled = new ArrayList<>();
    try {
      for (int i = 0; i < STREAMS; i++) {
        stalled.add(RawReader.open(server, "/api/v1/leads/export", busy.key()));
      }
      for (RawReader r : stalled) {
        r.readHead();
        assertThat(r.status).isEqualTo(200);
      }
      Reply sync = server.call("GET", "/api/v1/leads/export?limit=5", busy.key(), null);
      assertThat(sync.status()).isEqualTo(429);
      assertThat(sync.header("Retry-After")).isEqualTo("1");
      assertThat(sync.header("X-RateLimit-Limit")).isNotNull();
      assertThat(sync.json().path("code").asText()).isEqualTo("too_many_streams");

      Reply log =
          server.send(
              "/api/v2/contacts/exports",
              b ->
                  b.header("Authorization", "Bearer " + busy.key())
                      .header("Content-Type", "application/vnd.api+json")
                      .POST(
                          java.net.http.HttpRequest.BodyPublishers.ofString(
                              "{\"data\":{\"type\":\"export_logs\",\"attributes\":{}}}")));
      assertThat(log.status()).isEqualTo(201);
      String id = log.json().path("data").path("id").asText();
      Reply render =
          server.call("GET", "/api/v2/contacts/exports/" + id + ".csv", busy.key(), null);
      assertThat(render.status()).isEqualTo(429);
      assertThat(render.header("Retry-After")).isEqualTo("1");
      assertThat(render.json().path("errors").get(0).path("status").asText()).isEqualTo("429");
      assertThat(render.json().path("errors").get(0).path("code").asText())
          .isEqualTo("too_many_streams");

      // Another workspace is not counted against this one.
      assertThat(server.call("GET", "/api/v1/leads/export", neighbour.key(), null).status())
          .isEqualTo(200);

      // Stalled readers are cut after the stall timeout: their streams come back, their bodies
      // end short of the whole.
      Thread.sleep(STALL.toMillis() + 3_000);
      Reply after = server.call("GET", "/api/v1/leads/export?limit=5", busy.key(), null);
      assertThat(after.status()).isEqualTo(200);
      for (RawReader r : stalled) {
        assertThat(r.drainUntilClosed(Duration.ofSeconds(10)))
            .as("a stalled reader's body ends without the last chunk")
            .doesNotEndWith("\r\n0\r\n\r\n");
      }
    } finally {
      stalled.forEach(RawReader::close);
    }
  }

  /** An HTTP/1.1 exchange over a plain socket with a small window, read as slowly as we like. */
  static final class RawReader implements AutoCloseable {
    final Socket socket;
    final InputStream in;
    volatile int status;
    volatile String head = "";
    final StringBuilder body = new StringBuilder();

    private RawReader(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
    }

    static RawReader open(TestServer server, String path, String key) throws IOException {
      Socket s = new Socket();
      s.setReceiveBufferSize(4096);
      int port = java.net.URI.create(server.url("/")).getPort();
      s.connect(new java.net.InetSocketAddress("localhost", port), 5_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET "
                  + path
                  + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + key
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new RawReader(s);
    }

    /** A whole request with its own socket, for latency: status, headers and body. */
    static Reply get(TestServer server, String path, String key, Duration timeout)
        throws IOException {
      try (RawReader r = open(server, path, key)) {
        r.socket.setSoTimeout((int) timeout.toMillis());
        String all = r.drainUntilClosed(timeout);
        int end = all.indexOf("\r\n\r\n");
        int status = Integer.parseInt(all.substring(9, 12));
        return new Reply(
            status,
            java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true),
            all.substring(end + 4).getBytes(StandardCharsets.ISO_8859_1));
      }
    }

    /** Reads the status line and headers. */
    void readHead() throws IOException {
      if (!head.isEmpty()) {
        return;
      }
      StringBuilder h = new StringBuilder();
      while (!h.toString().endsWith("\r\n\r\n")) {
        int b = in.read();
        if (b < 0) {
          break;
        }
        h.append((char) b);
      }
      head = h.toString();
      status = Integer.parseInt(head.substring(9, 12));
    }

    /** Reads {@code bytes} every {@code everyMillis} while {@code go} holds. */
    void trickle(AtomicBoolean go, int bytes, long everyMillis) {
      try {
        readHead();
        byte[] buf = new byte[bytes];
        while (go.get()) {
          int n = in.read(buf);
          if (n < 0) {
            return;
          }
          body.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
          Thread.sleep(everyMillis);
        }
      } catch (IOException e) {
        // The server may cut us: fine for a slow reader.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    String body() {
      return body.toString();
    }

    /** Everything up to the end of the connection (the head too, when not yet read). */
    String drainUntilClosed(Duration timeout) throws IOException {
      socket.setSoTimeout((int) timeout.toMillis());
      StringBuilder all = new StringBuilder(head);
      byte[] buf = new byte[65536];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          all.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the connection stayed open for " + timeout, e);
      } catch (java.net.SocketException e) {
        // Reset by the server: the body ends here.
      }
      return all.toString();
    }

    @Override
    public void close() {
      try {
        socket.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
