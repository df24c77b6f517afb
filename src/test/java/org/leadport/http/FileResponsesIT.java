package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.files.FileStore;
import org.leadport.files.LocalFileStore;

/** {@link FileResponses#serve} behind a bare Javalin 7 (Jetty 12) over a real socket. */
class FileResponsesIT {
  static final int SIZE = 1 << 20;
  static final String ETAG = "e1f2a3b4";
  static final String TAG = "\"" + ETAG + "\"";
  static final String GZ_ETAG = "gz-77";
  static final String BIN = "application/octet-stream";

  @TempDir static Path dir;

  static Javalin app;
  static String base;
  static HttpClient client;
  static LocalFileStore store;
  static byte[] data;
  static byte[] csv;
  static byte[] gzip;
  static long bigSize;

  /** What each request's handler ended with: "ok" or the exception's class name. */
  static final BlockingQueue<String> outcomes = new LinkedBlockingQueue<>();

  @BeforeAll
  static void start() throws IOException {
    store = new LocalFileStore(dir.resolve("files"));
    data = new byte[SIZE];
    new Random(42).nextBytes(data);
    publish("exports/ws_1/full.bin", data);
    publish("exports/ws_1/empty.bin", new byte[0]);
    StringBuilder text = new StringBuilder("id,name,email\n");
    for (int i = 0; i < 20_000; i++) {
      text.append("lead_").append(i).append(",Lead ").append(i).append(",l").append(i);
      text.append("@example.com\n");
    }
    csv = text.toString().getBytes(StandardCharsets.UTF_8);
    publish("exports/ws_1/plain.csv", csv);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(gz)) {
      out.write(csv);
    }
    gzip = gz.toByteArray();
    publish("exports/ws_1/leads.csv.gz", gzip);
    // Larger than any socket buffers, so a client that hangs up makes the server's write fail.
    try (FileStore.Upload up = store.create("exports/ws_1/big.bin")) {
      byte[] chunk = new byte[1 << 20];
      for (int i = 0; i < 64; i++) {
        up.stream().write(chunk);
      }
      bigSize = up.publish();
    }

