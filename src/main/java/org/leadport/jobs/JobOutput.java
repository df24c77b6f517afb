package org.leadport.jobs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where a {@link JobHandler} writes: the job's file, as this stream, and, for an export published
 * in parts (docs/parts.md), the files of its further parts, each opened in the store with {@link
 * #part} and streamed straight in (no temporary file). The job's file is its part 1. A part's
 * stream publishes the part when it is closed, so only the part being written holds memory (an S3
 * upload's buffer); parts of a run that does not succeed are deleted by the worker. Used by the
 * run's thread only.
 */
public final class JobOutput extends OutputStream {
  /** Opens the store file of a further part; closing the stream publishes it. */
  @FunctionalInterface
  interface PartStore {
    OutputStream open(int n) throws IOException;
  }

  private final OutputStream file;
  private final PartStore store;
  private final Map<Integer, Long> rows = new TreeMap<>();

  JobOutput(OutputStream file, PartStore store) {
    this.file = file;
    this.store = store;
  }

  /** A job output whose handler writes one file only: opening a part is refused. */
  static JobOutput oneFile(OutputStream file) {
    return new JobOutput(
        file,
        n -> {
          throw new IllegalStateException("this job writes one file, not part " + n);
        });
  }

  @Override
  public void write(int b) throws IOException {
    file.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    file.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    file.flush();
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  /**
   * Opens part {@code n} (2, 3, …, in order) in the store; part 1 is this stream. Closing the
   * returned stream completes and publishes the part.
   */
  public OutputStream part(int n) throws IOException {
    if (n != rows.size() + 1 || n < 2) {
      throw new IllegalStateException("part " + n + " after " + rows.size() + " parts");
    }
    return store.open(n);
  }

  /** Records that part {@code n} is complete with {@code count} rows. */
  public void rows(int n, long count) {
    if (n != rows.size() + 1) {
      throw new IllegalStateException("part " + n + " ended after " + rows.size() + " parts");
    }
    rows.put(n, count);
  }

  /** The rows of each part the handler reported, by part number; empty when it reported none. */
  Map<Integer, Long> partRows() {
    return Map.copyOf(rows);
  }
}
