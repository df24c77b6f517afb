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
  /** Opens a part's writer over the part's stream, its header written. */
  @FunctionalInterface
  interface Opener<W> {
    W open(OutputStream out) throws IOException;
  }

  /**
   * One step of a part's writer: {@code finish} (its footer, its last buffered bytes), {@code
   * close}.
   */
  @FunctionalInterface
  interface Step<W> {
    void on(W writer) throws IOException;
  }

  /** The rows' parts: each part a {@link RowWriter} of the format, begun with the columns. */
  static PartSplitter<RowWriter> rows(
      Opener<RowWriter> open, long perPart, PartedRowWriter.Parts parts) {
    return new PartSplitter<>(open, RowWriter::finish, RowWriter::close, perPart, parts);
  }

  /** The documents' parts: each part a {@link DocumentWriter} of the format, begun. */
  static PartSplitter<DocumentWriter> documents(
      Opener<DocumentWriter> open, long perPart, PartedRowWriter.Parts parts) {
    return new PartSplitter<>(open, DocumentWriter::finish, DocumentWriter::close, perPart, parts);
  }

  private final Opener<W> opener;
  private final Step<W> finisher;
  private final Step<W> closer;
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
  private PartSplitter(
      Opener<W> opener,
      Step<W> finisher,
      Step<W> closer,
      long perPart,
      PartedRowWriter.Parts parts) {
    if (perPart < 0) {
      throw new IllegalArgumentException("rowsPerPart must be 0 or more, was " + perPart);
    }
    this.opener = opener;
    this.finisher = finisher;
    this.closer = closer;
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

  /**
   * Releases the current part's writer, if a part is open: the export stopped before {@link
   * #finish}, so the part is incomplete and its stream goes back to {@link
   * PartedRowWriter.Parts#abandoned} unclosed. Closing it would end the part: a store publishes a
   * part whose stream closes, and a compressed part's stream writes its trailer on close, so a
   * half-written part would look whole.
   */
  void close() throws IOException {
    W w = current;
    OutputStream o = currentOut;
    if (w == null || o == null) {
      return;
    }
    current = null;
    currentOut = null;
    try {
      closer.on(w);
    } finally {
      parts.abandoned(part, o);
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

  /** Completes the current part: its writer's last bytes, its count, then its stream closed. */
  private void end() throws IOException {
    W w = current();
    OutputStream o = currentOut;
    finisher.on(w);
    parts.ended(part, inPart);
    current = null;
    currentOut = null;
    try (o) {
      closer.on(w);
    }
  }

  private void next() throws IOException {
    part++;
    OutputStream o = parts.open(part);
    currentOut = o;
    current = opener.open(o);
    inPart = 0;
  }
}
