package org.leadport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.zip.GZIPInputStream;
import org.leadport.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leadport export}: a client of the sync CSV export ({@code GET /api/v1/leads/export}) that
 * follows the export cursor to the end and writes one CSV file with one header row.
 *
 * <p>Each segment (one response) is downloaded into {@code <output>.part} and appended to the
 * output only once it is complete; after every appended segment the next cursor, the row count and
 * the output's committed length go to {@code <output>.cursor} (replaced atomically), so {@code
 * --resume} continues an interrupted export exactly where its last complete segment ended. The
 * state file is deleted when the export finishes.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Exports leads from a running server into one CSV file with one header row,",
      "following the sync export's cursor (GET /api/v1/leads/export) to the end",
      "with a progress bar on stderr. After each complete segment the position is",
      "saved in FILE.cursor; --resume continues an interrupted export from there.",
      "The key needs the scope leads.export."
    })
final class ExportCommand implements Callable<Integer> {
  /** Tries of one segment after a rate-limit answer or a broken download. */
  static final int MAX_TRIES = 6;

  /** Longest wait honoured from a {@code Retry-After} header, in seconds. */
  static final int MAX_RETRY_AFTER = 120;

  private static final int BUFFER = 64 * 1024;
  private static final String EXPORT_PATH = "/api/v1/leads/export";

  @Spec CommandSpec spec;

  @Option(
      names = "--url",
      defaultValue = "http://localhost:8080",
      paramLabel = "URL",
      description = "The server (default ${DEFAULT-VALUE}).")
  URI url;

  @Option(
      names = "--key",
      defaultValue = "${env:LEADPORT_API_KEY}",
      paramLabel = "KEY",
      description = "API key with scope leads.export (default: env LEADPORT_API_KEY).")
  String key;

  @Option(names = "--source", paramLabel = "S", description = "Only leads of this source.")
  String source;

  @Option(names = "--medium", paramLabel = "M", description = "Only leads of this medium.")
  String medium;

  @Option(names = "--campaign", paramLabel = "C", description = "Only leads of this campaign.")
  String campaign;

  @Option(
      names = "--from",
      paramLabel = "ISO",
      description = "Only leads updated at or after this date-time (e.g. 2026-01-31T00:00:00Z).")
  String from;

  @Option(
      names = "--to",
      paramLabel = "ISO",
      description = "Only leads updated at or before this date-time.")
  String to;

  @Option(
      names = "--status-stage-id",
      paramLabel = "ID",
      description = "Only leads in this status (stat_…).")
  String statusStageId;

  @Option(
      names = "--search",
      paramLabel = "Q",
      description = "Only leads whose name, contact names, emails or phones contain this text.")
  String search;

  @Option(
      names = "--include-deleted",
      description = "Include deleted leads (rows with deleted_at set).")
  boolean includeDeleted;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Leads per request, 1 to 10000 (default: the server's cap, 10000).")
  Integer limit;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "The CSV file to write.")
  Path output;

  @Option(
      names = "--resume",
      description = "Continue the interrupted export into FILE from its last saved cursor.")
  boolean resume;

  @Option(names = "--no-progress", description = "Do not show the progress bar.")
  boolean noProgress;

  @Option(
      names = "--async",
      description = {
        "Run an async export (POST /api/v1/export/lead/) instead: wait for it with a progress",
        "bar, download its file (resuming a broken download), check its SHA-256, decode it."
      })
  boolean async;

  @Option(
      names = "--type",
      defaultValue = "leads",
      paramLabel = "T",
      description = "With --async: leads, contacts or lead_opps (default ${DEFAULT-VALUE}).")
  String type;

  @Option(
      names = "--format",
      defaultValue = "csv",
      paramLabel = "F",
      description = "With --async: csv, json or jsonl (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--query",
      paramLabel = "JSON",
      description = "With --async: a Close advanced-filtering query (s_query), or @FILE.")
  String query;