    FileStore broken = new BrokenStore();
    app =
        Javalin.create(
                config -> {
                  config.concurrency.useVirtualThreads = true;
                  config.startup.showJavalinBanner = false;
                  config.startup.showOldJavalinVersionWarning = false;
                  var r = config.routes;
                  r.before(ctx -> ctx.header("X-Request-Id", "req_test"));
                  r.get("/full", ctx -> serve(ctx, store, "full.bin", ETAG, BIN, null, "full.bin"));
                  r.head(
                      "/full", ctx -> serve(ctx, store, "full.bin", ETAG, BIN, null, "full.bin"));
                  // Javalin 7 answers HEAD on a GET-only route itself, without running the handler.
                  r.get(
                      "/get-only",
                      ctx -> serve(ctx, store, "full.bin", ETAG, BIN, null, "full.bin"));
                  r.get(
                      "/empty",
                      ctx -> serve(ctx, store, "empty.bin", "e0", BIN, null, "empty.bin"));
                  r.get(
                      "/plain",
                      ctx -> serve(ctx, store, "plain.csv", "p1", "text/csv", null, "leads.csv"));
                  r.get(
                      "/gzip",
                      ctx ->
                          serve(
                              ctx,
                              store,
                              "leads.csv.gz",
                              GZ_ETAG,
                              "text/csv",
                              "gzip",
                              "Léads.csv"));
                  r.get("/big", ctx -> serve(ctx, store, "big.bin", "big", BIN, null, "big.bin"));
                  // The broken store: a published size, but opening or reading fails.
                  r.get("/missing", ctx -> serve(ctx, broken, "missing", "m", BIN, null, "m.bin"));
                  r.get("/fail-first", ctx -> serve(ctx, broken, "first", "f", BIN, null, "f.bin"));
                  r.get(
                      "/fail-midway", ctx -> serve(ctx, broken, "midway", "w", BIN, null, "w.bin"));
                  r.exception(
                      Exception.class,
                      (e, ctx) -> {
                        ctx.status(500);
                        ctx.contentType("application/json");
                        ctx.result("{\"error\":\"" + e.getClass().getSimpleName() + "\"}");
                      });
                })
            .start(0);
    base = "http://localhost:" + app.port();
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.stop();
    }
    if (client != null) {
      client.close();
    }
  }

  static void publish(String key, byte[] bytes) throws IOException {
    try (FileStore.Upload up = store.create(key)) {
      up.stream().write(bytes);
      assertThat(up.publish()).isEqualTo(bytes.length);
    }
  }

  static void serve(
      Context ctx,
      FileStore from,
      String name,
      String etag,
      String type,
      String encoding,
      String fileName)
      throws IOException {
    String key = "exports/ws_1/" + name;
    long size = from == store ? store.size(key) : SIZE;
    try {
      FileResponses.serve(ctx, from, key, size, etag, type, encoding, fileName);
      outcomes.add("ok");
    } catch (IOException | RuntimeException e) {
      outcomes.add(e.getClass().getSimpleName());
      throw e;
    }
  }

  static HttpResponse<byte[]> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  /** The response's headers, names lower-cased, without the ones Jetty adds to every response. */
  static Map<String, List<String>> headers(HttpResponse<?> r) {
    Map<String, List<String>> m = new TreeMap<>();
    r.headers()
        .map()
        .forEach((k, v) -> {
          String name = k.toLowerCase(Locale.ROOT);
          if (!name.equals("date") && !name.equals(":status")) {
            m.put(name, v);
          }
        });
    return m;
  }

  static Map<String, List<String>> fullHeaders(long length) {
    return Map.of(
        "cache-control", List.of("no-store"),
        "accept-ranges", List.of("bytes"),
        "etag", List.of(TAG),
        "content-type", List.of(BIN),
        "content-disposition", List.of("attachment; filename=\"full.bin\""),
        "content-length", List.of(Long.toString(length)),
        "x-request-id", List.of("req_test"));
  }

  static Map<String, List<String>> rangeHeaders(long first, long last) {
    Map<String, List<String>> m = new TreeMap<>(fullHeaders(last - first + 1));
    m.put("content-range", List.of("bytes " + first + "-" + last + "/" + SIZE));
    return m;
  }

  static void assertFull(HttpResponse<byte[]> r) {
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(headers(r)).isEqualTo(new TreeMap<>(fullHeaders(SIZE)));
    assertThat(r.body()).isEqualTo(data);
  }

  static void assertRange(HttpResponse<byte[]> r, long first, long last) {
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(headers(r)).isEqualTo(rangeHeaders(first, last));
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, (int) first, (int) last + 1));
  }

  static void assertUnsatisfiable(HttpResponse<byte[]> r, long size) {
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(headers(r))
        .isEqualTo(
            new TreeMap<>(
                Map.of(
                    "cache-control", List.of("no-store"),
                    "accept-ranges", List.of("bytes"),
                    "content-range", List.of("bytes */" + size),
                    "content-length", List.of("0"),
                    "x-request-id", List.of("req_test"))));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void fullGetIsByteExact() throws Exception {
    assertFull(get("/full"));
  }

  @Test
  void headSendsTheSameHeadersAndNoBody() throws Exception {
    HttpResponse<byte[]> r = send("HEAD", "/full");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(headers(r)).isEqualTo(new TreeMap<>(fullHeaders(SIZE)));
    assertThat(r.body()).isEmpty();
    assertThat(headers(r)).isEqualTo(headers(get("/full")));
  }

  @Test
  void javalinAnswersHeadOnAGetOnlyRouteWithoutTheHandler() throws Exception {
    // Why a download route must register head(...) as well as get(...).
    HttpResponse<byte[]> r = send("HEAD", "/get-only");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(r.headers().firstValue("ETag")).isEmpty();
  }

  @Test
  void headIgnoresRange() throws Exception {
    HttpResponse<byte[]> r = send("HEAD", "/full", "Range", "bytes=0-9");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(headers(r)).isEqualTo(new TreeMap<>(fullHeaders(SIZE)));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void ranges() throws Exception {
    assertRange(get("/full", "Range", "bytes=0-0"), 0, 0);
    assertRange(get("/full", "Range", "bytes=0-99"), 0, 99);
    assertRange(get("/full", "Range", "bytes=1000-70000"), 1000, 70000);
    assertRange(
        get("/full", "Range", "bytes=" + (SIZE - 1) + "-" + (SIZE - 1)), SIZE - 1, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=" + (SIZE - 1) + "-"), SIZE - 1, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=-1"), SIZE - 1, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=-100"), SIZE - 100, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=500000-"), 500000, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=0-"), 0, SIZE - 1);
    assertRange(get("/full", "Range", "BYTES=5-6"), 5, 6);
  }

  @Test
  void aRangePastTheEndIsClipped() throws Exception {
    assertRange(get("/full", "Range", "bytes=1000-" + (SIZE + 5000)), 1000, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=0-99999999999999999999"), 0, SIZE - 1);
    assertRange(get("/full", "Range", "bytes=-" + (SIZE * 3L)), 0, SIZE - 1);
  }

  @Test
  void unsatisfiableRangesAre416() throws Exception {
    assertUnsatisfiable(get("/full", "Range", "bytes=" + SIZE + "-"), SIZE);
    assertUnsatisfiable(get("/full", "Range", "bytes=" + SIZE + "-" + (SIZE + 10)), SIZE);
    assertUnsatisfiable(get("/full", "Range", "bytes=" + (SIZE * 2L) + "-"), SIZE);
    assertUnsatisfiable(get("/full", "Range", "bytes=-0"), SIZE);
    assertUnsatisfiable(get("/empty", "Range", "bytes=0-"), 0);
    assertUnsatisfiable(get("/empty", "Range", "bytes=0-0"), 0);
    assertUnsatisfiable(get("/empty", "Range", "bytes=-5"), 0);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=5-2",
        "bytes=abc",
        "bytes=",
        "bytes=--5",
        "bytes=0x10-",
        "items=0-5",
        "0-5",
        "bytes=0-1,5-6",
        "bytes=0-0,-1",
        "bytes=0-1, 2-3, 4-5"
      })
  void invalidOrMultipleRangesSendTheWholeFile(String range) throws Exception {
    assertFull(get("/full", "Range", range));
  }

  @Test
  void ifRangeWithTheEtagServesTheRange() throws Exception {
    assertRange(get("/full", "Range", "bytes=10-19", "If-Range", TAG), 10, 19);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"\"other\"", "W/\"e1f2a3b4\"", "Wed, 21 Oct 2015 07:28:00 GMT", "e1f2a3b4"})
  void ifRangeWithAnythingElseSendsTheWholeFile(String ifRange) throws Exception {
    assertFull(get("/full", "Range", "bytes=10-19", "If-Range", ifRange));
  }

  @ParameterizedTest
  @ValueSource(strings = {TAG, "W/" + TAG, "*", "\"x\", " + TAG})
  void ifNoneMatchIs304(String ifNoneMatch) throws Exception {
    for (String method : List.of("GET", "HEAD")) {
      HttpResponse<byte[]> r = send(method, "/full", "If-None-Match", ifNoneMatch);
      assertThat(r.statusCode()).isEqualTo(304);
      assertThat(headers(r))
          .isEqualTo(
              new TreeMap<>(
                  Map.of(
                      "cache-control", List.of("no-store"),
                      "etag", List.of(TAG),
                      // RFC 9110 §8.6: a 304 may carry the 200's length, and no other.
                      "content-length", List.of(Integer.toString(SIZE)),
                      "x-request-id", List.of("req_test"))));
      assertThat(r.body()).isEmpty();
      // The connection is still in step: the next answer on it is whole.
      assertFull(get("/full"));
    }
    // Before Range: a cached copy needs no part of it.
    HttpResponse<byte[]> r =
        get("/full", "If-None-Match", ifNoneMatch, "Range", "bytes=" + SIZE + "-");
    assertThat(r.statusCode()).isEqualTo(304);
  }

  @Test
  void ifNoneMatchWithAnotherTagSendsTheFile() throws Exception {
    assertFull(get("/full", "If-None-Match", "\"other\", W/\"e1f2a3b\""));
  }

  @Test
  void aResumedDownloadReassemblesTheFile() throws Exception {
    int half = SIZE / 2;
    HttpResponse<byte[]> first = get("/full", "Range", "bytes=0-" + (half - 1));
    assertRange(first, 0, half - 1);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<byte[]> rest = get("/full", "Range", "bytes=" + half + "-", "If-Range", etag);
    assertRange(rest, half, SIZE - 1);
    ByteArrayOutputStream whole = new ByteArrayOutputStream();
    whole.write(first.body());
    whole.write(rest.body());
    assertThat(whole.toByteArray()).isEqualTo(data);
  }

  @Test
  void theEmptyFile() throws Exception {
    HttpResponse<byte[]> r = get("/empty");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("0");
    assertThat(r.headers().firstValue("ETag")).hasValue("\"e0\"");
    assertThat(r.body()).isEmpty();
  }

  @Test
  void aGzipFileIsSentAsStoredWithItsEncoding() throws Exception {
    for (String accept : List.of("gzip", "identity", "br, zstd, gzip;q=0.5")) {
      HttpResponse<byte[]> r = get("/gzip", "Accept-Encoding", accept);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(headers(r))
          .isEqualTo(
              new TreeMap<>(
                  Map.of(
                      "cache-control", List.of("no-store"),
                      "accept-ranges", List.of("bytes"),
                      "etag", List.of("\"gz-77\""),
                      "content-type", List.of("text/csv"),
                      "content-encoding", List.of("gzip"),
                      "content-disposition",
                          List.of(
                              "attachment; filename=\"L_ads.csv\"; filename*=UTF-8''L%C3%A9ads.csv"),
                      "content-length", List.of(Integer.toString(gzip.length)),
                      "x-request-id", List.of("req_test"))));
      assertThat(r.body()).isEqualTo(gzip);
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
        assertThat(in.readAllBytes()).isEqualTo(csv);
      }
    }
  }

  @Test
  void aGzipFileRangeCountsEncodedBytes() throws Exception {
    HttpResponse<byte[]> r = get("/gzip", "Range", "bytes=0-9", "Accept-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(r.headers().firstValue("Content-Range")).hasValue("bytes 0-9/" + gzip.length);
    assertThat(r.headers().firstValue("Content-Length")).hasValue("10");
    assertThat(r.body()).isEqualTo(Arrays.copyOf(gzip, 10));
    assertThat(r.body()[0]).isEqualTo((byte) 0x1f);
    assertThat(r.body()[1]).isEqualTo((byte) 0x8b);
  }

  @Test
  void anUnencodedFileIsNotCompressedOnTheWay() throws Exception {
    // Javalin gzips results by default; the file must pass through untouched all the same.
    HttpResponse<byte[]> r = get("/plain", "Accept-Encoding", "gzip, deflate, br, zstd");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/csv");
    assertThat(r.headers().firstValue("Content-Length")).hasValue(Integer.toString(csv.length));
    assertThat(r.body()).isEqualTo(csv);
    HttpResponse<byte[]> part = get("/plain", "Accept-Encoding", "gzip", "Range", "bytes=-14");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(csv, csv.length - 14, csv.length));
  }

  @Test
  void aFileThatCannotBeOpenedIsACleanError() throws Exception {
    HttpResponse<byte[]> r = get("/missing");
    assertCleanError(r, "NoSuchFileException");
  }

  @Test
  void aFileThatFailsBeforeAnythingIsSentIsACleanError() throws Exception {
    HttpResponse<byte[]> r = get("/fail-first");
    assertCleanError(r, "IOException");
  }

  static void assertCleanError(HttpResponse<byte[]> r, String exception) {
    assertThat(r.statusCode()).isEqualTo(500);
    String body = "{\"error\":\"" + exception + "\"}";
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(body);
    HttpHeaders h = r.headers();
    assertThat(h.firstValue("Content-Length")).hasValue(Integer.toString(body.length()));
    for (String gone :
        List.of("ETag", "Content-Disposition", "Content-Range", "Accept-Ranges", "Cache-Control")) {
      assertThat(h.firstValue(gone)).as(gone).isEmpty();
    }
    assertThat(h.firstValue("X-Request-Id")).hasValue("req_test");
  }

  @Test
  void aFileThatFailsMidwayCutsTheResponseShort() throws Exception {
    outcomes.clear();
    assertThatThrownBy(() -> get("/fail-midway")).isInstanceOf(IOException.class);
    assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("IOException");
  }

  @Test
  void aFileThatFailsMidwaySendsNothingButFileBytes() throws Exception {
    // A client that keeps the part it got (to resume with Range) must not keep an error body.
    outcomes.clear();
    try (Socket s = new Socket("localhost", app.port())) {
      s.getOutputStream()
          .write(
              "GET /fail-midway HTTP/1.1\r\nHost: localhost\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      byte[] all = s.getInputStream().readAllBytes();
      String text = new String(all, StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n") + 4;
      assertThat(text.substring(0, end))
          .startsWith("HTTP/1.1 200 OK\r\n")
          .contains("\r\nContent-Length: " + SIZE + "\r\n");
      byte[] body = Arrays.copyOfRange(all, end, all.length);
      assertThat(body.length).isPositive().isLessThan(SIZE);
      assertThat(body).isEqualTo(Arrays.copyOf(data, body.length));
    }
    assertThat(outcomes.poll(10, TimeUnit.SECONDS)).isEqualTo("IOException");
  }

  @Test
  void aClientThatHangsUpEndsTheDownloadQuietly() throws Exception {
    outcomes.clear();
    try (Socket s = new Socket("localhost", app.port())) {
      s.getOutputStream()
          .write(
              "GET /big HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      InputStream in = s.getInputStream();
      byte[] head = in.readNBytes(12);
      assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 200");
      in.readNBytes(100_000);
      s.setSoLinger(true, 0); // reset, as a killed client would
    }
    assertThat(outcomes.poll(20, TimeUnit.SECONDS)).isEqualTo("ok");
    // And the server goes on serving.
    assertFull(get("/full"));
    assertThat(bigSize).isEqualTo(64L << 20);
  }

  /** Serves real sizes, but opening "missing" or reading "first" or "midway" fails. */
  static final class BrokenStore implements FileStore {
    @Override
    public InputStream open(String key, long offset) throws IOException {
      if (key.endsWith("/missing")) {
        throw new NoSuchFileException(key);
      }
      long failAt = key.endsWith("/first") ? 0 : 300_000;
      return new FilterInputStream(new ByteArrayInputStream(data, (int) offset, SIZE)) {
        long read = offset;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          if (read + len > failAt) {
            throw new IOException("disk on fire");
          }
          int n = super.read(b, off, len);
          read += Math.max(n, 0);
          return n;
        }
      };
    }

    @Override
    public Upload create(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public long size(String key) {
      return SIZE;
    }

    @Override
    public void delete(String key) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void discard(String key) {
      throw new UnsupportedOperationException();
    }
  }
}
