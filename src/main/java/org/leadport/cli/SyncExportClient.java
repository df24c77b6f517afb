package org.leadport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The export client's sync mode: walks the sync CSV export's cursor to the end into one CSV file
 * with one header row.
 *
 * <p>Each segment is downloaded into {@code <output>.part} ({@link SegmentFetcher}) and appended to
 * the output only once it is complete; after every appended segment the next cursor, the row count
 * and the output's committed length go to {@code <output>.cursor} ({@link ExportState}), so {@code
 * --resume} continues an interrupted export exactly where its last complete segment ended. The
 * state file is deleted when the export finishes. Not thread-safe; one per run.
 */
final class SyncExportClient {
  private static final String EXPORT_PATH = "/api/v1/leads/export";

  /**
   * What to export where: {@code filters} is a query string without {@code ?}; {@code maxSegments}
   * (tests only, may be null) stops early, leaving the state file as an interruption would.
   */
  record Request(
      Path output,
      String filters,
      @Nullable Integer limit,
      boolean resume,
      boolean progress,
      @Nullable Integer maxSegments) {}

  private final SegmentFetcher fetcher;
  private final PrintWriter out;
  private final PrintWriter err;
  private @Nullable String changesCursor;

  SyncExportClient(SegmentFetcher fetcher, PrintWriter out, PrintWriter err) {
    this.fetcher = fetcher;
    this.out = out;
    this.err = err;
  }

  /** Runs the export; returns the exit code. */
  int run(Request request) throws ExportFailure, InterruptedException {
    Path output = request.output();
    Path statePath = sibling(output, ".cursor");
    Path part = sibling(output, ".part");
    String filters = request.filters();
    ExportState state = null;
    if (request.resume()) {
      state = ExportState.resumable(statePath, output, filters);
      filters = state.filters();
    } else if (Files.exists(statePath)) {
      throw new ExportFailure(
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
    if (state != null) {
      err.println("Resuming " + output + " after " + rows + " leads (" + segments + " segments)");
      err.flush();
    }
    boolean stopped = false;
    try (ProgressBarLine progress = new ProgressBarLine(request.progress(), rows)) {
      while (true) {
        progress.segment(segments + 1);
        long before = rows;
        SegmentFetcher.Segment seg =
            fetcher.fetch(
                EXPORT_PATH + query(filters, request.limit(), cursor),
                committed == 0,
                part,
                n -> progress.at(before + n));
        if (header != null && !header.equals(seg.header())) {
          throw new ExportFailure(
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
          changesCursor = seg.changesCursor();
          deleteIfExists(statePath);
          break;
        }
        // Only a truncated segment gets here, and it names the next cursor.
        cursor = Objects.requireNonNull(seg.nextCursor());
        new ExportState(cursor, rows, committed, segments, filters, header).write(statePath);
        if (request.maxSegments() != null && segmentsThisRun >= request.maxSegments()) {
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

  /**
   * Where the change feed continues a finished walk (its last segment's {@code X-Changes-Cursor}),
   * or null before the walk ended or from a server that sends none.
   */
  @Nullable String changesCursor() {
    return changesCursor;
  }

  /**
   * Appends the finished segment to the output at its committed length (cutting off anything a
   * crash left after it) and returns the new committed length.
   */
  private static long append(Path part, Path output, long committed) throws ExportFailure {
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
      throw new ExportFailure("cannot write " + output + ": " + ExportFailure.describe(e));
    }
  }

  private static String query(String filters, @Nullable Integer limit, @Nullable String cursor) {
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

  private static void deleteIfExists(Path file) throws ExportFailure {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new ExportFailure("cannot delete " + file + ": " + ExportFailure.describe(e));
    }
  }

  private static void deleteIfExistsQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover .part file is harmless: the next run truncates it.
    }
  }
}
