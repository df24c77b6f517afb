package org.leadport.jobs;

import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.leadport.export.ExportProgress;
import org.leadport.export.ExportSpec;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.sink.FastGzip;
import org.leadport.export.sink.ZstdFrames;
import org.leadport.export.writer.ExportRoute;
import org.leadport.export.writer.FileLayout;
import org.leadport.json.Json;
import org.leadport.query.ChangePosition;

/**
 * Runs an async export job through the one export pipeline and packages the file as its {@link
 * Delivery} says: gzip-encoded (Close's, docs/close-exports.md), compressed as a file of its own
 * ({@code .gz}, {@code .zst}: docs/parquet.md, "Compressed downloads"), or the plain file — zipped
 * when it is a large CSV, or split into several files inside one zip when it has more rows than one
 * file may hold (HubSpot's, docs/hubspot-exports.md; {@link ZipPacking}). An export above the
 * {@link PartLimits} is published as parts, each a file of its own encoded as the one file would be
 * (docs/parts.md; {@link StoreParts}). Every file streams straight into the store: none is written
 * to a temporary file first. Thread-safe.
 */
public final class ExportJobHandler implements JobHandler {
  private final Exporter exporter;
  private final ExportBudget budget;
  private final PartLimits parts;

  /** A handler with the default {@link PartLimits}. */
  public ExportJobHandler(Exporter exporter, ExportBudget budget) {
    this(exporter, budget, PartLimits.DEFAULTS);
  }

  /**
   * @param budget the rows budget a job's rows must fit in when it starts: they are reserved once
   *     its snapshot has counted them, before the first is written (docs/operations.md, "Quotas")
   * @param parts above these an export is published as parts
   */
  public ExportJobHandler(Exporter exporter, ExportBudget budget, PartLimits parts) {
    this.exporter = exporter;
    this.budget = budget;
    this.parts = parts;
  }

  @Override
  public Result run(ExportJob job, JobOutput out, ExportProgress progress) throws IOException {
    Snapshot snapshot = new Snapshot(progress);
    ExportBudget.Reserving reserving = budget.reserving(job.workspaceId(), "job", snapshot);
    Result result;
    try {
      result = export(job, out, reserving);
    } catch (IOException | RuntimeException | Error e) {
      reserving.failed(e);
      throw e;
    }
    // The job's rows count from its success on (export_jobs.rows_done), not twice.
    reserving.settle(0);
    return new Result(result.rows(), result.file(), snapshot.position);
  }

  /** Keeps the change position of the export's snapshot for the job row; passes the rest on. */
  private static final class Snapshot implements ExportProgress {
    private final ExportProgress inner;
    private @Nullable ChangePosition position;

    Snapshot(ExportProgress inner) {
      this.inner = inner;
    }

    @Override
    public void total(long rows) {
      inner.total(rows);
    }

    @Override
    public void rows(long done) {
      inner.rows(done);
    }

    @Override
    public void route(ExportRoute route) {
      inner.route(route);
    }

    @Override
    public void snapshot(ChangePosition at) {
      position = at;
      inner.snapshot(at);
    }
  }

  private Result export(ExportJob job, JobOutput out, ExportProgress progress) throws IOException {
    ExportSpec spec = ExportSpecJson.read(job.spec());
    Delivery delivery = Delivery.of(job.spec());
    String name = delivery.name() != null ? delivery.name() : DownloadLinks.defaultName(job);
    String fileName = name + "." + spec.format().extension();
    if (delivery.packaging() == Delivery.Packaging.GZIP) {
      // Each part gzip-encoded as the one file is, and served alike (docs/parts.md).
      StoreParts layout = new StoreParts(out, parts, FastGzip::new);
      long rows =
          exporter.export(job.surface(), spec, segment -> new FastGzip(out), layout, progress);
      return new Result(rows, new FileInfo(fileName, spec.format().contentType(), "gzip"));
    }
    if (delivery.packaging() == Delivery.Packaging.GZIP_FILE
        || delivery.packaging() == Delivery.Packaging.ZSTD_FILE) {
      return compressedFile(job, spec, delivery.packaging(), name, out, progress);
    }
    StoreParts layout = new StoreParts(out, parts, stored -> stored);
    if (delivery.zipOverBytes() == 0 && delivery.rowsPerFile() == 0) {
      // Nothing to decide (no zip on size, no split): the format's one file, or its parts.
      long rows = exporter.export(job.surface(), spec, segment -> out, layout, progress);
      return new Result(rows, new FileInfo(fileName, spec.format().contentType(), null));
    }
    // HubSpot's packing (docs/hubspot-exports.md), unless the export's rows, counted before the
    // first, are more than a part holds: then parts, each a plain file of the format. A zip
    // carries the export's column schema as schema.json (docs/schema.md), in the language the
    // export was asked in.
    ZipPacking packing =
        new ZipPacking(
            name,
            delivery.rowsPerFile(),
            delivery.zipOverBytes(),
            Json.bytes(exporter.schema(spec, job.language()).toJson(ExportSchema.Style.SNAKE)));
    FileLayout chosen =
        (format, options, segment, sink) ->
            (segment.rows() > parts.rows() ? layout : packing)
                .writer(format, options, segment, sink);
    long rows = exporter.export(job.surface(), spec, segment -> out, chosen, progress);
    return new Result(
        rows,
        layout.parted()
            ? new FileInfo(fileName, spec.format().contentType(), null)
            : packing.file(spec.format()));
  }

  /**
   * The format's one file compressed as a file of its own ({@code .csv.zst}), served as stored: a
   * download link is fetched later by a client whose {@code Accept-Encoding} nobody knows, so the
   * compression is the file's, not a content coding the client might not decode.
   */
  private Result compressedFile(
      ExportJob job,
      ExportSpec spec,
      Delivery.Packaging packaging,
      String name,
      JobOutput out,
      ExportProgress progress)
      throws IOException {
    boolean zstd = packaging == Delivery.Packaging.ZSTD_FILE;
    StoreParts.Encoding encoding = zstd ? ZstdFrames::new : FastGzip::new;
    // Parts, when the export is above the limits, compressed each as the one file is.
    StoreParts layout = new StoreParts(out, parts, encoding);
    long rows =
        exporter.export(job.surface(), spec, segment -> encoding.wrap(out), layout, progress);
    String file = name + "." + spec.format().extension() + (zstd ? ".zst" : ".gz");
    return new Result(
        rows, new FileInfo(file, zstd ? "application/zstd" : "application/gzip", null));
  }
}
