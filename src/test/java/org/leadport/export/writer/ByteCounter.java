package org.leadport.export.writer;

import java.io.OutputStream;

/** Counts the bytes a writer produces and drops them, as a fast network would. Not thread-safe. */
final class ByteCounter extends OutputStream {
  long bytes;

  @Override
  public void write(int b) {
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    bytes += len;
  }
}
