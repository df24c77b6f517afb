package org.leadport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.leadport.json.Json;

/**
 * The export client's async mode: creates a Close-style export (with an idempotency key, so a
 * retried create never makes two), follows it with a progress bar, downloads the gzip file —
 * resuming a broken download with a Range request and minting a fresh link when one expires —
 * checks its SHA-256, and writes the decoded file; an export published as parts is fetched part by
 * part ({@link PartsDownload}). A 429 from the API waits out its Retry-After under the {@link
 * RetryPolicy} the sync export uses too. Not thread-safe; one per run.
 */
final class AsyncExportClient {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final int TRIES = 6;

  private final HttpClient http;
  private final String base;
  private final String key;
  private final PrintWriter err;
  private final RetryPolicy retries;
  private int parallel = 4;
  private boolean keepParts;

  AsyncExportClient(
      HttpClient http, String base, String key, PrintWriter err, RetryPolicy retries) {
    this.http = http;
    this.base = base;
    this.key = key;
    this.err = err;
    this.retries = retries;
  }

  /**
   * How an export published as parts is downloaded (docs/parts.md): {@code parallel} parts at a
   * time, and kept as parts rather than joined when {@code keep}.
   */
  AsyncExportClient parts(int parallel, boolean keep) {
    this.parallel = parallel;
    this.keepParts = keep;
    return this;
  }

  /** Runs the export described by {@code body} into {@code output}; returns the row count. */
  long run(ObjectNode body, Path output, boolean showProgress)
      throws ExportFailure, InterruptedException {
    String id = create(body);
    JsonNode job;
    try (ProgressBarLine bar = new ProgressBarLine(showProgress, 0)) {
      job = await(id, bar);
    }
    String format = body.path("format").asText("csv");
    boolean gzip = gzipEncoded(format);
    if (job.path("manifest").isObject()) {
      // Published as parts: each fetched and checked on its own, then joined or kept.
      new PartsDownload(http, err, parallel, keepParts)
          .run(id, job, format, gzip, output, () -> read(id), showProgress);
      return job.path("n_docs").asLong();
    }
    Path part = output.resolveSibling(output.getFileName() + (gzip ? ".part.gz" : ".part"));
    download(job, part);
    if (gzip) {
      decode(part, output);
    } else {
      moveIntoPlace(part, output);
    }
    long rows = job.path("n_docs").asLong();
    err.println("Exported " + rows + " rows to " + output + " (export " + id + ")");
    err.flush();
    return rows;
  }

  private String create(ObjectNode body) throws ExportFailure, InterruptedException {
    String idempotencyKey = "cli-" + UUID.randomUUID();
    IOException last = null;
    int rateLimited = 0;
    for (int i = 0; i < TRIES; ) {
      try {
        HttpResponse<byte[]> r =
            http.send(
                request("/api/v1/export/lead/")
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", idempotencyKey)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return ok(r).path("id").asText();
      } catch (RetryPolicy.RateLimited e) {
        retries.waitOut(e, ++rateLimited);
      } catch (IOException e) {
        last = e;
        Thread.sleep(1000L << i);
        i++;
      }
    }
    // The loop ends only after TRIES I/O failures, the last of which is kept.
    throw new ExportFailure(
        "cannot reach " + base + ": " + Objects.requireNonNull(last).getMessage());
  }

  private JsonNode await(String id, ProgressBarLine bar)
      throws ExportFailure, InterruptedException {
    while (true) {
      JsonNode job = read(id);
      String status = job.path("status").asText();
      if (job.path("n_docs").isNumber()) {
        bar.max(job.path("n_docs").asLong());
      }
      bar.at(job.path("n_docs_processed").asLong());
      bar.message(" - " + status);
      switch (status) {
        case "done" -> {
          return job;
        }
        case "error" ->
            throw new ExportFailure(
                "export " + id + " failed: " + job.path("error").path("message").asText(status));
        case "canceled" -> throw new ExportFailure("export " + id + " was canceled");
        default -> Thread.sleep(POLL.toMillis());
      }
    }
  }

  private JsonNode read(String id) throws ExportFailure, InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return ok(
            http.send(
                request("/api/v1/export/" + id + "/").GET().build(),
                HttpResponse.BodyHandlers.ofByteArray()));
      } catch (RetryPolicy.RateLimited e) {
        retries.waitOut(e, attempt);
      } catch (IOException e) {
        throw new ExportFailure("cannot read export " + id + ": " + e.getMessage());
      }
    }
  }

  /**
   * Downloads the stored file (gzip-encoded but for Parquet) into {@code part}, resuming after
   * broken connections; a link that expired meanwhile is replaced by a fresh one from the export's
   * status.
   */
  private void download(JsonNode job, Path part) throws ExportFailure, InterruptedException {
    String id = job.path("id").asText();
    try {
      new ResumableDownload(http, err)
          .fetch(
              "export " + id,
              "download",
              job.path("download_url").asText(),
              () -> read(id).path("download_url").asText(),
              part,
              job.path("file_size").asLong(),
              ResumableDownload.Progress.NONE);
      String sha = sha256(part);
      if (!sha.equals(job.path("sha256").asText())) {
        throw new ExportFailure(
            "the downloaded file of export "
                + id
                + " does not match its SHA-256; run the export"
                + " again");
      }
    } catch (IOException e) {
      throw new ExportFailure("cannot write " + part + ": " + e.getMessage());
    }
  }

  /**
   * Whether Close stores an export of {@code format} gzip-encoded: every format the CLI asks for
   * (it sends no {@code compression}, so Close's default applies) but Parquet, which Close delivers
   * plain, its pages being compressed already (docs/close-exports.md).
   */
  static boolean gzipEncoded(String format) {
    return !format.equals("parquet");
  }

  /** Moves the downloaded file into place as it is (a format Close delivers plain). */
  private static void moveIntoPlace(Path part, Path output) throws ExportFailure {
    try {
      Files.move(part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ExportFailure("cannot write " + output + ": " + e.getMessage());
    }
  }

  /** Decodes the gzip file next to the output and moves it into place, so no half file shows. */
  private static void decode(Path part, Path output) throws ExportFailure {
    Path temp = output.resolveSibling(output.getFileName() + ".tmp");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(part), 64 * 1024);
        OutputStream out = Files.newOutputStream(temp)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new ExportFailure("cannot decode " + part + ": " + e.getMessage());
    }
    try {
      Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      Files.delete(part);
    } catch (IOException e) {
      throw new ExportFailure("cannot write " + output + ": " + e.getMessage());
    }
  }

  /** The lowercase hex SHA-256 of a file. */
  static String sha256(Path file) throws IOException {
    try (DigestInputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(in.getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(1))
        .header("Authorization", "Bearer " + key);
  }

  /**
   * The JSON body of a 200; a 429 or 503 to wait out; else a failure carrying the server's own
   * message.
   */
  private static JsonNode ok(HttpResponse<byte[]> r) throws ExportFailure, RetryPolicy.RateLimited {
    if (RetryPolicy.waitable(r.statusCode())) {
      throw RetryPolicy.rateLimited(r, r.body());
    }
    if (r.statusCode() != 200) {
      throw new ExportFailure(RetryPolicy.errorMessage(r.statusCode(), r.body()));
    }
    try {
      return Json.parse(new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ExportFailure("the server answered HTTP " + r.statusCode());
    }
  }
}
