package org.leadport.jobs;

import java.time.Duration;
import java.util.Locale;
import org.leadport.export.ExportFormat;
import org.leadport.files.DownloadSigner;

/**
 * Mints the signed download links of finished exports: {@code
 * <base>/downloads/<job>/<file>?expires=…&signature=…}, valid for the configured time and usable
 * without an API key. Every call mints a fresh link. Thread-safe.
 */
public final class DownloadLinks {
  /** Where download paths start. */
  public static final String PREFIX = "/downloads/";

  private final DownloadSigner signer;
  private final Duration ttl;
  private final String publicUrl;

  /**
   * @param publicUrl base of links (LEADPORT_PUBLIC_URL), or null to use the caller's
   */
  public DownloadLinks(DownloadSigner signer, Duration ttl, String publicUrl) {
    this.signer = signer;
    this.ttl = ttl;
    this.publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
  }

  /**
   * A fresh link to the job's file, or null while it has none.
   *
   * @param base the base URL the caller reached us at, used unless a public URL is configured
   */
  public String link(String base, ExportJob job) {
    if (!job.downloadable()) {
      return null;
    }
    String path = path(job);
    return (publicUrl != null ? publicUrl : stripSlash(base))
        + path
        + "?"
        + signer.sign("GET", path, job.id(), job.workspaceId(), ttl);
  }

  /** Checks a download request's signature; a 403 when it does not hold. */
  public void verify(ExportJob job, String path, String expires, String signature) {
    signer.verify("GET", path, job.id(), job.workspaceId(), expires, signature);
  }

  /** The path of a job's file, such as {@code /downloads/expo_abc/leads-expo_abc.csv}. */
  public static String path(ExportJob job) {
    return PREFIX + job.id() + "/" + fileName(job);
  }

  /** The name a job's file is downloaded under, such as {@code leads-expo_abc.csv}. */
  public static String fileName(ExportJob job) {
    return job.file() != null
        ? job.file().name()
        : defaultName(job) + "." + format(job).extension();
  }

  /** The default download name without extension: {@code leads-expo_abc}. */
  static String defaultName(ExportJob job) {
    return job.spec().path("rows").asText("export").toLowerCase(Locale.ROOT) + "-" + job.id();
  }

  /** The media type of the job's file. */
  public static String contentType(ExportJob job) {
    return job.file() != null ? job.file().contentType() : format(job).contentType();
  }

  /** The content encoding of the job's file: gzip for jobs from before files described it. */
  public static String contentEncoding(ExportJob job) {
    return job.file() != null ? job.file().contentEncoding() : "gzip";
  }

  private static ExportFormat format(ExportJob job) {
    return ExportFormat.valueOf(job.spec().path("format").asText());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
