package org.leadport.cli;

import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code leadport changes}: tails the change feed ({@code GET /api/v1/changes}) as NDJSON on
 * stdout, resumable with {@code --state}; the work is {@link FeedClient}'s.
 */
@Command(
    name = "changes",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the change feed (GET /api/v1/changes) as NDJSON on stdout, one change a line,",
      "from the oldest change the server keeps, from --cursor, or from where --state FILE",
      "says the last run stopped. With --follow it keeps polling until interrupted.",
      "Exit codes: 0 done, 1 error, 3 the cursor is past retention (export again and",
      "continue from that export's changes cursor), 130 interrupted.",
      "The key needs the scope leads.read."
    })
final class ChangesCommand implements Callable<Integer> {
  /** The exit code of a 410: the position is gone, a resync is needed. */
  static final int EXPIRED = 3;

  @Spec CommandSpec spec;

  @Mixin ServerUrl server;

  @Mixin LeadFilterOptions filters;

  @Mixin ApiKey apiKey;

  @Option(
      names = "--follow",
      description = "Keep polling once caught up (after 1 s, backing off to 10 s while idle).")
  boolean follow;

  @Option(
      names = "--cursor",
      paramLabel = "C",
      description = "Start after this cursor (a next_cursor, or an export's changes cursor).")
  @Nullable String cursor;

  @Option(
      names = "--state",
      paramLabel = "FILE",
      description = {
        "Save the cursor in FILE after each page is written; when FILE exists, continue from",
        "it (with its filters)."
      })
  @Nullable Path state;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      paramLabel = "N",
      description = "Changes per request, 1 to 1000 (default ${DEFAULT-VALUE}).")
  int limit;

  /** For tests: stop after this many pages, as an interruption would. */
  @Option(names = "--max-pages", hidden = true, paramLabel = "N")
  @Nullable Integer maxPages;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try (HttpClient http = ServerUrl.apiClient()) {
      String key = apiKey.required();
      if (limit < 1 || limit > 1000) {
        throw new ExportFailure("--limit must be between 1 and 1000");
      }
      FeedClient.Outcome outcome =
          new FeedClient(
                  http, server.base(), key, spec.commandLine().getOut(), new RetryPolicy(err))
              .run(
                  new FeedClient.Request(
                      filters.query(null, null, false), cursor, state, limit, follow, maxPages));
      err.println(
          "Read "
              + outcome.written()
              + " changes; continue with "
              + (state != null ? "--state " + state : "--cursor " + outcome.cursor()));
      err.flush();
      return 0;
    } catch (ExportFailure e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return 1;
    } catch (FeedClient.Expired e) {
      err.println("error: " + e.getMessage());
      err.flush();
      return EXPIRED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println("interrupted" + (state != null ? "; continue with --state " + state : ""));
      err.flush();
      return 130;
    }
  }
}
