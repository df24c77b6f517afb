package org.leadport.export.sink;

import java.io.IOException;
import java.io.OutputStream;
import org.leadport.export.writer.FileLayout;

/**
 * Where an export's bytes go: an HTTP response or a file. Opened once the segment is planned, so a
 * sink can announce truncation and cursors (headers) before the body. A sink only receives bytes:
 * how rows become files on its stream (one file, or parts in a zip) is the {@link FileLayout}'s.
 */
public interface Sink {
  OutputStream open(Segment segment) throws IOException;
}
