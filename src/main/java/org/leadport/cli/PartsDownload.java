package org.leadport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Downloads an export published as parts (docs/parts.md): at most {@code parallel} parts at once,
 * each resumed with a Range request after a broken connection and fetched again from a fresh link
 * when its link expired, each checked against its SHA-256 (a mismatch fails the run, naming the
 * part, and nothing is presented as complete). Then the parts are joined into the one output file
 * when the format allows it honestly (CSV: part 1 and the rows of the others, whose header is the
 * same; NDJSON: one after the other), or kept in a directory (always for JSON, XLSX and Parquet,
 * and with {@code --keep-parts}). Used by one run.
 */
final class PartsDownload {
  /** Reads the export's status again, for fresh part links. */
  @FunctionalInterface
  interface Status {
    JsonNode read() throws ExportFailure, InterruptedException;
  }

  private final HttpClient http;
  private final PrintWriter err;
  private final int parallel;
  private final boolean keepParts;

  PartsDownload(HttpClient http, PrintWriter err, int parallel, boolean keepParts) {
    if (parallel < 1) {
      throw new IllegalArgumentException("--parallel must be at least 1");
    }
    this.http = http;
    this.err = err;
    this.parallel = parallel;
    this.keepParts = keepParts;
  }

  /** One part as the manifest lists it. */
  private record Part(int n, long rows, long bytes, String sha256, String name) {
    static Part of(JsonNode p) {
      String url = p.path("url").asText();
      String path = URI.create(url).getPath();
      return new Part(
          p.path("part").asInt(),
          p.path("rows").asLong(),
          p.path("bytes").asLong(),
          p.path("sha256").asText(),
          path.substring(path.lastIndexOf('/') + 1));
    }
  }

  /**
   * Downloads, checks and joins (or keeps) the parts of export {@code id} whose status is {@code
   * job}; returns where they are: {@code output}, or the directory of the parts.
   *
   * @param gzip whether the stored parts are gzip-encoded (Close's are)
   */
  Path run(
      String id,
      JsonNode job,
      String format,
      boolean gzip,
      Path output,
      Status status,
      boolean show)
      throws ExportFailure, InterruptedException {
    List<Part> parts = new ArrayList<>();
    job.path("manifest").path("parts").forEach(p -> parts.add(Part.of(p)));
    long total = job.path("manifest").path("total").path("bytes").asLong();
    Path dir = partsDir(output);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new ExportFailure("cannot create " + dir + ": " + e.getMessage());
    }
    AtomicLong done = new AtomicLong();
    try (ProgressBarLine bar = new ProgressBarLine(show, 0, "Downloading", " B");
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, parts.size()))) {
      bar.max(total);
      bar.message(" - " + parts.size() + " parts");
      List<Future<Path>> fetches = new ArrayList<>();
      for (Part p : parts) {
        fetches.add(
            pool.submit(() -> {
              Path stored =
                  fetch(
                      id,
                      p,
                      url(job, p.n()),
                      dir,
                      status,
                      bytes -> {
                        long at = done.addAndGet(bytes);
                        synchronized (bar) {
                          bar.at(at);
                        }
                      });
              return decoded(stored, dir.resolve(p.name()), gzip);
            }));
      }
      for (Future<Path> f : fetches) {
        try {
          f.get();
        } catch (ExecutionException e) {
          pool.shutdownNow();
          if (e.getCause() instanceof ExportFailure failure) {
            throw failure;
          }
          throw new ExportFailure("download of export " + id + " failed: " + e.getCause());
        }
      }
    }
    long rows = parts.stream().mapToLong(Part::rows).sum();
    boolean joinable = format.equals("csv") || format.equals("jsonl");
    if (keepParts || !joinable) {
      err.println(
          "Exported "
              + rows
              + " rows in "
              + parts.size()
              + " parts to "
              + dir
              + " (export "
              + id
              + "); every part's SHA-256 matches");
      err.flush();
      return dir;
    }
    join(parts, dir, output, format.equals("csv"));
    err.println(
        "Exported "
            + rows
            + " rows to "
            + output
            + " (export "
            + id
            + ", "
            + parts.size()
            + " parts, every SHA-256 matches)");
    err.flush();
    return output;
  }

  /** Where the parts of {@code output} go: {@code leads.csv} keeps them in {@code leads-parts/}. */
  static Path partsDir(Path output) {
    String name = output.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return output.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + "-parts");
  }

  /**
   * Downloads part {@code p} as it is stored into {@code dir}, resuming from what is there, and
   * checks its size and SHA-256; returns the stored file.
   */
  private Path fetch(
      String id, Part p, String link, Path dir, Status status, ResumableDownload.Progress progress)
      throws ExportFailure, InterruptedException, IOException {
    Path stored = dir.resolve(p.name() + ".download");
    String what = "part " + p.n() + " of export " + id;
    new ResumableDownload(http, err)
        .fetch(
            what,
            "download of part " + p.n(),
            link,
            () -> url(status.read(), p.n()),
            stored,
            p.bytes(),
            progress);
    String sha = AsyncExportClient.sha256(stored);
    if (!sha.equals(p.sha256())) {
      Files.delete(stored);
      throw new ExportFailure(
          what
              + " does not match its SHA-256 (expected "
              + p.sha256()
              + ", downloaded "
              + sha
              + "); nothing was written; run the export again");
    }
    return stored;
  }

  /** Part {@code n}'s link in a status. */
  private static String url(JsonNode job, int n) throws ExportFailure {
    for (JsonNode p : job.path("manifest").path("parts")) {
      if (p.path("part").asInt() == n) {
        return p.path("url").asText();
      }
    }
    throw new ExportFailure("the export's manifest no longer lists part " + n);
  }

  /** The part's content as a file of the format: the stored bytes decoded when gzip. */
  private static Path decoded(Path stored, Path target, boolean gzip) throws IOException {
    if (!gzip) {
      Files.move(stored, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(stored), 64 * 1024);
        OutputStream out = Files.newOutputStream(target)) {
      in.transferTo(out);
    }
    Files.delete(stored);
    return target;
  }

  /**
   * Joins the parts into {@code output}, written aside and moved into place: a CSV part's header is
   * checked to be part 1's and left out.
   */
  private static void join(List<Part> parts, Path dir, Path output, boolean csv)
      throws ExportFailure {
    Path temp = output.resolveSibling(output.getFileName() + ".tmp");
    byte[] header = null;
    try (OutputStream out = Files.newOutputStream(temp)) {
      for (Part p : parts) {
        try (InputStream in =
            new BufferedInputStream(Files.newInputStream(dir.resolve(p.name())))) {
          if (csv) {
            byte[] own = firstLine(in);
            if (header == null) {
              header = own;
              out.write(own);
            } else if (!Arrays.equals(own, header)) {
              throw new ExportFailure(
                  "part " + p.n() + " has another header than part 1; its parts are in " + dir);
            }
          }
          in.transferTo(out);
        }
      }
    } catch (IOException e) {
      throw new ExportFailure("cannot write " + output + ": " + e.getMessage());
    }
    try {
      Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      for (Part p : parts) {
        Files.delete(dir.resolve(p.name()));
      }
      Files.delete(dir);
    } catch (IOException e) {
      throw new ExportFailure("cannot write " + output + ": " + e.getMessage());
    }
  }

  /** The bytes up to and with the first LF: a header row (labels hold no line breaks). */
  private static byte[] firstLine(InputStream in) throws IOException {
    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
    for (int b = in.read(); b >= 0; b = in.read()) {
      line.write(b);
      if (b == '\n') {
        break;
      }
    }
    return line.toByteArray();
  }
}
