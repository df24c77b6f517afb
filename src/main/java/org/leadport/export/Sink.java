package org.leadport.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where an export's bytes go: an HTTP response or a file. Opened once the segment is planned, so a
 * sink can announce truncation and cursors (headers) before the body.
 */
public interface Sink {
  OutputStream open(Segment segment) throws IOException;
}
