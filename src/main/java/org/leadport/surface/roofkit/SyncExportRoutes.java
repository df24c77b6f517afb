package org.leadport.surface.roofkit;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.OutputStream;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportMetrics;
import org.leadport.export.ExportSpec;
import org.leadport.export.Exporter;
import org.leadport.export.sink.Segment;
import org.leadport.export.sink.Sink;
import org.leadport.export.writer.ExportFormat;
import org.leadport.http.ContentCoding;
import org.leadport.http.ContentDisposition;
import org.leadport.http.Guard;
import org.leadport.http.QualityValues;
import org.leadport.http.ReadAhead;
import org.leadport.http.Requests;
import org.leadport.http.StreamSlots;
import org.leadport.http.StreamedBody;
import org.leadport.jobs.ExportBudget;
import org.leadport.query.ChangeCursors;
import org.leadport.query.ChangePosition;
import org.leadport.query.KeysetCursor;
import org.leadport.query.LeadFilter;
import org.leadport.query.WalkPosition;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;

/**
 * The partner API's synchronous CSV export (docs/guides/export-all-leads-csv.md): {@code GET
 * /api/v1/leads/export}, at most 10,000 leads a response, continued with a signed cursor; in
 * Parquet when the request's {@code Accept} asks for it (docs/parquet.md), and zstd- or
 * gzip-encoded by its {@code Accept-Encoding}.
 */
public final class SyncExportRoutes {
  /** Most leads one response holds (docs/guides/export-all-leads-csv.md). */
  public static final int CAP = 10_000;

  private static final org.slf4j.Logger LOG =
      org.slf4j.LoggerFactory.getLogger(SyncExportRoutes.class);

  /** The query parameters of the export. */
  static final Set<String> PARAMS = params();

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Exporter exporter;
  private final ExportMetrics metrics;
  private final KeysetCursor cursors;
  private final ChangeCursors changeCursors;
  private final Guard guard;
  private final Clock clock;
  private final StreamSlots streams;
  private final ExportBudget budget;

  /**
   * @param streams the workspace's open streams, of which a segment takes one
   * @param budget the workspace's rows a day, which every segment spends
   * @param changeCursors the change feed's cursors, of which a walk's last segment hands one over
   */
  public SyncExportRoutes(
      Exporter exporter,
      ExportMetrics metrics,
      KeysetCursor cursors,
      ChangeCursors changeCursors,
      Guard guard,
      Clock clock,
      StreamSlots streams,
      ExportBudget budget) {
    this.exporter = exporter;
    this.metrics = metrics;
    this.cursors = cursors;
    this.changeCursors = changeCursors;
    this.guard = guard;
    this.clock = clock;
    this.streams = streams;
    this.budget = budget;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/leads/export", guard.scope(Scope.LEADS_EXPORT, this::export));
  }

  @SuppressWarnings("try") // the stream slot is held for the body, never called
  private void export(Context ctx, Principal p) throws java.io.IOException {
    Requests.allowQueryParams(ctx, PARAMS);
    LeadFilter filter = LeadFilter.fromParams(ctx::queryParam);
    int limit = Requests.intQuery(ctx, "limit", 1, CAP, CAP);
    String cursor = ctx.queryParam("cursor");
    WalkPosition after =
        cursor == null
            ? null
            : cursors.decodeWalk(cursor, p.workspaceId(), filter.fingerprint(), "cursor");
    ExportFormat format = format(ctx.header("Accept"));
    boolean bom = bom(ctx, format);
    try (StreamSlots.Slot slot = streams.take(p.workspaceId());
        ReadAhead ahead = new ReadAhead()) {
      // Reserve, then settle: a segment holds no more rows than the budget has left.
      ExportBudget.Reservation granted = budget.reserveUpTo(p.workspaceId(), "roofkit", limit);
      ExportSpec spec =
          ExportSpec.segment(p.workspaceId(), filter, after, (int) granted.rows(), bom, format);
      long started = System.nanoTime();
      java.util.concurrent.atomic.AtomicReference<StreamedBody> body =
          new java.util.concurrent.atomic.AtomicReference<>();
      CountingSink sink = new CountingSink(sink(ctx, p.workspaceId(), filter, format, ahead, body));
      long rows =
          budget.spend(
              granted,
              () -> {
                long written = exporter.export("roofkit", spec, sink);
                // Only now does the body end as complete; a failure before this aborts the
                // connection (StreamedBody), so no client takes a broken segment, and its
                // cursor, for a whole one.
                complete(body.get());
                return written;
              });
      // The rows are read and the connection is back in the pool; the client may still be reading.
      metrics.exported(
          "roofkit",
          format.extension(),
          rows,
          sink.bytes(),
          java.time.Duration.ofNanos(System.nanoTime() - started));
      awaitSent(ctx, ahead);
    }
  }

