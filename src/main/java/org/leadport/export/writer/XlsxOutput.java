package org.leadport.export.writer;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import org.leadport.LeadportException;

/**
 * The caller's stream under an XLSX writer, never closed, counting bytes against the ZIP writer's
 * limit: fastexcel's ZIP writer (opczip) has 32-bit offsets, so a larger file would be corrupt.
 */
final class XlsxOutput extends FilterOutputStream {
  private final long max;
  private long written;

  XlsxOutput(OutputStream out, long max) {
    super(out);
    this.max = max;
  }

  @Override
  public void write(int b) throws IOException {
    count(1);
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    count(len);
    out.write(b, off, len);
  }

  private void count(int n) {
    written += n;
    if (written > max) {
      throw new LeadportException(
          400,
          "too_large_for_xlsx",
          "An XLSX export can be at most "
              + String.format(Locale.ROOT, "%,d", max)
              + " bytes; this one is larger. Export fewer rows, or use CSV or JSON.");
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }
}
