package org.leadport.files;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Where export files live: written aside as an {@link Upload} and published atomically under a key,
 * so a partial file is never readable. Implementations are thread-safe.
 */
public interface FileStore {

  /** A file being written; invisible until {@link #publish()}. Not thread-safe. */
  interface Upload extends AutoCloseable {
    OutputStream stream();

    /** Makes the complete file readable under its key, atomically; returns its size. */
    long publish() throws IOException;

    /** Drops the partial file. Safe to call after publish (does nothing then). */
    @Override
    void close() throws IOException;
  }

  /** Starts writing the file that {@code key} will name once published. */
  Upload create(String key) throws IOException;

  /** Reads a published file from {@code offset}. */
  InputStream open(String key, long offset) throws IOException;

  /** The size of a published file, or -1 when there is none under the key. */
  long size(String key) throws IOException;

  void delete(String key) throws IOException;

  /**
   * Drops the unpublished upload that an earlier {@link #create} of {@code key} left behind (its
   * writer died, or lost its claim), if this store can still reach it; nothing otherwise.
   */
  void discard(String key) throws IOException;

  /** The key of part {@code n} (2, 3, …) of the file under {@code key} (docs/parts.md). */
  static String partKey(String key, int n) {
    return key + "-part-" + n;
  }

  /**
   * Removes every part of {@code key} ({@link #partKey}), published or still an upload: what a run
   * that died while publishing its parts left behind. Nothing for stores that cannot list keys.
   */
  default void deleteParts(String key) throws IOException {}

  /**
   * The last failure of this store to take a file, when no write has succeeded since: what {@code
   * /healthz} reports (docs/operations.md). Empty for stores that do not keep track.
   */
  default java.util.Optional<String> failure() {
    return java.util.Optional.empty();
  }
}
