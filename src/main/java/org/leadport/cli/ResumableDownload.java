package org.leadport.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One stored file fetched through its signed link, as the async client fetches an export's file and
 * each of its parts: a broken connection is resumed with a Range request for the rest, an expired
 * link (403) is replaced by a fresh one, and the file must end at its known size. Thread-safe as
 * long as each call has its own target.
 */
final class ResumableDownload {
  private static final int TRIES = 6;

  /** A fresh link, from a new read of the export's status. */
  @FunctionalInterface
  interface FreshLink {
    String url() throws ExportFailure, InterruptedException;
  }

  /** Receives the bytes of a download as they arrive (negative when a try starts over). */
  @FunctionalInterface
  interface Progress {
    Progress NONE = bytes -> {};

    void add(long bytes);
  }

  private final HttpClient http;
  private final PrintWriter err;

  ResumableDownload(HttpClient http, PrintWriter err) {
    this.http = http;
    this.err = err;
  }

  /**
   * Downloads {@code url} into {@code target} (replacing it) until it holds {@code size} bytes.
   *
   * @param what names the file in failures: {@code export expo_…}, {@code part 2 of export expo_…}
   * @param label starts the line that says a broken download is resumed
   */
  void fetch(
      String what,
      String label,
      String url,
      FreshLink fresh,
      Path target,
      long size,
      Progress progress)
      throws ExportFailure, InterruptedException, IOException {
    String link = url;
    Files.deleteIfExists(target);
    for (int i = 0; i < TRIES && (!Files.exists(target) || Files.size(target) < size); i++) {
      long have = Files.exists(target) ? Files.size(target) : 0;
      HttpRequest.Builder get = HttpRequest.newBuilder(URI.create(link)).GET();
      if (have > 0) {
        get.header("Range", "bytes=" + have + "-");
      }
      try {
        HttpResponse<InputStream> r =
            http.send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = r.body()) {
          if (r.statusCode() == 403) {
            link = fresh.url();
            continue;
          }
          if (r.statusCode() != 200 && r.statusCode() != 206) {
            throw new ExportFailure("download of " + what + " answered HTTP " + r.statusCode());
          }
          boolean append = r.statusCode() == 206;
          if (!append) {
            progress.add(-have);
          }
          try (OutputStream out =
              Files.newOutputStream(
                  target,
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE,
                  append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
              out.write(buffer, 0, n);
              progress.add(n);
            }
          }
        }
      } catch (IOException e) {
        // A broken connection: the next try asks for the rest.
        err.println(label + " interrupted (" + e.getMessage() + "); resuming");
        err.flush();
        Thread.sleep(500L << i);
      }
    }
    if (!Files.exists(target) || Files.size(target) != size) {
      throw new ExportFailure("could not download " + what + " completely");
    }
  }
}
