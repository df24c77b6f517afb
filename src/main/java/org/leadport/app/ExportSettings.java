package org.leadport.app;

import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.leadport.jobs.Delivery;
import org.leadport.jobs.PartLimits;

/**
 * The async export settings of a server process (part of {@link Settings}). Immutable.
 *
 * @param quota exports per workspace per rolling 24 h ({@code LEADPORT_EXPORT_QUOTA})
 * @param downloadTtl lifetime of signed download URLs ({@code LEADPORT_DOWNLOAD_TTL})
 * @param retention how long files are kept ({@code LEADPORT_EXPORT_RETENTION})
 * @param workers job threads of this process ({@code LEADPORT_WORKERS}; 0 runs none)
 * @param lease how long a claimed job is a worker's without a heartbeat ({@code
 *     LEADPORT_JOB_LEASE}); another node takes a dead worker's job over after it
 * @param storage {@code LEADPORT_STORAGE}: null for {@code <data-dir>/exports}, {@code file:<dir>}
 *     or {@code s3://bucket/prefix}
 * @param smtpUrl {@code LEADPORT_SMTP_URL}, or null to send no email
 * @param storageEnv the environment S3 storage reads (endpoint, region, credentials)
 * @param zipOverBytes HubSpot CSV files larger than this are zipped ({@code
 *     LEADPORT_HUBSPOT_ZIP_OVER_BYTES}, 2 MB; 0 never zips). A file is held in memory up to this
 *     size before it is known whether it will be zipped, so it is at most {@link
 *     #MAX_ZIP_OVER_BYTES}
 * @param rowsPerFile rows per HubSpot file before the export is split into several inside a zip
 *     ({@code LEADPORT_HUBSPOT_ROWS_PER_FILE}; 0 for the format's own: 1,000,000, or 65,535 for
 *     XLS)
 * @param resilience statement timeouts and the retries of jobs
 * @param limits what one workspace may hold and spend at once (streams, connections, rows a day)
 * @param parts above these an async export is published as parts ({@code LEADPORT_PART_ROWS},
 *     {@code LEADPORT_PART_BYTES}; docs/parts.md)
 */
