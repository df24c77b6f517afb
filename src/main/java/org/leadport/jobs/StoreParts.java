package org.leadport.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.sink.HandOff;
import org.leadport.export.sink.Segment;
import org.leadport.export.writer.DocumentField;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.FileLayout;
import org.leadport.export.writer.PartedDocumentWriter;
import org.leadport.export.writer.PartedRowWriter;
import org.leadport.export.writer.RowWriter;

/**
 * The parts layout of an async export (docs/parts.md): part 1 is written to the sink's stream (the
 * job's file, exactly as a single-file export writes it), and each further part, once the one
 * before is full by {@link PartLimits}, to a file of its own in the store ({@link JobOutput#part}),
 * encoded as the job's file is (Close's gzip), and written as the job's file is: a nested export's
 * further parts take their bytes on a thread of their own ({@link HandOff}), as the sink's stream
 * does for part 1. An export that fits one part is byte for byte the single file it always was. One
 * per export; not thread-safe.
 */
final class StoreParts implements FileLayout, PartedRowWriter.Parts {
  /** Encodes a part's stored bytes (gzip, or as they are); closing the result closes its target. */
  @FunctionalInterface
  interface Encoding {
    OutputStream wrap(OutputStream stored) throws IOException;
  }

  private final JobOutput job;
  private final PartLimits limits;
  private final Encoding encoding;
  private @Nullable OutputStream first;
  private long written;
  private int parts;

  /**
   * Whether further parts hand their bytes to a thread of their own: a nested export's sink stream
   * is a {@link HandOff} (RowSource), so its part 1 compresses and stores beside the writer; its
   * further parts must too, or from part 2 on the writer takes turns with gzip again. A flat
   * export's one file is written on the writer's thread, and so are its further parts.
   */
  private boolean handsOff;

  /** The hand-off of the part being written, while there is one. */
  private @Nullable HandedOff handedOff;

  StoreParts(JobOutput job, PartLimits limits, Encoding encoding) {
    this.job = job;
    this.limits = limits;
    this.encoding = encoding;
  }

  @Override
  public RowWriter writer(
      ExportFormat format, ExportOptions options, Segment segment, OutputStream out) {
    first = out;
    return new PartedRowWriter(format, options, limits.rows(), this);
  }

  /** Nested documents split as rows are, a part's rows its documents (docs/parts.md). */
  @Override
  public DocumentWriter documentWriter(
      ExportFormat format, List<DocumentField> shape, Segment segment, OutputStream out) {
    first = out;
    handsOff = true;
    return new PartedDocumentWriter(format, shape, limits.rows(), this);
  }

  /** Whether the export came out as more than one part. */
  boolean parted() {
    return parts > 1;
  }

  @Override
  public OutputStream open(int n) throws IOException {
    parts = n;
    written = 0;
    OutputStream sink = first;
    if (sink == null) {
      throw new IllegalStateException("the layout's writer opens parts");
    }
    // Part 1 is the sink's stream, which the export closes itself; a later part's stream ends
    // (and publishes) its part.
    OutputStream target;
    if (n == 1) {
      target = new Unclosed(sink);
    } else if (handsOff) {
      HandedOff part = new HandedOff(encoding.wrap(job.part(n)));
      handedOff = part;
      target = part;
    } else {
      target = encoding.wrap(job.part(n));
    }
    return new FilterOutputStream(target) {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
        written++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written += len;
      }
    };
  }

  @Override
  public boolean full() {
    return written >= limits.bytes();
  }

  @Override
  public void ended(int n, long rows) {
    job.rows(n, rows);
  }

  /**
   * Leaves the stopped part's stream unclosed: closing it would publish the part (and write a
   * compressed part's trailer) as if it were whole. The run that stopped drops what it wrote: part
   * 1 is the job's file, never published then, and a further part's upload is dropped with the
   * run's other parts ({@code PublishedParts#deleteAll}). A handed-off part's thread is ended
   * first, so nothing writes into the upload while the run drops it.
   */
  @Override
  public void abandoned(int n, OutputStream part) throws IOException {
    HandedOff h = handedOff;
    handedOff = null;
    if (h != null) {
      h.abandon();
    }
  }

  /**
   * A further part's stream on a thread of its own: closing it waits until the thread has written
   * every byte into the part (throwing what failed there), then closes the part, which ends it.
   */
  private static final class HandedOff extends FilterOutputStream {
    private final OutputStream part;

    HandedOff(OutputStream part) {
      super(new HandOff(part));
      this.part = part;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      // HandOff's close hands the last bytes over and leaves the part open; the part ends only
      // if every byte reached it.
      out.close();
      part.close();
    }

    /** Ends the thread, leaving the part unclosed (never ended, never published). */
    void abandon() throws IOException {
      out.close();
    }
  }

  /** The sink's stream as part 1 sees it: closing the part flushes it and leaves it open. */
  private static final class Unclosed extends FilterOutputStream {
    Unclosed(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
