package org.leadport.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.leadport.LeadportException;

/**
 * Files in a local directory; uploads go to {@code .partial/} and are renamed into place, which is
 * atomic on one file system. Thread-safe.
 */
public final class LocalFileStore implements FileStore {
  private final Path root;
  private final Path partial;

  /** Partial files older than this belong to a process that died; no export runs this long. */
  static final java.time.Duration ABANDONED = java.time.Duration.ofDays(1);

  public LocalFileStore(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.partial = this.root.resolve(".partial");
    Files.createDirectories(partial);
    removeAbandoned();
  }

  /** Deletes partial files left by killed processes, so crashes do not fill the disk. */
  private void removeAbandoned() throws IOException {
    java.nio.file.attribute.FileTime cutoff =
        java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(ABANDONED));
    try (var files = Files.list(partial)) {
      for (Path p : files.toList()) {
        if (Files.getLastModifiedTime(p).compareTo(cutoff) < 0) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  @Override
  public Upload create(String key) throws IOException {
    Path target = resolve(key);
    // Named after the key (unique per attempt), so a takeover can find a dead attempt's upload.
    Path temp = partialOf(key);
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 256 * 1024);
    return new Upload() {
      private boolean published;

      @Override
      public OutputStream stream() {
        return out;
      }

      @Override
      public long publish() throws IOException {
        out.close();
        Files.createDirectories(target.getParent());
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        published = true;
        return Files.size(target);
      }

      @Override
      public void close() throws IOException {
        if (!published) {
          out.close();
          Files.deleteIfExists(temp);
        }
      }
    };
  }

  @Override
  public InputStream open(String key, long offset) throws IOException {
    FileChannel ch = FileChannel.open(resolve(key), StandardOpenOption.READ);
    ch.position(offset);
    return Channels.newInputStream(ch);
  }

  @Override
  public long size(String key) throws IOException {
    Path p = resolve(key);
    return Files.exists(p) ? Files.size(p) : -1;
  }

  @Override
  public void delete(String key) throws IOException {
    Files.deleteIfExists(resolve(key));
  }

  @Override
  public void discard(String key) throws IOException {
    Files.deleteIfExists(partialOf(key));
  }

  @Override
  public void deleteParts(String key) throws IOException {
    Path file = resolve(key);
    String published = file.getFileName() + "-part-";
    String unpublished =
        partialOf(key).getFileName().toString().replaceFirst("\\.part$", "") + "-part-";
    // A resolved key is below the root, so it has a parent.
    deleteStartingWith(java.util.Objects.requireNonNull(file.getParent()), published);
    deleteStartingWith(partial, unpublished);
  }

  private static void deleteStartingWith(Path dir, String prefix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) {
        if (p.getFileName().toString().startsWith(prefix) && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * The partial file of {@code key}'s upload: the key with every character outside {@code
   * [A-Za-z0-9._-]} replaced, so one key always names the same file and a takeover can remove the
   * upload of the attempt it replaces (keys hold the job id and the attempt's fencing token).
   */
  private Path partialOf(String key) {
    resolve(key);
    return partial.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + ".part");
  }

  /** Keys are ours, but a key must still never reach outside the root. */
  private Path resolve(String key) {
    Path p = root.resolve(key).normalize();
    if (!p.startsWith(root) || p.startsWith(partial) || key.isEmpty()) {
      throw new LeadportException(500, "internal_error", "Refused file key " + key);
    }
    return p;
  }
}
