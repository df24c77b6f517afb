package org.leadport.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Splits an RFC 4180 byte stream into records (a line feed outside quotes ends one; UTF-8 never
 * puts {@code "} or LF inside a multi-byte character), passes the body through, keeps or drops the
 * header row and digests it, and notices a stream that stops in the middle of a record.
 */
class CsvRecordScanner {
  private final boolean keepHeader;
  private final MessageDigest header;
  private boolean inHeader = true;
  private boolean quoted;
  private boolean open;
  private long records;

  CsvRecordScanner(boolean keepHeader) {
    this.keepHeader = keepHeader;
    try {
      this.header = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  void accept(byte[] b, int length, OutputStream out) throws IOException {
    int start = 0;
    for (int i = 0; i < length; i++) {
      byte c = b[i];
      if (c == '"') {
        quoted = !quoted;
        open = true;
      } else if (c == '\n' && !quoted) {
        open = false;
        if (inHeader) {
          inHeader = false;
          header.update(b, start, i + 1 - start);
          if (keepHeader) {
            out.write(b, start, i + 1 - start);
          }
          start = i + 1;
        } else {
          records++;
        }
      } else {
        open = true;
      }
    }
    if (inHeader) {
      header.update(b, start, length - start);
      if (keepHeader) {
        out.write(b, start, length - start);
      }
    } else {
      out.write(b, start, length - start);
    }
  }

  /** Fails when the stream ended before its header ended or inside a record. */
  void finish() throws IOException {
    if (inHeader) {
      throw new IOException("the response ended before its header row was complete");
    }
    if (quoted || open) {
      throw new IOException("the response ended in the middle of a row");
    }
  }

  long records() {
    return records;
  }

  String headerDigest() {
    return HexFormat.of().formatHex(header.digest());
  }
}