  @Option(
      names = "--fields",
      split = ",",
      paramLabel = "F,…",
      description = "With --async: the columns (or JSON keys) to keep, in this order.")
  java.util.List<String> fields;

  @Option(
      names = "--date-format",
      paramLabel = "D",
      description = "With --async and csv: original, iso8601 or excel.")
  String dateFormat;

  @Option(
      names = "--include",
      split = ",",
      paramLabel = "X,…",
      description = "With --async: activities, smart_fields, addresses, custom_objects.")
  java.util.List<String> include;

  /** For tests: stop after this many segments, leaving the state file as an interruption would. */
  @Option(names = "--max-segments", hidden = true, paramLabel = "N")
  Integer maxSegments;

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run();
    } catch (Failure e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("error: interrupted; continue with --resume");
      err.flush();
      return 130;
    } finally {
      http.close();
    }
  }

  private int run() throws Failure, InterruptedException {
    if (key == null || key.isBlank()) {
      throw new Failure("no API key: pass --key or set LEADPORT_API_KEY");
    }
    if (async) {
      return runAsync();
    }
    if (query != null || fields != null || dateFormat != null || include != null) {
      throw new Failure("--query, --fields, --date-format and --include need --async");
    }
    Path statePath = sibling(output, ".cursor");
    Path part = sibling(output, ".part");
    String filters = filterQuery();
    State state = null;
    if (resume) {
      state = resumable(statePath, filters);
      filters = state.filters();
    } else if (Files.exists(statePath)) {
      throw new Failure(
          "an interrupted export into "
              + output
              + " can be continued: add --resume, or delete "
              + statePath
              + " to start over");
    }

    String cursor = state == null ? null : state.cursor();
    long rows = state == null ? 0 : state.rows();
    long committed = state == null ? 0 : state.bytes();
    String header = state == null ? null : state.header();
    int segments = state == null ? 0 : state.segments();
    long rowsAtStart = rows;
    int segmentsThisRun = 0;
    long started = System.nanoTime();
    PrintWriter err = spec.commandLine().getErr();
    if (state != null) {
      err.println("Resuming " + output + " after " + rows + " leads (" + segments + " segments)");
      err.flush();
    }
    boolean stopped = false;
    try (ProgressBarLine progress = new ProgressBarLine(!noProgress, rows)) {
      while (true) {
        progress.segment(segments + 1);
        Fetched seg = fetchWithRetries(filters, cursor, committed == 0, part, rows, progress);
        if (header != null && !header.equals(seg.header())) {
          throw new Failure(
              "the export's columns changed since its first segment (a custom field was added,"
                  + " renamed or removed); delete "
                  + statePath
                  + " and export again without --resume");
        }
        header = seg.header();
        committed = append(part, output, committed);
        rows += seg.rows();
        segments++;
        segmentsThisRun++;
        progress.at(rows);
        if (!seg.truncated()) {
          deleteIfExists(statePath);
          break;
        }
        cursor = seg.nextCursor();
        new State(cursor, rows, committed, segments, filters, header).write(statePath);
        if (maxSegments != null && segmentsThisRun >= maxSegments) {
          stopped = true;
          break;
        }
      }
    } finally {
      deleteIfExistsQuietly(part);
    }
    if (stopped) {
      // After the progress bar has closed, so the message is not drawn over.
      err.println(
          "Stopped after "
              + segmentsThisRun
              + " segment(s) with "
              + rows
              + " leads in "
              + output
              + "; continue with --resume");
      err.flush();
      return 0;
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long fetched = rows - rowsAtStart;
    PrintWriter out = spec.commandLine().getOut();
    out.println(
        String.format(
            Locale.ROOT,
            "Exported %d leads to %s in %.1f s (%.0f rows/s)",
            rows,
            output,
            seconds,
            seconds > 0 ? fetched / seconds : 0.0));
    out.flush();
    return 0;
  }

  /** The saved state of an interrupted export, checked against the output and the filters. */
  private State resumable(Path statePath, String filters) throws Failure {
    if (!Files.exists(statePath)) {
      throw new Failure(
          "nothing to resume: "
              + statePath
              + " does not exist (the export finished, or stopped before its first segment was"
              + " complete); run without --resume to start over");
    }
    State state = State.read(statePath);
    if (!filters.isEmpty() && !filters.equals(state.filters())) {
      throw new Failure(
          "--resume must repeat the filters of the interrupted export ("
              + (state.filters().isEmpty() ? "none" : state.filters())
              + ") or give none");
    }
    long size;
    try {
      size = Files.exists(output) ? Files.size(output) : -1;
    } catch (IOException e) {
      throw new Failure("cannot read " + output + ": " + e.getMessage());
    }
    if (size < state.bytes()) {
      throw new Failure(
          output
              + " is shorter than the "
              + state.bytes()
              + " bytes already exported into it; cannot resume, run without --resume to start"
              + " over");
    }
    return state;
  }

  /**
   * One segment, retried after 429 or 503 (honouring Retry-After) and after a broken download (a
   * segment that failed mid-stream: its cursor is never used).
   */
  private Fetched fetchWithRetries(
      String filters,
      String cursor,
      boolean keepHeader,
      Path part,
      long rows,
      ProgressBarLine progress)
      throws Failure, InterruptedException {
    URI uri = URI.create(base() + EXPORT_PATH + query(filters, cursor));
    PrintWriter err = spec.commandLine().getErr();
    for (int attempt = 1; ; attempt++) {
      try {
        return fetch(uri, keepHeader, part, rows, progress);
      } catch (RateLimited e) {
        if (attempt >= MAX_TRIES) {
          throw new Failure(e.getMessage() + " (gave up after " + attempt + " tries)");
        }
        err.println(
            "warning: "
                + (e.unavailable ? "the server is unavailable" : "rate limited")
                + "; retrying in "
                + e.seconds
                + " s");
        err.flush();
        Thread.sleep(e.seconds * 1000L);
      } catch (ConnectException e) {
        throw new Failure("cannot connect to " + base() + ": " + describe(e));
      } catch (IOException e) {
        if (attempt >= MAX_TRIES) {
          throw new Failure("the download from " + base() + " keeps breaking off: " + describe(e));
        }
        long wait = 1L << Math.min(attempt - 1, 4);
        err.println(
            "warning: the download broke off (" + describe(e) + "); retrying in " + wait + " s");
        err.flush();
        progress.at(rows);
        Thread.sleep(wait * 1000L);
      }
    }
  }

  /** Downloads one segment into {@code part}; the header row is kept only when asked. */
  private Fetched fetch(URI uri, boolean keepHeader, Path part, long rows, ProgressBarLine progress)
      throws IOException, Failure, InterruptedException {
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
      if (status == 429 || status == 503) {
        // 503: the server's database is unavailable for a moment (docs/operations.md).
        throw new RateLimited(retryAfter(response), errorMessage(status, body), status == 503);
      }
      if (status != 200) {
        throw new Failure(errorMessage(status, body));
      }
      String truncated = response.headers().firstValue("X-Export-Truncated").orElse(null);
      if (truncated == null) {
        throw new Failure(
            base() + " did not answer like a Leadport export (no X-Export-Truncated header)");
      }
      String next = response.headers().firstValue("X-Export-Next-Cursor").orElse(null);
      boolean more = truncated.equalsIgnoreCase("true");
      if (more && (next == null || next.isBlank())) {
        throw new Failure("the server said the export continues but sent no X-Export-Next-Cursor");
      }
      RecordScanner scanner = new RecordScanner(keepHeader);
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
          progress.at(rows + scanner.records());
        }
        scanner.finish();
      }
      if (more && scanner.records() == 0) {
        throw new Failure("the server sent an empty segment but said the export continues");
      }
      return new Fetched(scanner.records(), more, more ? next : null, scanner.headerDigest());
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

  /** The {@code message} of the server's JSON error, or a sentence naming the status. */
  private static String errorMessage(int status, InputStream body) {
    try {
      String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
      JsonNode json = Json.parse(text);
      String message = json.path("message").asText("");
      if (!message.isBlank()) {
        return message;
      }
    } catch (JsonProcessingException e) {
      // Not JSON: fall through to the status alone.
    } catch (IOException e) {
      // The error body could not be read: the status alone still says what happened.
    }
    return "the server answered HTTP " + status;
  }

  private static int retryAfter(HttpResponse<?> response) {
    String value = response.headers().firstValue("Retry-After").orElse("1").trim();
    try {
      return Math.max(1, Math.min(MAX_RETRY_AFTER, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /**
   * Appends the finished segment to the output at its committed length (cutting off anything a
   * crash left after it) and returns the new committed length.
   */
  private static long append(Path part, Path output, long committed) throws Failure {
    try (FileChannel in = FileChannel.open(part, StandardOpenOption.READ);
        FileChannel out =
            FileChannel.open(output, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
      out.truncate(committed);
      out.position(committed);
      long size = in.size();
      long done = 0;
      while (done < size) {
        done += in.transferTo(done, size - done, out);
      }
      out.force(false);
      return committed + size;
    } catch (IOException e) {
      throw new Failure("cannot write " + output + ": " + describe(e));
    }
  }

  private int runAsync() throws Failure, InterruptedException {
    if (resume || limit != null || includeDeleted || !filterQuery().isEmpty()) {
      throw new Failure(
          "--resume, --limit, --include-deleted and the filter options belong to the sync"
              + " export; with --async, narrow the export with --query");
    }
    var body = Json.object().put("type", type).put("format", format);
    body.put("send_done_email", false);
    if (query != null) {
      try {
        String text = query.startsWith("@") ? Files.readString(Path.of(query.substring(1))) : query;
        body.set("s_query", Json.parse(text));
      } catch (IOException e) {
        throw new Failure("--query is not a readable JSON query: " + describe(e));
      }
    }
    if (fields != null) {
      fields.forEach(body.withArray("fields")::add);
    }
    if (dateFormat != null) {
      body.put("date_format", dateFormat);
    }
    if (include != null) {
      for (String part : include) {
        body.put("include_" + part.trim(), true);
      }
    }
    new AsyncExportClient(http, base(), key, spec.commandLine().getErr())
        .run(body, output, !noProgress);
    return 0;
  }

  private String base() {
    return url.toString().replaceAll("/+$", "");
  }

  /** The filter options as a query string without {@code ?}, in a fixed order. */
  private String filterQuery() {
    Map<String, String> q = new LinkedHashMap<>();
    q.put("source", source);
    q.put("medium", medium);
    q.put("campaign", campaign);
    q.put("from", from);
    q.put("to", to);
    q.put("status_stage_id", statusStageId);
    q.put("search", search);
    q.put("include_deleted", includeDeleted ? "true" : null);
    StringJoiner out = new StringJoiner("&");
    q.forEach((name, value) -> {
      if (value != null) {
        out.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return out.toString();
  }

  private String query(String filters, String cursor) {
    StringJoiner q = new StringJoiner("&", "?", "").setEmptyValue("");
    if (!filters.isEmpty()) {
      q.add(filters);
    }
    if (limit != null) {
      q.add("limit=" + limit);
    }
    if (cursor != null) {
      q.add("cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
    }
    return q.toString();
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  private static void deleteIfExists(Path file) throws Failure {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new Failure("cannot delete " + file + ": " + describe(e));
    }
  }

  private static void deleteIfExistsQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover .part file is harmless: the next run truncates it.
    }
  }

  /** The first message along the cause chain, else the exception's simple name. */
  private static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }

  /** A failure reported to the user as {@code error: <message>}. */
  static final class Failure extends Exception {
    Failure(String message) {
      super(message);
    }
  }

  /** A 429 or 503 answer: wait {@code seconds}, then try again. */
  private static final class RateLimited extends IOException {
    final int seconds;
    final boolean unavailable;

    RateLimited(int seconds, String message, boolean unavailable) {
      super(message);
      this.seconds = seconds;
      this.unavailable = unavailable;
    }
  }

  /** What one downloaded segment held. */
  private record Fetched(long rows, boolean truncated, String nextCursor, String header) {}

  /**
   * The saved position of an export: the cursor after the last committed segment, the rows and
   * bytes committed to the output so far, the filters, and a digest of the header row.
   */
  record State(String cursor, long rows, long bytes, int segments, String filters, String header) {

    static State read(Path file) throws Failure {
      Properties p = new Properties();
      try {
        p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        return new State(
            required(p, "cursor"),
            Long.parseLong(required(p, "rows")),
            Long.parseLong(required(p, "bytes")),
            Integer.parseInt(required(p, "segments")),
            p.getProperty("filters", ""),
            required(p, "header"));
      } catch (IOException | IllegalArgumentException e) {
        throw new Failure("cannot read the export state " + file + ": " + describe(e));
      }
    }

    private static String required(Properties p, String name) {
      String value = p.getProperty(name);
      if (value == null) {
        throw new IllegalArgumentException(name + " is missing");
      }
      return value;
    }

    /** Writes the state to a temporary file, syncs it, and renames it over {@code file}. */
    void write(Path file) throws Failure {
      Properties p = new Properties();
      p.setProperty("cursor", cursor);
      p.setProperty("rows", Long.toString(rows));
      p.setProperty("bytes", Long.toString(bytes));
      p.setProperty("segments", Integer.toString(segments));
      p.setProperty("filters", filters);
      p.setProperty("header", header);
      StringWriter text = new StringWriter();
      Path tmp = sibling(file, ".tmp");
      try {
        p.store(text, "leadport export state: continue with `leadport export --resume`");
        try (FileChannel ch =
            FileChannel.open(
                tmp,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
          ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
          while (bytes.hasRemaining()) {
            ch.write(bytes);
          }
          ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new Failure("cannot save the export state " + file + ": " + describe(e));
      }
    }
  }

  /**
   * Splits an RFC 4180 byte stream into records (a line feed outside quotes ends one; UTF-8 never
   * puts {@code "} or LF inside a multi-byte character), passes the body through, keeps or drops
   * the header row and digests it, and notices a stream that stops in the middle of a record.
   */
  static final class RecordScanner {
    private final boolean keepHeader;
    private final MessageDigest header;
    private boolean inHeader = true;
    private boolean quoted;
    private boolean open;
    private long records;

    RecordScanner(boolean keepHeader) {
      this.keepHeader = keepHeader;
      try {
        this.header = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }

    void accept(byte[] b, int length, OutputStream out) throws IOException {
      int start = 0;
      for (int i = 0; i < length; i++) {
        byte c = b[i];
        if (c == '"') {
          quoted = !quoted;
          open = true;
        } else if (c == '\n' && !quoted) {
          open = false;
          if (inHeader) {
            inHeader = false;
            header.update(b, start, i + 1 - start);
            if (keepHeader) {
              out.write(b, start, i + 1 - start);
            }
            start = i + 1;
          } else {
            records++;
          }
        } else {
          open = true;
        }
      }
      if (inHeader) {
        header.update(b, start, length - start);
        if (keepHeader) {
          out.write(b, start, length - start);
        }
      } else {
        out.write(b, start, length - start);
      }
    }

    /** Fails when the stream ended before its header ended or inside a record. */
    void finish() throws IOException {
      if (inHeader) {
        throw new IOException("the response ended before its header row was complete");
      }
      if (quoted || open) {
        throw new IOException("the response ended in the middle of a row");
      }
    }

    long records() {
      return records;
    }

    String headerDigest() {
      return HexFormat.of().formatHex(header.digest());
    }
  }

  /** The progress bar on stderr: rows so far and rows a second, or nothing when turned off. */
}