public record ExportSettings(
    int quota,
    Duration downloadTtl,
    Duration retention,
    int workers,
    Duration lease,
    @Nullable String storage,
    @Nullable String smtpUrl,
    Map<String, String> storageEnv,
    long zipOverBytes,
    long rowsPerFile,
    Resilience resilience,
    TenantLimits limits,
    PartLimits parts) {

  /** HubSpot zips CSV files over 2 MB. */
  public static final long ZIP_OVER_BYTES = 2L * 1024 * 1024;

  /**
   * The largest {@code LEADPORT_HUBSPOT_ZIP_OVER_BYTES}: each running HubSpot CSV export holds its
   * file in memory up to that size ({@link Delivery#MAX_HELD_BYTES}). A larger setting once held a
   * whole 1,000,000-row file in a 256 MB heap.
   */
  public static final long MAX_ZIP_OVER_BYTES = Delivery.MAX_HELD_BYTES;

  public ExportSettings {
    if (zipOverBytes < 0 || zipOverBytes > MAX_ZIP_OVER_BYTES) {
      throw new IllegalArgumentException(
          "LEADPORT_HUBSPOT_ZIP_OVER_BYTES must be 0 (never zip) or 1 to "
              + MAX_ZIP_OVER_BYTES
              + " bytes, since a file is held in memory up to it: "
              + zipOverBytes);
    }
    if (rowsPerFile < 0) {
      throw new IllegalArgumentException("LEADPORT_HUBSPOT_ROWS_PER_FILE must be 0 or more");
    }
    if (quota < 1) {
      throw new IllegalArgumentException("LEADPORT_EXPORT_QUOTA must be at least 1");
    }
    positive(downloadTtl, "LEADPORT_DOWNLOAD_TTL");
    positive(retention, "LEADPORT_EXPORT_RETENTION");
    positive(lease, "LEADPORT_JOB_LEASE");
    if (workers < 0) {
      throw new IllegalArgumentException("LEADPORT_WORKERS must be 0 or more");
    }
    storageEnv = Map.copyOf(storageEnv);
    java.util.Objects.requireNonNull(resilience, "resilience");
    java.util.Objects.requireNonNull(limits, "limits");
    java.util.Objects.requireNonNull(parts, "parts");
  }

  /** The defaults of PRODUCT §1, with no email and local storage. */
  public static ExportSettings defaults() {
    return new ExportSettings(
        30,
        Duration.ofMinutes(5),
        Duration.ofDays(7),
        2,
        Duration.ofSeconds(30),
        null,
        null,
        Map.of(),
        ZIP_OVER_BYTES,
        0,
        Resilience.defaults(),
        TenantLimits.defaults(),
        PartLimits.DEFAULTS);
  }

  public ExportSettings withQuota(int q) {
    return toBuilder().quota(q).build();
  }

  public ExportSettings withDownloadTtl(Duration t) {
    return toBuilder().downloadTtl(t).build();
  }

  public ExportSettings withWorkers(int w, Duration l) {
    return toBuilder().workers(w).lease(l).build();
  }

  public ExportSettings withStorage(@Nullable String s, Map<String, String> env) {
    return toBuilder().storage(s).storageEnv(env).build();
  }

  public ExportSettings withHubSpotFiles(long zipOver, long rows) {
    return toBuilder().zipOverBytes(zipOver).rowsPerFile(rows).build();
  }

  /** Parts of at most {@code rows} rows or, at the next row, {@code bytes} bytes. */
  public ExportSettings withParts(long rows, long bytes) {
    return toBuilder().parts(new PartLimits(rows, bytes)).build();
  }

  public ExportSettings withSmtpUrl(@Nullable String url) {
    return toBuilder().smtpUrl(url).build();
  }

  public ExportSettings withRetention(Duration r) {
    return toBuilder().retention(r).build();
  }

  public ExportSettings withResilience(Resilience r) {
    return toBuilder().resilience(r).build();
  }

  public ExportSettings withLimits(java.util.function.UnaryOperator<TenantLimits> change) {
    return toBuilder().limits(change.apply(limits)).build();
  }

  Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy of the settings with some changed; validated again by {@link #build()}. */
  static final class Builder {
    private int quota;
    private Duration downloadTtl;
    private Duration retention;
    private int workers;
    private Duration lease;
    private @Nullable String storage;
    private @Nullable String smtpUrl;
    private Map<String, String> storageEnv;
    private long zipOverBytes;
    private long rowsPerFile;
    private Resilience resilience;
    private TenantLimits limits;
    private PartLimits parts;

    private Builder(ExportSettings s) {
      quota = s.quota;
      downloadTtl = s.downloadTtl;
      retention = s.retention;
      workers = s.workers;
      lease = s.lease;
      storage = s.storage;
      smtpUrl = s.smtpUrl;
      storageEnv = s.storageEnv;
      zipOverBytes = s.zipOverBytes;
      rowsPerFile = s.rowsPerFile;
      resilience = s.resilience;
      limits = s.limits;
      parts = s.parts;
    }

    Builder quota(int v) {
      quota = v;
      return this;
    }

    Builder downloadTtl(Duration v) {
      downloadTtl = v;
      return this;
    }

    Builder retention(Duration v) {
      retention = v;
      return this;
    }

    Builder workers(int v) {
      workers = v;
      return this;
    }

    Builder lease(Duration v) {
      lease = v;
      return this;
    }

    Builder storage(@Nullable String v) {
      storage = v;
      return this;
    }

    Builder smtpUrl(@Nullable String v) {
      smtpUrl = v;
      return this;
    }

    Builder storageEnv(Map<String, String> v) {
      storageEnv = v;
      return this;
    }

    Builder zipOverBytes(long v) {
      zipOverBytes = v;
      return this;
    }

    Builder rowsPerFile(long v) {
      rowsPerFile = v;
      return this;
    }

    Builder resilience(Resilience v) {
      resilience = v;
      return this;
    }

    Builder limits(TenantLimits v) {
      limits = v;
      return this;
    }

    Builder parts(PartLimits v) {
      parts = v;
      return this;
    }

    ExportSettings build() {
      return new ExportSettings(
          quota,
          downloadTtl,
          retention,
          workers,
          lease,
          storage,
          smtpUrl,
          storageEnv,
          zipOverBytes,
          rowsPerFile,
          resilience,
          limits,
          parts);
    }
  }

  private static void positive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration");
    }
  }
}
