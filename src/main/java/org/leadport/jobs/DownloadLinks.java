package org.leadport.jobs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.text.Normalizer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.leadport.export.writer.ExportFormat;
import org.leadport.files.DownloadSigner;
import org.leadport.json.Json;

/**
 * Mints the signed download links of finished exports: {@code
 * <base>/downloads/<job>/<file>?expires=…&signature=…}, valid for the configured time and usable
 * without an API key. Every call mints a fresh link. Thread-safe.
 *
 * <p>Everything after the base is RFC 3986 unreserved characters (and the {@code /}, {@code ?},
 * {@code =} and {@code &} between them), so a link is a valid URI as it is and no client's
 * normalisation (percent-encoding it again, decoding what needs no encoding) changes what it names.
 * The {@code <file>} segment is an ASCII rendering of the file's name ({@link #urlName}); the name
 * itself, in the user's own characters, travels in the download's {@code Content-Disposition}.
 */
public final class DownloadLinks {
  /** Where download paths start. */
  public static final String PREFIX = "/downloads/";

  /** The longest file segment of a link. */
  private static final int MAX_URL_NAME = 120;

  private final DownloadSigner signer;
  private final Duration ttl;
  private final @Nullable String publicUrl;

  /**
   * @param publicUrl base of links (LEADPORT_PUBLIC_URL), or null to use the caller's
   */
  public DownloadLinks(DownloadSigner signer, Duration ttl, @Nullable String publicUrl) {
    this.signer = signer;
    this.ttl = ttl;
    this.publicUrl = publicUrl == null ? null : stripSlash(publicUrl);
  }

  /**
   * A fresh link to the job's file, or null while it has none.
   *
   * @param base the base URL the caller reached us at, used unless a public URL is configured
   */
  public @Nullable String link(String base, ExportJob job) {
    if (!job.downloadable()) {
      return null;
    }
    return signed(base, path(job), job);
  }

  /** {@code path} on the public URL (or {@code base}), signed for the job's workspace. */
  private String signed(String base, String path, ExportJob job) {
    return url(base, path) + "?" + signer.sign("GET", path, job.id(), job.workspaceId(), ttl);
  }

  /**
   * {@code path} on the public URL (or {@code base}), unsigned: where a message sent once (a
   * webhook event, a done email) says the export's status is read again for fresh links.
   */
  public String url(String base, String path) {
    return (publicUrl != null ? publicUrl : stripSlash(base)) + path;
  }

  /** A fresh link to one part of a job published as parts. */
  public String partLink(String base, ExportJob job, JobPart part) {
    return signed(base, partPath(job, part), job);
  }

  /**
   * The manifest of a job published as parts (docs/parts.md), with a fresh link to each part: one
   * builder for every surface. Its keys are single words (part, rows, bytes, sha256, url, total),
   * the same in the snake_case of Close and the console as in HubSpot's camelCase, so every surface
   * places it as it is.
   *
   * @param base the base URL the caller reached us at, used unless a public URL is configured
   */
  public ObjectNode manifest(String base, ExportJob job, List<JobPart> parts) {
    ObjectNode manifest = Json.object();
    ArrayNode list = manifest.putArray("parts");
    long rows = 0;
    long bytes = 0;
    for (JobPart p : parts) {
      list.addObject()
          .put("part", p.n())
          .put("rows", p.rows())
          .put("bytes", p.bytes())
          .put("sha256", p.sha256())
          .put("url", partLink(base, job, p));
      rows += p.rows();
      bytes += p.bytes();
    }
    manifest.putObject("total").put("parts", parts.size()).put("rows", rows).put("bytes", bytes);
    return manifest;
  }

  /**
   * The path of one part of a job's export: {@code /downloads/expo_abc/leads-expo_abc-part-2.csv}.
   */
  public static String partPath(ExportJob job, JobPart part) {
    return PREFIX
        + job.id()
        + "/"
        + urlName(part.fileName(), partName(defaultName(job) + ".x", part.n()));
  }

  /**
   * The name of part {@code n} of a file named {@code fileName}: {@code leads-part-2.csv}, and
   * {@code leads-part-2.csv.zst} of a compressed file (the part number before the format's
   * extension, which a compression's follows).
   */
  public static String partName(String fileName, int n) {
    String compression = "";
    for (String suffix : new String[] {".gz", ".zst"}) {
      if (fileName.endsWith(suffix) && fileName.length() > suffix.length()) {
        compression = suffix;
        fileName = fileName.substring(0, fileName.length() - suffix.length());
        break;
      }
    }
    int dot = fileName.lastIndexOf('.');
    return (dot <= 0
            ? fileName + "-part-" + n
            : fileName.substring(0, dot) + "-part-" + n + fileName.substring(dot))
        + compression;
  }

  /**
   * Checks a download request's signature; a 403 when it does not hold.
   *
   * @param path the request path percent-decoded, so that however a client encoded the link it
   *     names what was signed
   */
  public void verify(
      ExportJob job, String path, @Nullable String expires, @Nullable String signature) {
    signer.verify("GET", path, job.id(), job.workspaceId(), expires, signature);
  }

  /** The path of a job's file, such as {@code /downloads/expo_abc/leads-expo_abc.csv}. */
  public static String path(ExportJob job) {
    return PREFIX + job.id() + "/" + urlName(fileName(job), defaultName(job));
  }

  /**
   * {@code fileName} as a path segment of unreserved ASCII only: letters lose their accents ({@code
   * März} is {@code Marz}), every run of other characters becomes one {@code _}, and the stem
   * neither starts with a dot nor is empty (so never a {@code .} or {@code ..} segment). A name
   * with nothing left of its stem is {@code fallback} with the name's extension.
   */
  static String urlName(String fileName, String fallback) {
    int dot = fileName.lastIndexOf('.');
    String ext = dot < 0 ? "" : slug(fileName.substring(dot + 1));
    String stem = slug(dot < 0 ? fileName : fileName.substring(0, dot));
    if (stem.isEmpty()) {
      stem = slug(fallback);
    }
    if (stem.isEmpty()) {
      stem = "export";
    }
    return ext.isEmpty() ? stem : stem + "." + ext;
  }

  /** ASCII letters, digits, {@code .} and {@code -} as they are, runs of the rest one {@code _}. */
  private static String slug(String text) {
    StringBuilder out = new StringBuilder(text.length());
    String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
    for (int i = 0; i < decomposed.length() && out.length() < MAX_URL_NAME; i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) == Character.NON_SPACING_MARK) {
        continue;
      }
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '-';
      if (keep) {
        out.append(c);
      } else if (out.isEmpty() || out.charAt(out.length() - 1) != '_') {
        out.append('_');
      }
    }
    return out.toString().replaceAll("^[._]+|_+$", "");
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
  public static @Nullable String contentEncoding(ExportJob job) {
    return job.file() != null ? job.file().contentEncoding() : "gzip";
  }

  private static ExportFormat format(ExportJob job) {
    return ExportFormat.valueOf(job.spec().path("format").asText());
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
