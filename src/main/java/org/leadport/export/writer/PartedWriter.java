package org.leadport.export.writer;

import java.io.IOException;

/**
 * What {@link PartedRowWriter} and {@link PartedDocumentWriter} share: a {@link PartSplitter} that
 * holds the rollover, and the ends of the writer, which are the splitter's. Not thread-safe.
 *
 * @param <W> the format's writer of one part
 */
abstract class PartedWriter<W> {
  /** The parts: each item asks it for the writer of its part ({@link PartSplitter#advance}). */
  final PartSplitter<W> parts;

  PartedWriter(PartSplitter<W> parts) {
    this.parts = parts;
  }

  /** Ends the last part and completes whatever holds the parts. */
  public void finish() throws IOException {
    parts.finish();
  }

  /** Abandons the part being written, if the export stopped before {@link #finish}. */
  public void close() throws IOException {
    parts.close();
  }
}
