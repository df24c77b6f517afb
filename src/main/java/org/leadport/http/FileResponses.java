package org.leadport.http;

import static org.leadport.http.ConditionalHeaders.UNSATISFIABLE;
import static org.leadport.http.ConditionalHeaders.ifRange;
import static org.leadport.http.ConditionalHeaders.noneMatch;
import static org.leadport.http.ConditionalHeaders.quote;
import static org.leadport.http.ConditionalHeaders.range;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.files.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers GET and HEAD for a published file in a {@link FileStore}: byte ranges, {@code If-Range}
 * and {@code If-None-Match} (RFC 9110), a download {@code Content-Disposition} (RFC 6266), and the
 * stored bytes streamed unchanged through a bounded buffer, never held in memory.
 *
 * <p>The stored bytes are the representation: with a {@code Content-Encoding} (such as gzip) they
 * are sent as they are, and ranges count encoded bytes. The body is written to the servlet's own
 * output stream, past Javalin's compressing {@code ctx.outputStream()}, so neither Javalin nor
 * Jetty compresses it again (Javalin gzips results by default), whatever the request's {@code
 * Accept-Encoding}.
 *
 * <p>Register the route for HEAD as well as GET ({@code r.get(path, h); r.head(path, h);}): Javalin
 * 7 answers a HEAD on a GET-only path itself, with an empty 200 and without running the handler, so
 * none of these headers would be sent.
 */
public final class FileResponses {
  private static final Logger LOG = LoggerFactory.getLogger(FileResponses.class);

  /** The copy buffer: the most memory one download holds. */
  static final int BUFFER = 64 * 1024;

  /** The headers {@link #serve} sets, cleared again when the file cannot be read after all. */
  private static final List<String> OWN_HEADERS =
      List.of(
          "Cache-Control",
          "Accept-Ranges",
          "ETag",
          "Content-Type",
          "Content-Encoding",
          "Content-Disposition",
          "Content-Range",
          "Content-Length");

  private FileResponses() {}

  /**
   * Answers the request in {@code ctx}, a GET or HEAD, with the published file under {@code key}.
   *
   * <ul>
   *   <li>200 with the whole file, or with headers only for HEAD (which ignores {@code Range}, as
   *       RFC 9110 requires of every method but GET);
   *   <li>206 with {@code Content-Range} for one satisfiable {@code Range: bytes=a-b}, {@code a-}
   *       or {@code -n}, its end clipped to the file, unless {@code If-Range} names another entity
   *       tag or is a date (the file has no modification date to compare with);
   *   <li>416 with {@code Content-Range: bytes *}{@code /size} for a valid but unsatisfiable range
   *       (it starts at or past the end, is {@code -0}, or the file is empty);
   *   <li>304 without a body when {@code If-None-Match} names the entity tag or is {@code *}.
   * </ul>
   *
   * A {@code Range} that is not one valid byte range (bad syntax, another unit, several ranges) is
   * ignored: the answer is the whole file, as RFC 9110 allows.
   *
   * <p>When the file cannot be opened, or fails before anything was sent, the exception propagates
   * with none of this method's headers left, so the error handler can answer cleanly; after that
   * the response is committed and a read failure still propagates: the connection is then cut short
   * of its {@code Content-Length}, and nothing but file bytes has been sent, so a client that keeps
   * the part to resume has no error body in it.
   *
   * @param key the file's key in {@code store}
   * @param size the published file's size in bytes
   * @param etag the strong entity tag's opaque text, without quotes (such as a content hash): the
   *     {@code ETag} header is {@code "etag"}
   * @param contentType the media type of the representation, such as {@code text/csv}
   * @param contentEncoding the content coding of the stored bytes (such as {@code gzip}), or null
   * @param fileName the name to save as, sent as {@link ContentDisposition#attachment} makes it
   * @throws IOException when the store fails
   */
  public static void serve(
      Context ctx,
      FileStore store,
      String key,
      long size,
      String etag,
      String contentType,
      @Nullable String contentEncoding,
      String fileName)
      throws IOException {
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(key, "key");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative, was " + size);
    }
    String tag = quote(etag);
    requireHeaderText("contentType", contentType);
    if (contentEncoding != null) {
      requireHeaderText("contentEncoding", contentEncoding);
    }
    String disposition =
        ContentDisposition.attachment(Objects.requireNonNull(fileName, "fileName"));
    HandlerType method = ctx.method();
    if (method != HandlerType.GET && method != HandlerType.HEAD) {
      throw new IllegalStateException("files are served to GET and HEAD only, not " + method);
    }
    boolean head = method == HandlerType.HEAD;
    HttpServletResponse res = ctx.res();

