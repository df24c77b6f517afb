package org.leadport.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Replaces a small file atomically: the text goes to a temporary sibling, is synced to disk, and is
 * renamed over the file, so a crash leaves the old content or the new, never part of either.
 */
final class AtomicFile {
  private AtomicFile() {}

  static void replace(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    // A stream, not a FileChannel: a channel is closed by an interrupt (Ctrl-C stopping a follow)
    // that lands during the write, failing the save of a position already printed. A stream's
    // write completes, and the interrupt is seen by the next wait instead.
    try (FileOutputStream out = new FileOutputStream(tmp.toFile())) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
      out.getFD().sync();
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
