package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import org.jspecify.annotations.Nullable;

/**
 * The bookkeeping of a writer that splits its items (rows, documents) into parts: counts the items
 * of the current part and, before an item that would overfill it (by {@code perPart} items, or when
 * {@link PartedRowWriter.Parts#full()} says so), ends it and opens the next through a fresh writer
 * of the format. {@link PartedRowWriter} and {@link PartedDocumentWriter} are this over their
 * writer kinds. Not thread-safe.
 *
 * @param <W> the format's writer of one part
 */
final class PartSplitter<W> {
  /** How a part's writer is opened over its stream (header written) and ended. */
  interface Kind<W> {
    W open(OutputStream out) throws IOException;

    /** Completes the part's file: its footer, its last buffered bytes. */
    void finish(W writer) throws IOException;

    /** Releases the writer; its stream is closed after. */
    void close(W writer) throws IOException;
  }

  private final Kind<W> kind;
  private final long perPart;
  private final PartedRowWriter.Parts parts;

  /** The current part's writer and stream: null before the first part and between parts. */
  private @Nullable W current;

  private @Nullable OutputStream currentOut;
  private int part;
  private long inPart;

  /**
   * @param perPart items per part; 0 for one part however many items come
   */
  PartSplitter(Kind<W> kind, long perPart, PartedRowWriter.Parts parts) {
    if (perPart < 0) {
      throw new IllegalArgumentException("rowsPerPart must be 0 or more, was " + perPart);
    }
    this.kind = kind;
    this.perPart = perPart;
    this.parts = parts;
  }

  /** Opens part 1, so that even an export of no items is one whole file. */
  void begin() throws IOException {
    next();
  }

  /**
   * Counts the item about to be written, after starting the next part when this one is full.
   *
   * @return the writer of the item's part
   */
  W advance() throws IOException {
    if ((inPart == perPart && perPart > 0) || (inPart > 0 && parts.full())) {
      end();
      next();
    }
    inPart++;
    return current();
  }

  /** Ends the last part and completes whatever holds the parts. */
  void finish() throws IOException {
    end();
    parts.finish();
  }

  /** Closes the current writer and its part's stream, if one is open. */
  void close() throws IOException {
    if (current == null) {
      return;
    }
    W w = current;
    OutputStream o = currentOut;
    current = null;
    currentOut = null;
    try (o) {
      kind.close(w);
    }
  }

  /** The current part's writer; there is one from {@link #begin} until {@link #close}. */
  W current() {
    W w = current;
    if (w == null) {
      throw new IllegalStateException("no part is open: begin() first, and not after close()");
    }
    return w;
  }

  private void end() throws IOException {
    kind.finish(current());
    parts.ended(part, inPart);
    close();
  }

  private void next() throws IOException {
    part++;
    OutputStream o = parts.open(part);
    currentOut = o;
    current = kind.open(o);
    inPart = 0;
  }
}
