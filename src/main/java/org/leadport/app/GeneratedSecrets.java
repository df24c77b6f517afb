package org.leadport.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The admin token and signing secret a server keeps in its data dir when the environment gives none
 * ({@code LEADPORT_ADMIN_TOKEN}, {@code LEADPORT_SECRET}): generated at the first start, readable
 * by the owner only, and read back at every later one. Stateless.
 */
final class GeneratedSecrets {
  private GeneratedSecrets() {}

  /**
   * The text of {@code file}, trimmed; when there is no such file, {@code prefix} and 32 random
   * bytes in hex, written to it (mode 0600) first.
   */
  static String readOrCreate(Path file, String prefix) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file).trim();
      }
      byte[] bytes = new byte[32];
      new SecureRandom().nextBytes(bytes);
      String value = prefix + HexFormat.of().formatHex(bytes);
      // Created with mode 0600 from the start, so the secret is never readable by others.
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, value + "\n");
      return value;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
