package org.leadport.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.leadport.export.ExportProgress;
import org.leadport.export.ExportSpec;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;

/**
 * Runs an async export job through the one export pipeline and gzips the file (seed 000: files are
 * served with {@code Content-Encoding: gzip}). Thread-safe.
 */
public final class ExportJobHandler implements JobHandler {
  /** Compression buffer; deflate's fastest level keeps gzip from being the bottleneck. */
  private static final int BUFFER = 64 * 1024;

  private final Exporter exporter;

  public ExportJobHandler(Exporter exporter) {
    this.exporter = exporter;
  }

  @Override
  public long run(ExportJob job, OutputStream out, ExportProgress progress) throws IOException {
    ExportSpec spec = ExportSpecJson.read(job.spec());
    return exporter.export(spec, segment -> new FastGzip(out), progress);
  }

  /** gzip at {@link Deflater#BEST_SPEED}. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, BUFFER);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }
}
