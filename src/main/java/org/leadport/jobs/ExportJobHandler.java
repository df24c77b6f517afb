package org.leadport.jobs;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.leadport.export.ExportFormat;
import org.leadport.export.ExportProgress;
import org.leadport.export.ExportSpec;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.FastGzip;
import org.leadport.export.Segment;
import org.leadport.export.Sink;

/**
 * Runs an async export job through the one export pipeline and packages the file as its {@link
 * Delivery} says: gzip-encoded (seed 000), or the plain file — zipped when it is a large CSV, or
 * split into several files inside one zip when it has more rows than one file may hold (seed 002).
 * Parts are written to local temporary files first when whether to zip is only known at the end; a
 * file that is never zipped goes straight to the store. Thread-safe.
 */
public final class ExportJobHandler implements JobHandler {
  /** Buffer of the temporary part files and of the zip. */
  private static final int BUFFER = 64 * 1024;

  private static final String ZIP = "application/zip";

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
    ExportBudget.Reserving reserving = budget.reserving(job.workspaceId(), "job", progress);
    Result result;
    try {
      result = export(job, out, reserving);
    } catch (IOException | RuntimeException | Error e) {
      reserving.failed(e);
      throw e;
    }
    // The job's rows count from its success on (export_jobs.rows_done), not twice.
    reserving.settle(0);
    return result;
  }

  private Result export(ExportJob job, OutputStream out, ExportProgress progress)
      throws IOException {
    ExportSpec spec = ExportSpecJson.read(job.spec());
    Delivery delivery = Delivery.of(job.spec());
    String name = delivery.name() != null ? delivery.name() : DownloadLinks.defaultName(job);
    if (delivery.packaging() == Delivery.Packaging.GZIP) {
      long rows = exporter.export(spec, segment -> new FastGzip(out), progress);
      return new Result(
          rows,
          new FileInfo(
              name + "." + spec.format().extension(), spec.format().contentType(), "gzip"));
    }
    if (delivery.zipOverBytes() == 0 && delivery.rowsPerFile() == 0) {
      // Nothing to decide once the rows are written (no zip on size, no split): straight to the
      // store, without a temporary copy.
      long rows = exporter.export(spec, segment -> out, progress);
      return new Result(
          rows,
          new FileInfo(name + "." + spec.format().extension(), spec.format().contentType(), null));
    }
    Path dir = Files.createTempDirectory("leadport-parts-");
    try {
      Parts parts = new Parts(dir, delivery.rowsPerFile());
      long rows = exporter.export(spec, parts, progress);
      return new Result(rows, pack(parts.files(), spec.format(), name, delivery, out));
    } finally {
      try (var files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One file as it is, or a zip of the parts (each a whole file with its header). */
  private static FileInfo pack(
      List<Path> files, ExportFormat format, String name, Delivery delivery, OutputStream out)
      throws IOException {
    String ext = "." + format.extension();
    boolean large =
        format == ExportFormat.CSV
            && delivery.zipOverBytes() > 0
            && Files.size(files.get(0)) > delivery.zipOverBytes();
    if (files.size() == 1 && !large) {
      Files.copy(files.get(0), out);
      return new FileInfo(name + ext, format.contentType(), null);
    }
    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, BUFFER));
    zip.setLevel(Deflater.BEST_SPEED);
    for (int i = 0; i < files.size(); i++) {
      String entry = files.size() == 1 ? name + ext : name + "-" + (i + 1) + ext;
      zip.putNextEntry(new ZipEntry(entry));
      Files.copy(files.get(i), zip);
      zip.closeEntry();
    }
    zip.finish();
    zip.flush();
    return new FileInfo(name + ".zip", ZIP, null);
  }

  /** Temporary files of a (possibly split) export, in order. */
  private static final class Parts implements Sink {
    private final Path dir;
    private final long rowsPerPart;
    private final List<Path> files = new ArrayList<>();

    Parts(Path dir, long rowsPerPart) {
      this.dir = dir;
      this.rowsPerPart = rowsPerPart;
    }

    @Override
    public OutputStream open(Segment segment) throws IOException {
      return openPart(1);
    }

    @Override
    public long rowsPerPart() {
      return rowsPerPart;
    }

    @Override
    public OutputStream openPart(int n) throws IOException {
      Path p = dir.resolve("part-" + n);
      files.add(p);
      return new BufferedOutputStream(Files.newOutputStream(p), BUFFER);
    }

    List<Path> files() {
      return files;
    }
  }
}
