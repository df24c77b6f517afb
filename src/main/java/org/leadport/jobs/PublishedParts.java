package org.leadport.jobs;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.leadport.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The further parts of one run of a job (docs/parts.md): each streamed into its own store file
 * through a {@link DigestingStream}, which counts its bytes and hashes them as they pass, and
 * published when its stream closes, so at most one part's upload is open at a time (constant heap,
 * one S3 multipart upload per part). A run that does not succeed deletes them all. Used by the
 * run's thread only.
 */
final class PublishedParts {
  private static final Logger LOG = LoggerFactory.getLogger(JobWorker.class);

  /** A published further part: where it is, its size and checksum. */
  private record Stored(int n, String key, long bytes, String sha256) {}

  private final FileStore files;
  private final String key;
  private final List<Stored> published = new ArrayList<>();
  private FileStore.@Nullable Upload open;

  /**
   * @param key the key of the run's file, its part 1; further parts are {@link FileStore#partKey}
   */
  PublishedParts(FileStore files, String key) {
    this.files = files;
    this.key = key;
  }

  /** Opens part {@code n} in the store; closing the stream publishes it. */
  OutputStream open(int n) throws IOException {
    if (open != null) {
      throw new IllegalStateException("part " + n + " opened before the one before it closed");
    }
    String partKey = FileStore.partKey(key, n);
    FileStore.Upload upload = files.create(partKey);
    open = upload;
    DigestingStream stream = new DigestingStream(upload.stream());
    return new FilterOutputStream(stream) {
      private boolean closed;

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try (upload) {
          stream.close();
          long size = upload.publish();
          published.add(new Stored(n, partKey, size, stream.sha256Hex()));
        } finally {
          open = null;
        }
      }
    };
  }

  /**
   * Every part of the run once its file (part 1) is published: empty when the export came out as
   * one file.
   *
   * @param rows the rows of each part, as the handler reported them
   * @param file how the job's file is served, whose name the parts' names derive from
   */
  List<JobPart> all(
      Map<Integer, Long> rows,
      long size,
      String sha256,
      JobHandler.@Nullable FileInfo file,
      ExportJob job) {
    if (published.isEmpty()) {
      return List.of();
    }
    // The counts match (checked here), so no part's rows default.
    if (rows.size() != published.size() + 1) {
      throw new IllegalStateException(
          "the handler reported " + rows.size() + " parts and wrote " + (published.size() + 1));
    }
    String name = file != null ? file.name() : DownloadLinks.fileName(job);
    List<JobPart> all = new ArrayList<>();
    all.add(
        new JobPart(
            1, rows.getOrDefault(1, 0L), size, sha256, key, DownloadLinks.partName(name, 1)));
    for (Stored s : published) {
      all.add(
          new JobPart(
              s.n(),
              rows.getOrDefault(s.n(), 0L),
              s.bytes(),
              s.sha256(),
              s.key(),
              DownloadLinks.partName(name, s.n())));
    }
    return List.copyOf(all);
  }

  /** Drops the part being written and deletes the published ones: the run did not succeed. */
  void deleteAll() {
    try {
      FileStore.Upload upload = open;
      if (upload != null) {
        open = null;
        upload.close();
      }
      for (Stored s : published) {
        files.delete(s.key());
      }
    } catch (IOException | RuntimeException e) {
      // A later attempt's takeover deletes what is left (FileStore#deleteParts).
      LOG.warn("could not delete the parts under {}", key, e);
    }
  }
}
