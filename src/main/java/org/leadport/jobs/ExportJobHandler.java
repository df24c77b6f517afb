package org.leadport.jobs;

import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;
import org.leadport.export.ExportProgress;
import org.leadport.export.ExportSpec;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.sink.FastGzip;
import org.leadport.export.sink.ZstdFrames;
import org.leadport.export.writer.ExportRoute;
import org.leadport.query.ChangePosition;

/**
 * Runs an async export job through the one export pipeline and packages the file as its {@link
 * Delivery} says: gzip-encoded (Close's, docs/close-exports.md), compressed as a file of its own
 * ({@code .gz}, {@code .zst}: docs/parquet.md, "Compressed downloads"), or the plain file — zipped
 * when it is a large CSV, or split into several files inside one zip when it has more rows than one
 * file may hold (HubSpot's, docs/hubspot-exports.md; {@link ZipPacking}). Every file streams
 * straight into the store: none is written to a temporary file first. Thread-safe.
 */
public final class ExportJobHandler implements JobHandler {
  private final Exporter exporter;
  private final ExportBudget budget;

  /**
   * @param budget the rows budget a job's rows must fit in when it starts: they are reserved once
   *     its snapshot has counted them, before the first is written (docs/operations.md, "Quotas")
   */
  public ExportJobHandler(Exporter exporter, ExportBudget budget) {
    this.exporter = exporter;
    this.budget = budget;
  }

  @Override
  public Result run(ExportJob job, OutputStream out, ExportProgress progress) throws IOException {
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

  private Result export(ExportJob job, OutputStream out, ExportProgress progress)
      throws IOException {
    ExportSpec spec = ExportSpecJson.read(job.spec());
    Delivery delivery = Delivery.of(job.spec());
    String name = delivery.name() != null ? delivery.name() : DownloadLinks.defaultName(job);
    if (delivery.packaging() == Delivery.Packaging.GZIP) {
      long rows = exporter.export(job.surface(), spec, segment -> new FastGzip(out), progress);
      return new Result(
          rows,
          new FileInfo(
              name + "." + spec.format().extension(), spec.format().contentType(), "gzip"));
    }
    if (delivery.packaging() == Delivery.Packaging.GZIP_FILE
        || delivery.packaging() == Delivery.Packaging.ZSTD_FILE) {
      return compressedFile(job, spec, delivery.packaging(), name, out, progress);
    }
    if (delivery.zipOverBytes() == 0 && delivery.rowsPerFile() == 0) {
      // Nothing to decide (no zip on size, no split): the format's one file, as it is.
      long rows = exporter.export(job.surface(), spec, segment -> out, progress);
      return new Result(
          rows,
          new FileInfo(name + "." + spec.format().extension(), spec.format().contentType(), null));
    }
    ZipPacking packing = new ZipPacking(name, delivery.rowsPerFile(), delivery.zipOverBytes());
    long rows = exporter.export(job.surface(), spec, segment -> out, packing, progress);
    return new Result(rows, packing.file(spec.format()));
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
      OutputStream out,
      ExportProgress progress)
      throws IOException {
    boolean zstd = packaging == Delivery.Packaging.ZSTD_FILE;
    long rows =
        exporter.export(
            job.surface(),
            spec,
            segment -> zstd ? new ZstdFrames(out) : new FastGzip(out),
            progress);
    String file = name + "." + spec.format().extension() + (zstd ? ".zst" : ".gz");
    return new Result(
        rows, new FileInfo(file, zstd ? "application/zstd" : "application/gzip", null));
  }
}
