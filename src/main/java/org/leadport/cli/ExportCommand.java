package org.leadport.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leadport export}: parses the flags and hands the work to a client, {@link
 * SyncExportClient} (the sync CSV export's cursor walked to the end into one CSV file, resumable)
 * or with {@code --async} {@link AsyncExportClient}; both meet rate limits with one {@link
 * RetryPolicy}.
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
  @Spec CommandSpec spec;

  @Mixin ServerUrl server;

  @Mixin LeadFilterOptions filters;

  @Mixin ApiKey apiKey;

  @Option(
      names = "--from",
      paramLabel = "ISO",
      description = "Only leads updated at or after this date-time (e.g. 2026-01-31T00:00:00Z).")
  @Nullable String from;

  @Option(
      names = "--to",
      paramLabel = "ISO",
      description = "Only leads updated at or before this date-time.")
  @Nullable String to;

  @Option(
      names = "--include-deleted",
      description = "Include deleted leads (rows with deleted_at set).")
  boolean includeDeleted;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Leads per request, 1 to 10000 (default: the server's cap, 10000).")
  @Nullable Integer limit;

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
      description = "With --async: csv, json, jsonl or parquet (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--query",
      paramLabel = "JSON",
      description = "With --async: a Close advanced-filtering query (s_query), or @FILE.")
  @Nullable String query;

  @Option(
      names = "--fields",
      split = ",",
      paramLabel = "F,…",
      description = "With --async: the columns (or JSON keys) to keep, in this order.")
  java.util.@Nullable List<String> fields;

  @Option(
      names = "--date-format",
      paramLabel = "D",
      description = "With --async and csv: original, iso8601 or excel.")
  @Nullable String dateFormat;

  @Option(
      names = "--include",
      split = ",",
      paramLabel = "X,…",
      description = "With --async: activities, smart_fields, addresses, custom_objects.")
  java.util.@Nullable List<String> include;

  @Option(
      names = "--parallel",
      defaultValue = "4",
      paramLabel = "N",
      description =
          "With --async, for an export published as parts: download N parts at once (default"
              + " ${DEFAULT-VALUE}).")
  int parallel;

  @Option(
      names = "--keep-parts",
      description = {
        "With --async, for an export published as parts: keep the parts in a directory next to",
        "the output (<name>-parts/) instead of joining them; JSON, XLSX and Parquet parts are",
        "always kept."
      })
  boolean keepParts;

  @Option(
      names = "--then-follow",
      description = {
        "After the sync export, print the change feed from where the export ended as NDJSON on",
        "stdout and keep polling until interrupted: the file plus the feed is the data, nothing",
        "lost or doubled. The feed's cursor is saved in FILE.changes (continue with leadport",
        "changes --state FILE.changes --follow). The key needs the scope leads.read as well."
      })
  boolean thenFollow;

  /** For tests: with --then-follow, stop after this many pages of the feed. */
  @Option(names = "--max-pages", hidden = true, paramLabel = "N")
  @Nullable Integer maxPages;

  /** For tests: stop after this many segments, leaving the state file as an interruption would. */
  @Option(names = "--max-segments", hidden = true, paramLabel = "N")
  @Nullable Integer maxSegments;

  private final HttpClient http = ServerUrl.apiClient();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      return run();
    } catch (ExportFailure e) {
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

  private int run() throws ExportFailure, InterruptedException {
    String key = apiKey.required();
    PrintWriter err = spec.commandLine().getErr();
    RetryPolicy retries = new RetryPolicy(err);
    if (async) {
      if (thenFollow) {
        throw new ExportFailure(
            "--then-follow follows the sync export; an async export's job shows its"
                + " changes_cursor for leadport changes --cursor");
      }
      if (resume || limit != null || includeDeleted || !filterQuery().isEmpty()) {
        throw new ExportFailure(
            "--resume, --limit, --include-deleted and the filter options belong to the sync"
                + " export; with --async, narrow the export with --query");
      }
      if (parallel < 1) {
        throw new ExportFailure("--parallel must be at least 1");
      }
      new AsyncExportClient(http, server.base(), key, err, retries)
          .parts(parallel, keepParts)
          .run(asyncBody(), output, !noProgress);
      return 0;
    }
    if (query != null || fields != null || dateFormat != null || include != null) {
      throw new ExportFailure("--query, --fields, --date-format and --include need --async");
    }
    Path feedState = output.resolveSibling(output.getFileName() + ".changes");
    if (thenFollow && Files.exists(feedState)) {
      throw new ExportFailure(
          "this export was handed over to the change feed already: continue with leadport"
              + " changes --state "
              + feedState
              + " --follow, or delete it to export again");
    }
    // With --then-follow stdout is the feed's NDJSON alone; the export's summary goes to stderr.
    SyncExportClient walk =
        new SyncExportClient(
            new SegmentFetcher(http, server.base(), key, retries),
            thenFollow ? err : spec.commandLine().getOut(),
            err);
    int code =
        walk.run(
            new SyncExportClient.Request(
                output, filterQuery(), limit, resume, !noProgress, maxSegments));
    String changes = walk.changesCursor();
    if (!thenFollow || code != 0 || (changes == null && maxSegments != null)) {
      return code;
    }
    if (changes == null) {
      throw new ExportFailure(
          "the server sent no X-Changes-Cursor with the export's last segment: it has no change"
              + " feed to follow");
    }
    return follow(key, changes, feedState, retries);
  }

  /** Follows the change feed from {@code cursor} as NDJSON on stdout until interrupted. */
  private int follow(String key, String cursor, Path feedState, RetryPolicy retries)
      throws ExportFailure {
    PrintWriter err = spec.commandLine().getErr();
    try {
      new FeedClient(http, server.base(), key, spec.commandLine().getOut(), retries)
          .run(
              new FeedClient.Request(
                  filters.query(null, null, false), cursor, feedState, 1000, true, maxPages));
      return 0;
    } catch (FeedClient.Expired e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return ChangesCommand.EXPIRED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted; continue with leadport changes --state " + feedState + " --follow");
      err.flush();
      return 130;
    }
  }

  /** The async export's creation body ({@code POST /api/v1/export/lead/}) from the flags. */
  private ObjectNode asyncBody() throws ExportFailure {
    ObjectNode body = Json.object().put("type", type).put("format", format);
    body.put("send_done_email", false);
    if (query != null) {
      try {
        String text = query.startsWith("@") ? Files.readString(Path.of(query.substring(1))) : query;
        body.set("s_query", Json.parse(text));
      } catch (IOException e) {
        throw new ExportFailure(
            "--query is not a readable JSON query: " + ExportFailure.describe(e));
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
    return body;
  }

  /** The filter options as a query string without {@code ?}, in a fixed order. */
  private String filterQuery() {
    return filters.query(from, to, includeDeleted);
  }

  /** {@link CsvRecordScanner} under the name {@code ExportCommandIT} tests it by. */
  static final class RecordScanner extends CsvRecordScanner {
    RecordScanner(boolean keepHeader) {
      super(keepHeader);
    }
  }
}
