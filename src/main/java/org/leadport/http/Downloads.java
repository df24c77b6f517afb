package org.leadport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpecJson;
import org.leadport.export.Exporter;
import org.leadport.export.column.ExportSchema;
import org.leadport.files.FileStore;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobPart;
import org.leadport.jobs.JobRepository;

/**
 * The endpoint behind download links: {@code GET /downloads/{job}/{file}?expires=…&signature=…},
 * without an API key while the signature holds. The signature covers the decoded path, so a link
 * works whether a client sends it as given or encodes it again. Anything wrong with a link
 * (altered, expired, its job canceled, deleted or its file past retention) is the same 403, so a
 * link reveals nothing. The signature never reaches a log: no request logger is installed and
 * errors name no URL. An export published as parts is downloaded part by part, each from its own
 * link in the manifest (docs/parts.md).
 */
public final class Downloads {
  private final JobRepository jobs;
  private final FileStore files;
  private final DownloadLinks links;
  private final Exporter exporter;

  /**
   * @param exporter gives a parted export's column schema, which its manifest carries
   */
  public Downloads(JobRepository jobs, FileStore files, DownloadLinks links, Exporter exporter) {
    this.jobs = jobs;
    this.files = files;
    this.links = links;
    this.exporter = exporter;
  }

  public void register(RoutesConfig r) {
    r.get(DownloadLinks.PREFIX + "<rest>", this::download);
    r.head(DownloadLinks.PREFIX + "<rest>", this::download);
  }

  /** A fresh link to the job's file for the caller of {@code ctx}, or null when it has none. */
  public @Nullable String link(Context ctx, ExportJob job) {
    return links.link(base(ctx), job);
  }

  /**
   * The manifest of a job published as parts, with a fresh link to each part (docs/parts.md), or
   * null for a job of one file and a job whose files are gone: the object every surface's status
   * places as its {@code manifest}. It ends with the export's column schema (docs/schema.md) in the
   * job's language, its keys in the surface's {@code style}.
   */
  public @Nullable ObjectNode manifest(Context ctx, ExportJob job, ExportSchema.Style style) {
    if (!job.parted() || !job.downloadable()) {
      return null;
    }
    ObjectNode manifest = links.manifest(base(ctx), job, jobs.parts().of(job.id()));
    ExportSchema schema = exporter.schema(ExportSpecJson.read(job.spec()), job.language());
    manifest.set("schema", schema.toJson(style));
    return manifest;
  }

  private static String base(Context ctx) {
    return ctx.scheme() + "://" + ctx.host();
  }

  private void download(Context ctx) {
    // The path as the client encoded it, decoded: a link percent-encoded again (by a browser, a
    // proxy, a client library) names the same file and carries the same signature.
    String path;
    try {
      path = PercentDecoding.decode(ctx.path(), false);
    } catch (PercentDecoding.MalformedException e) {
      throw denied();
    }
    String rest = path.substring(DownloadLinks.PREFIX.length());
    int slash = rest.indexOf('/');
    if (slash < 1) {
      throw denied();
    }
    ExportJob job = jobs.findAnywhere(rest.substring(0, slash)).orElseThrow(Downloads::denied);
    links.verify(job, path, ctx.queryParam("expires"), ctx.queryParam("signature"));
    if (!job.downloadable()) {
      throw denied();
    }
    if (job.parted()) {
      servePart(ctx, job, path);
      return;
    }
    if (!path.equals(DownloadLinks.path(job))) {
      throw denied();
    }
    try {
      FileResponses.serve(
          ctx,
          files,
          // A downloadable job (checked above) has its file.
          Objects.requireNonNull(job.fileKey()),
          Objects.requireNonNull(job.fileSize()),
          Objects.requireNonNull(job.fileSha256()),
          DownloadLinks.contentType(job),
          DownloadLinks.contentEncoding(job),
          DownloadLinks.fileName(job));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve the file of export " + job.id(), e);
    }
  }

  /**
   * A part of a job published as parts, served exactly as a single file is (ranges, {@code
   * If-Range}, ETag). The job's own link names no file then: it is a 409 that points to the
   * manifest, rather than a zip built on the fly, which could not be resumed or checked against a
   * checksum (docs/parts.md).
   */
  private void servePart(Context ctx, ExportJob job, String path) {
    if (path.equals(DownloadLinks.path(job))) {
      throw job.inParts("download each from the manifest of the export's status.");
    }
    JobPart part =
        jobs.parts().of(job.id()).stream()
            .filter(p -> path.equals(DownloadLinks.partPath(job, p)))
            .findFirst()
            .orElseThrow(Downloads::denied);
    try {
      FileResponses.serve(
          ctx,
          files,
          part.fileKey(),
          part.bytes(),
          part.sha256(),
          DownloadLinks.contentType(job),
          DownloadLinks.contentEncoding(job),
          part.fileName());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve part " + part.n() + " of export " + job.id(), e);
    }
  }

  private static LeadportException denied() {
    return new LeadportException(
        403,
        "invalid_download_url",
        "This download link is invalid or has expired; read the export's status for a fresh one.");
  }
}
