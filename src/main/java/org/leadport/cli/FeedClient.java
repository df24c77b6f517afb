package org.leadport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * {@code leadport changes}: pages through the change feed ({@code GET /api/v1/changes}) and writes
 * its items to stdout as the server's NDJSON, byte for byte. After each page is written and flushed
 * the next cursor is saved (with {@code --state}), so a rerun continues after the last page
 * written: an item may be written again after a crash between the write and the save (at least
 * once), never skipped. With {@code --follow} an idle feed is polled again after 1, 2, 4, 8, then
 * every 10 s. Not thread-safe; one per run.
 */
final class FeedClient {
  private static final String FEED_PATH = "/api/v1/changes";
  private static final String NDJSON = "application/x-ndjson";
  private static final int MAX_IDLE_SECONDS = 10;

  /**
   * What to read: {@code filters} is a query string without {@code ?}; {@code cursor} and {@code
   * state} may be null; {@code maxPages} (tests only, may be null) stops early.
   */
  record Request(
      String filters,
      @Nullable String cursor,
      @Nullable Path state,
      int limit,
      boolean follow,
      @Nullable Integer maxPages) {}

  /** A 410: retention passed the cursor; the message says how to resync. */
  static final class Expired extends Exception {
    private static final long serialVersionUID = 1L;

    Expired(String message) {
      super(message);
    }
  }

  /** One page as the server sent it: NDJSON lines, and where to continue. */
  private record Page(byte[] lines, int items, String next, boolean more) {}

  private final HttpClient http;
  private final String base;
  private final String key;
  private final PrintWriter out;
  private final RetryPolicy retries;

  FeedClient(HttpClient http, String base, String key, PrintWriter out, RetryPolicy retries) {
    this.http = http;
    this.base = base;
    this.key = key;
    this.out = out;
    this.retries = retries;
  }

  /** What a run did: the items it wrote and the cursor after them. */
  record Outcome(long written, String cursor) {}

  /** Reads the feed (until it is caught up, or with {@code follow} until interrupted). */
  Outcome run(Request request) throws ExportFailure, Expired, InterruptedException {
    String filters = request.filters();
    @Nullable String cursor = request.cursor();
    Path state = request.state();
    FeedState saved = state == null ? null : FeedState.read(state);
    if (saved != null) {
      if (cursor != null) {
        throw new ExportFailure(
            "--cursor and the position saved in "
                + state
                + " both say where to start; drop --cursor to continue from the state file");
      }
      if (!filters.isEmpty() && !filters.equals(saved.filters())) {
        throw new ExportFailure(
            "the feed saved in "
                + state
                + " has other filters ("
                + (saved.filters().isEmpty() ? "none" : saved.filters())
                + "); repeat them or give none");
      }
      filters = saved.filters();
      cursor = saved.cursor();
    }
    long written = 0;
    int pages = 0;
    int idle = 0;
    while (true) {
      Page page = fetch(query(filters, cursor, request.limit()));
      write(page.lines());
      written += page.items();
      if (state != null && !page.next().equals(cursor)) {
        new FeedState(page.next(), filters).write(state);
      }
      cursor = page.next();
      pages++;
      if (request.maxPages() != null && pages >= request.maxPages()) {
        return new Outcome(written, cursor);
      }
      if (page.more()) {
        idle = 0;
        continue;
      }
      if (!request.follow()) {
        return new Outcome(written, cursor);
      }
      idle = page.items() > 0 ? 0 : idle + 1;
      Thread.sleep(idleSeconds(idle) * 1000L);
    }
  }

  /** Seconds to wait before polling an idle feed again, after {@code idle} empty pages in a row. */
  static long idleSeconds(int idle) {
    return Math.min(MAX_IDLE_SECONDS, 1L << Math.min(idle, 4));
  }

  private void write(byte[] lines) throws ExportFailure {
    out.write(new String(lines, StandardCharsets.UTF_8));
    out.flush();
    // A closed pipe (`| head`) ends the run before its position is saved past what was written.
    if (out.checkError()) {
      throw new ExportFailure("cannot write the changes to the standard output");
    }
  }

  private static String query(String filters, @Nullable String cursor, int limit) {
    StringJoiner q = new StringJoiner("&", "?", "");
    q.add("limit=" + limit);
    if (cursor != null) {
      q.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    if (!filters.isEmpty()) {
      q.add(filters);
    }
    return q.toString();
  }

  /** One page, retried under the shared {@link RetryPolicy} and after broken connections. */
  private Page fetch(String query) throws ExportFailure, Expired, InterruptedException {
    URI uri = URI.create(base + FEED_PATH + query);
    return retries.<Page, Expired>retrying(
        base,
        "reading the feed failed",
        "reading the feed from " + base + " keeps failing",
        () -> {},
        () -> once(uri));
  }

  private Page once(URI uri) throws IOException, ExportFailure, Expired, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + key.trim())
            .header("Accept", NDJSON)
            .timeout(Duration.ofMinutes(2))
            .GET()
            .build();
    HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    int status = response.statusCode();
    byte[] body = response.body();
    if (RetryPolicy.waitable(status)) {
      throw RetryPolicy.rateLimited(response, body);
    }
    if (status == 410) {
      throw new Expired(RetryPolicy.errorMessage(status, body));
    }
    if (status != 200) {
      throw new ExportFailure(RetryPolicy.errorMessage(status, body));
    }
    String type = response.headers().firstValue("Content-Type").orElse("");
    String next = response.headers().firstValue("X-Next-Cursor").orElse("");
    String more = response.headers().firstValue("X-Has-More").orElse("");
    if (!type.startsWith(NDJSON) || next.isBlank() || more.isEmpty()) {
      throw new ExportFailure(base + " did not answer like a Leadport change feed");
    }
    if (body.length > 0 && body[body.length - 1] != '\n') {
      // A page is whole or it is asked for again: a cut-off line is never written.
      throw new IOException("the page ended inside a line");
    }
    int items = 0;
    for (byte b : body) {
      if (b == '\n') {
        items++;
      }
    }
    return new Page(body, items, next, more.equalsIgnoreCase("true"));
  }
}
