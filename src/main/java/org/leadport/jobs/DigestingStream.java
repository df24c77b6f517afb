package org.leadport.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Passes bytes on to a store file and, on the way, counts them and hashes them with SHA-256, so a
 * file's size and checksum are known the moment its last byte is written, without reading it back
 * (after {@link java.security.DigestOutputStream}, which does not count). What a job's file and
 * each of its parts are written through. Not thread-safe.
 */
final class DigestingStream extends FilterOutputStream {
  private final MessageDigest sha = sha256();
  private long bytes;

  DigestingStream(OutputStream out) {
    super(out);
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
    sha.update((byte) b);
    bytes++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
    sha.update(b, off, len);
    bytes += len;
  }

  /** The bytes written so far. */
  long bytes() {
    return bytes;
  }

  /**
   * The lowercase hex SHA-256 of the bytes written; once the file is complete (it ends the digest).
   */
  String sha256Hex() {
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
