package org.leadport.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * How an async export's file is packaged for download: gzip-encoded (Close), the plain file, zipped
 * when it is a CSV over {@code zipOverBytes} or split into files of {@code rowsPerFile} rows
 * (HubSpot), or a compressed file the client asked for ({@code .gz} or {@code .zst}).
 *
 * @param name the download name without extension, or null for the default
 * @param zipOverBytes a CSV larger than this is zipped; 0 never zips on size
 * @param rowsPerFile rows per file before the export is split into several inside a zip; 0 never
 */
public record Delivery(
    Packaging packaging, @Nullable String name, long zipOverBytes, long rowsPerFile) {
  /** The ways of packaging; stored with a job by name, so a name never changes. */
  public enum Packaging {
    /** One file, stored gzipped and served with {@code Content-Encoding: gzip} (Close's). */
    GZIP,
    PLAIN_OR_ZIP,
    /**
     * One file compressed as a file of its own, {@code leads.csv.gz} ({@code application/gzip}):
     * served as it is stored, never with a {@code Content-Encoding}, so every client saves the same
     * bytes (docs/parquet.md, "Compressed downloads").
     */
    GZIP_FILE,
    /** As {@link #GZIP_FILE} in Zstandard: {@code leads.csv.zst} ({@code application/zstd}). */
    ZSTD_FILE
  }

  /**
   * The largest {@code zipOverBytes} a file is held in memory for: a file is held up to that size
   * before it is known whether it will be zipped (docs/hubspot-exports.md), and a node's job
   * threads must fit a small heap together. Above it, a file is zipped once it crosses this size.
   */
  public static final long MAX_HELD_BYTES = 16L * 1024 * 1024;

  /** Close's way: one file, served with {@code Content-Encoding: gzip}. */
  public static final Delivery GZIP = new Delivery(Packaging.GZIP, null, 0, 0);

  public Delivery {
    Objects.requireNonNull(packaging, "packaging");
    if (zipOverBytes < 0 || rowsPerFile < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
  }

  ObjectNode toJson() {
    return Json.object()
        .put("packaging", packaging.name())
        .put("name", name)
        .put("zip_over_bytes", zipOverBytes)
        .put("rows_per_file", rowsPerFile);
  }

  /** The plain file, as it is: no zip, no compression. */
  public static Delivery plain(@Nullable String name) {
    return new Delivery(Packaging.PLAIN_OR_ZIP, name, 0, 0);
  }

  /** The delivery stored with a job; jobs stored without one are gzip. */
  static Delivery of(JsonNode spec) {
    JsonNode d = spec.get("delivery");
    if (d == null || d.isNull()) {
      return GZIP;
    }
    return new Delivery(
        Packaging.valueOf(d.path("packaging").asText().toUpperCase(Locale.ROOT)),
        d.path("name").isTextual() ? d.get("name").asText() : null,
        d.path("zip_over_bytes").asLong(),
        d.path("rows_per_file").asLong());
  }
}
