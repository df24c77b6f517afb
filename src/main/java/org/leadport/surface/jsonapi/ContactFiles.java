package org.leadport.surface.jsonapi;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.leadport.LeadportException;
import org.leadport.export.ExportProgress;
import org.leadport.export.ExportSpec;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.sink.Sink;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.ContentDisposition;
import org.leadport.http.ReadAhead;
import org.leadport.http.StreamSlots;
import org.leadport.http.StreamedBody;
import org.leadport.jobs.ExportBudget;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.store.ExportLogRepository;
import org.leadport.store.ExportLogRepository.ExportLog;

/**
 * Renders an export log to a file ({@code GET …/{id}.csv} or {@code .xlsx}): the contacts of the
 * leads its filter selects at that moment, streamed through the one export engine, after which the
 * log's {@code export_at} moves to the render time.
 */
final class ContactFiles {
  /** The file formats a log renders to, by extension. */
  static final Set<String> EXTENSIONS = Set.of("csv", "xlsx");

  private static final DateTimeFormatter FILE_DATE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);

  private final Exporter exporter;
  private final ExportBudget budget;
  private final FilterParsers filters;
  private final ExportLogRepository logs;
  private final StreamSlots streams;

  ContactFiles(
      Exporter exporter,
      ExportBudget budget,
      FilterParsers filters,
      ExportLogRepository logs,
      StreamSlots streams) {
    this.exporter = exporter;
    this.budget = budget;
    this.filters = filters;
    this.logs = logs;
    this.streams = streams;
  }

  /** The format of an extension, or a 400 naming the ones there are. */
  static ExportFormat format(String extension) {
    String ext = extension.toLowerCase(java.util.Locale.ROOT);
    return known(ext)
        .orElseThrow(() ->
            new LeadportException(
                400,
                "unsupported_format",
                EXTENSIONS.contains(ext)
                    ? "." + ext + " files are not available on this server."
                    : "An export log has no ." + extension + " rendering; use .csv or .xlsx."));
  }

  /**
   * What a log's file in {@code format} exports: the contacts of the leads {@code query} selects.
   */
  static ExportSpec spec(String workspaceId, ExportFormat format, Query query) {
    return new ExportSpec(
        workspaceId,
        RowType.CONTACTS,
        format,
        ObjectKind.LEAD,
        query,
        false,
        List.of(),
        null,
        null,
        null,
        ExportOptions.DEFAULT);
  }

  /** The formats a log renders to: those of {@link #EXTENSIONS} the export engine has. */
  static Optional<ExportFormat> known(String ext) {
    if (!EXTENSIONS.contains(ext)) {
      return Optional.empty();
    }
    for (ExportFormat f : ExportFormat.values()) {
      if (f.extension().equals(ext)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /**
   * Streams the contacts the log's filter selects now, through a read-ahead (a slow client holds no
   * snapshot while the render fits its bound), then records the render time; the rows spend the
   * workspace's budget.
   */
  @SuppressWarnings("try") // the stream slot is held for the body, never called
  void render(Context ctx, ExportLog log, ExportFormat format) {
    String ws = log.workspaceId();
    Query query = storedQuery(log);
    try (StreamSlots.Slot slot = streams.take(ws);
        ReadAhead ahead = new ReadAhead()) {
      budget.admit(ws);
      render(ctx, log, format, query, ahead);
      ahead.awaitSent();
    }
  }

  private void render(
      Context ctx, ExportLog log, ExportFormat format, Query query, ReadAhead ahead) {
    String ws = log.workspaceId();
    Instant at = logs.now();
    ExportSpec spec = spec(ws, format, query);
    AtomicReference<StreamedBody> body = new AtomicReference<>();
    Sink sink =
        segment -> {
          ctx.status(200);
          ctx.contentType(format.contentType());
          ctx.header(
              "Content-Disposition",
              ContentDisposition.attachment(
                  "contacts-" + FILE_DATE.format(at) + "." + format.extension()));
          ctx.header("Cache-Control", "no-store");
          ctx.header("X-Content-Type-Options", "nosniff");
          OutputStream response = StreamedBody.response(ctx);
          // Status and headers go now, as a sync segment's do: the client starts reading at once,
          // and a failure from here on breaks the transfer off (StreamedBody) instead of ending it.
          ctx.res().flushBuffer();
          body.set(StreamedBody.over(ahead.start(response), false));
          return body.get();
        };
    // Reserve, then settle: the render's rows, counted in its snapshot before the first is
    // written, must fit in what is left of the budget, else it is a 429 before any byte.
    ExportBudget.Reserving reserved = budget.reserving(ws, "jsonapi", ExportProgress.NONE);
    long rows;
    try {
      rows = exporter.export("jsonapi", spec, sink, reserved);
    } catch (RuntimeException | Error e) {
      reserved.failed(e);
      throw e;
    }
    reserved.settle(rows);
    // The last byte is written but the response is not complete until it is ended here, so a
    // client that reads the log after its download sees the new time. A failure before this
    // aborts the connection (StreamedBody): no client takes a broken render for a whole one.
    logs.exported(ws, log.id(), at);
    try {
      body.get().complete();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The log's filter parsed against the workspace as it is now; a filter that no longer parses (a
   * custom field or list it names was renamed or deleted) is a 422 pointing into the log's params,
   * not a 500.
   */
  private Query storedQuery(ExportLog log) {
    try {
      return filters
          .of(log.workspaceId())
          .parse(log.params().get("filter"), ContactExportRoutes.FILTER_POINTER);
    } catch (LeadportException e) {
      if (e.status() != 400) {
        throw e;
      }
      throw new LeadportException(
          422,
          "stale_filter",
          "This export log's filter no longer fits the workspace: "
              + e.getMessage()
              + " Create a new export log with a filter that does.",
          e.param());
    }
  }
}