    if (noneMatch(ctx.header("If-None-Match"), tag)) {
      ctx.status(304);
      res.setContentType(null);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("ETag", tag);
      res.setContentLengthLong(size);
      return;
    }
    ConditionalHeaders.Span span = null;
    String rangeHeader = ctx.header("Range");
    if (!head && rangeHeader != null && ifRange(ctx.header("If-Range"), tag)) {
      span = range(rangeHeader, size);
    }
    if (span == UNSATISFIABLE) {
      ctx.status(416);
      res.setContentType(null);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Accept-Ranges", "bytes");
      res.setHeader("Content-Range", "bytes */" + size);
      res.setContentLengthLong(0);
      return;
    }
    long first = span == null ? 0 : span.first();
    long length = span == null ? size : span.length();
    // Opened before any header is set: a missing file is a clean error response, not a 200.
    InputStream in = head || length == 0 ? InputStream.nullInputStream() : store.open(key, first);
    try (in) {
      ctx.status(span == null ? 200 : 206);
      res.setHeader("Cache-Control", "no-store");
      res.setHeader("Accept-Ranges", "bytes");
      res.setHeader("ETag", tag);
      res.setHeader("Content-Type", contentType);
      if (contentEncoding != null) {
        res.setHeader("Content-Encoding", contentEncoding);
      }
      res.setHeader("Content-Disposition", disposition);
      if (span != null) {
        res.setHeader("Content-Range", "bytes " + span.first() + "-" + span.last() + "/" + size);
      }
      res.setContentLengthLong(length);
      if (!head) {
        copy(in, res, length, key);
      }
    }
  }

  /**
   * Copies exactly {@code length} bytes of {@code in} to the client. Store failures propagate; a
   * client that goes away is not one.
   */
  private static void copy(InputStream in, HttpServletResponse res, long length, String key)
      throws IOException {
    ServletOutputStream out = res.getOutputStream();
    byte[] buf = new byte[(int) Math.min(BUFFER, length)];
    long left = length;
    while (left > 0) {
      int n;
      try {
        n = in.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          throw new EOFException(
              "file " + key + " ended " + left + " bytes before its published size");
        }
      } catch (IOException | RuntimeException e) {
        if (!res.isCommitted()) {
          // Nothing sent yet: leave the error handler a clean response to write.
          res.resetBuffer();
          OWN_HEADERS.forEach(h -> res.setHeader(h, null));
        }
        throw e;
      }
      try {
        out.write(buf, 0, n);
      } catch (IOException e) {
        // The client went away (closed the tab, cancelled, timed out). The response is
        // committed, so no error response can follow, and the connection is already broken
        // short of Content-Length, so the client cannot take the part for the whole. It is not
        // a server fault: propagating it would have the error handler log every cancelled
        // download as an error and try to write a 500 into the dead response. So: debug, end.
        LOG.debug("client stopped reading {} with {} of {} bytes unsent", key, left, length, e);
        return;
      }
      left -= n;
    }
  }

  private static void requireHeaderText(String what, String value) {
    Objects.requireNonNull(value, what);
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7E) {
        throw new IllegalArgumentException(what + " must be printable ASCII: " + value);
      }
    }
  }
}
