package org.leadport.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.LongConsumer;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Downloads one segment (one response) of the sync CSV export ({@code GET /api/v1/leads/export})
 * into a part file, retried under the shared {@link RetryPolicy}: the rows pass through a {@link
 * CsvRecordScanner}, which counts them, digests the header row and notices a cut-off stream.
 */
final class SegmentFetcher {
  private static final int BUFFER = 64 * 1024;

  private final HttpClient http;
  private final String base;
  private final String key;
  private final RetryPolicy retries;

  SegmentFetcher(HttpClient http, String base, String key, RetryPolicy retries) {
    this.http = http;
    this.base = base;
    this.key = key;
    this.retries = retries;
  }

  /**
   * What one downloaded segment held.
   *
   * @param changesCursor the last segment's {@code X-Changes-Cursor}: where the change feed
   *     continues the walk (null on other segments, or from a server without one)
   */
  record Segment(
      long rows,
      boolean truncated,
      @Nullable String nextCursor,
      String header,
      @Nullable String changesCursor) {}

  /**
   * One segment at {@code pathAndQuery} into {@code part}, with the header row only when {@code
   * keepHeader}; {@code rowsSoFar} hears the rows received so far (reset to zero on a retry).
   */
  Segment fetch(String pathAndQuery, boolean keepHeader, Path part, LongConsumer rowsSoFar)
      throws ExportFailure, InterruptedException {
    URI uri = URI.create(base + pathAndQuery);
    return retries.retrying(
        base,
        "the download broke off",
        "the download from " + base + " keeps breaking off",
        () -> rowsSoFar.accept(0),
        () -> once(uri, keepHeader, part, rowsSoFar));
  }

  private Segment once(URI uri, boolean keepHeader, Path part, LongConsumer rowsSoFar)
      throws IOException, ExportFailure, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + key.trim())
            .header("Accept", "text/csv")
            .header("Accept-Encoding", "gzip")
            .timeout(Duration.ofMinutes(5))
            .GET()
            .build();
    HttpResponse<InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream body = decoded(response)) {
      int status = response.statusCode();
      if (RetryPolicy.waitable(status)) {
        throw RetryPolicy.rateLimited(response, readQuietly(body));
      }
      if (status != 200) {
        throw new ExportFailure(RetryPolicy.errorMessage(status, readQuietly(body)));
      }
      String truncated = response.headers().firstValue("X-Export-Truncated").orElse(null);
      if (truncated == null) {
        throw new ExportFailure(
            base + " did not answer like a Leadport export (no X-Export-Truncated header)");
      }
      String next = response.headers().firstValue("X-Export-Next-Cursor").orElse(null);
      boolean more = truncated.equalsIgnoreCase("true");
      if (more && (next == null || next.isBlank())) {
        throw new ExportFailure(
            "the server said the export continues but sent no X-Export-Next-Cursor");
      }
      CsvRecordScanner scanner = new CsvRecordScanner(keepHeader);
      try (OutputStream out =
          new BufferedOutputStream(
              Files.newOutputStream(
                  part,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.TRUNCATE_EXISTING,
                  StandardOpenOption.WRITE),
              BUFFER)) {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = body.read(buffer)) != -1) {
          scanner.accept(buffer, n, out);
          rowsSoFar.accept(scanner.records());
        }
        scanner.finish();
      }
      if (more && scanner.records() == 0) {
        throw new ExportFailure("the server sent an empty segment but said the export continues");
      }
      return new Segment(
          scanner.records(),
          more,
          more ? next : null,
          scanner.headerDigest(),
          more ? null : response.headers().firstValue("X-Changes-Cursor").orElse(null));
    }
  }

  /** An error body, or none when it cannot be read: the status alone still says what happened. */
  private static byte[] readQuietly(InputStream body) {
    try {
      return body.readAllBytes();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static InputStream decoded(HttpResponse<InputStream> response) throws IOException {
    String encoding = response.headers().firstValue("Content-Encoding").orElse("");
    if (encoding.trim().equalsIgnoreCase("gzip")) {
      try {
        return new GZIPInputStream(response.body(), BUFFER);
      } catch (IOException e) {
        response.body().close();
        throw e;
      }
    }
    return response.body();
  }
}