  /**
   * The {@code bom} parameter: true or false, and true for CSV only.
   *
   * @throws LeadportException 400 otherwise
   */
  static boolean bom(Context ctx, ExportFormat format) {
    String bom = ctx.queryParam("bom");
    if (bom != null && !bom.equals("true") && !bom.equals("false")) {
      throw LeadportException.invalid("bom", "bom must be true or false.");
    }
    if (format != ExportFormat.CSV && "true".equals(bom)) {
      throw LeadportException.invalid("bom", "bom applies to CSV only, not to Parquet.");
    }
    return "true".equals(bom);
  }

  /**
   * Waits for the client to take the segment. A client that went away or stalled past the stall
   * timeout has its connection cut already: nobody is left to answer, and it is no server fault.
   */
  private static void awaitSent(Context ctx, ReadAhead ahead) {
    try {
      ahead.awaitSent();
    } catch (java.io.UncheckedIOException e) {
      LOG.info(
          "request {}: the client did not take the whole segment ({})",
          Requests.id(ctx),
          String.valueOf(e.getCause()));
    }
  }

  /** Counts the file's bytes written (before a content coding, when the client takes one). */
  private static final class CountingSink implements Sink {
    private final Sink inner;
    private final java.util.concurrent.atomic.AtomicLong bytes =
        new java.util.concurrent.atomic.AtomicLong();

    CountingSink(Sink inner) {
      this.inner = inner;
    }

    @Override
    public OutputStream open(Segment segment) throws java.io.IOException {
      return new java.io.FilterOutputStream(inner.open(segment)) {
        @Override
        public void write(int b) throws java.io.IOException {
          out.write(b);
          bytes.incrementAndGet();
        }

        @Override
        public void write(byte[] b, int off, int len) throws java.io.IOException {
          out.write(b, off, len);
          bytes.addAndGet(len);
        }
      };
    }

    long bytes() {
      return bytes.get();
    }
  }

  private static void complete(StreamedBody body) {
    try {
      body.complete();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Sink sink(
      Context ctx,
      String workspaceId,
      LeadFilter filter,
      ExportFormat format,
      ReadAhead ahead,
      java.util.concurrent.atomic.AtomicReference<StreamedBody> body) {
    return (Segment segment) -> {
      ctx.status(200);
      ctx.contentType(format.contentType());
      ctx.header(
          "Content-Disposition",
          ContentDisposition.attachment(
              "leads-" + FILE_STAMP.format(clock.instant()) + "." + format.extension()));
      ctx.header("X-Export-Truncated", Boolean.toString(segment.truncated()));
      if (segment.truncated()) {
        ctx.header(
            "X-Export-Next-Cursor",
            cursors.encodeWalk(
                java.util.Objects.requireNonNull(segment.next()),
                workspaceId,
                filter.fingerprint()));
      }
      ChangePosition handoff = segment.changes();
      if (handoff != null) {
        // The walk's end: the change feed continues from here, with the same lead filters.
        ctx.header(
            "X-Changes-Cursor",
            changeCursors.encode(handoff, workspaceId, filter.changesFingerprint()));
      }
      ctx.header("Cache-Control", "no-store");
      ctx.header("Vary", "Accept, Accept-Encoding");
      // Parquet compresses its own pages: a content coding would only spend CPU on it.
      ContentCoding coding =
          format == ExportFormat.CSV
              ? ContentCoding.negotiate(ctx.header("Accept-Encoding"))
              : ContentCoding.IDENTITY;
      String encoding = coding.header();
      if (encoding != null) {
        ctx.header("Content-Encoding", encoding);
      }
      OutputStream response = StreamedBody.response(ctx);
      // The segment is planned: send the status and headers (the next cursor among them) now,
      // before the first rows are fetched, so a client can start on the next segment at once.
      // Every condition has run in the plan's query already, so a bad one was a 4xx before this.
      ctx.res().flushBuffer();
      // The rows go through a read-ahead, so a slow client does not hold the snapshot.
      body.set(StreamedBody.over(ahead.start(response), coding));
      return body.get();
    };
  }

  /**
   * The format a request's {@code Accept} asks for: Parquet when it weighs {@code
   * application/vnd.apache.parquet} above CSV (named as {@code text/csv}, {@code text/*} or {@code
   * *}{@code /*}), else CSV, the export's own format, whatever else it names.
   */
  static ExportFormat format(@Nullable String accept) {
    if (accept == null) {
      return ExportFormat.CSV;
    }
    double parquet = QualityValues.weight(accept, ExportFormat.PARQUET.contentType());
    double csv =
        Math.max(
            QualityValues.weight(accept, "text/csv"),
            Math.max(QualityValues.weight(accept, "text/*"), QualityValues.weight(accept, "*/*")));
    // CSV unless the client weighs Parquet above it: CSV is what this export always sent.
    return parquet > 0 && parquet > csv ? ExportFormat.PARQUET : ExportFormat.CSV;
  }

  private static Set<String> params() {
    Set<String> s = new HashSet<>(LeadFilter.PARAMS);
    s.add("cursor");
    s.add("limit");
    s.add("bom");
    return Set.copyOf(s);
  }
}
