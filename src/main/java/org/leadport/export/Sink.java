package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an export's bytes go: an HTTP response or a file. Opened once the segment is planned, so a
 * sink can announce truncation and cursors (headers) before the body. A sink may ask for the rows
 * to be split into several files of at most {@link #rowsPerPart()} rows, each with the header.
 */
public interface Sink {
  OutputStream open(Segment segment) throws IOException;

  /** Rows per file when the export is split into several files; 0 (the default) for one file. */
  default long rowsPerPart() {
    return 0;
  }

  /** The stream of part {@code n} (2, 3, …) of a split export; the writer closes it. */
  default OutputStream openPart(int n) throws IOException {
    throw new IllegalStateException("this sink takes one file");
  }
}
