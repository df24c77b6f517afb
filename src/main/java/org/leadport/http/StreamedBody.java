package org.leadport.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The body of a streamed answer (a sync export segment, a JSON:API render), whose status and
 * headers go out before its rows are read. Closing it only flushes: the body ends as complete (the
 * gzip trailer, the last chunk) only when {@link #complete()} is called after the last row. When
 * anything fails before that, the error handlers {@link #abort abort} the connection, so every HTTP
 * client sees a transfer error instead of a short body it could take for the whole
 * (docs/operations.md, "Failures mid-stream"). Not thread-safe.
 */
public final class StreamedBody extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger(StreamedBody.class);

  private final OutputStream response;
  private final OutputStream out;

  private StreamedBody(OutputStream response, OutputStream out) {
    this.response = response;
    this.out = out;
  }

  /** The response body of {@code ctx}, gzip-encoded when {@code gzip}; headers must be set. */
  public static StreamedBody open(Context ctx, boolean gzip) throws IOException {
    return over(response(ctx), gzip);
  }

  /**
   * The response body of {@code ctx} to write to once its headers are set, chunked on HTTP/1.1 even
   * when the client asked to close the connection after the answer (where Jetty would otherwise end
   * the body by closing it): only the terminating chunk tells a complete body from one broken off,
   * so a client can tell them apart whatever it asked for. HTTP/1.0 has no chunks (its bodies end
   * with the connection); HTTP/2 frames its own.
   */
  public static OutputStream response(Context ctx) throws IOException {
    if ("HTTP/1.1".equals(ctx.req().getProtocol())) {
      ctx.res().setHeader("Transfer-Encoding", "chunked");
    }
    return ctx.res().getOutputStream();
  }

  /**
   * A body written into {@code target} (the response, or a {@link ReadAhead} in front of it), which
   * is closed only by {@link #complete()}; gzip-encoded when {@code gzip}.
   */
  public static StreamedBody over(OutputStream target, boolean gzip) throws IOException {
    return over(target, gzip ? ContentCoding.GZIP : ContentCoding.IDENTITY);
  }

  /**
   * A body written into {@code target}, which is closed only by {@link #complete()}, in {@code
   * coding}.
   */
  public static StreamedBody over(OutputStream target, ContentCoding coding) throws IOException {
    return new StreamedBody(target, coding.encoder(target));
  }

  @Override
  public void write(int b) throws IOException {
    out.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  /** Only flushes: a writer closing its stream does not say every row was read. */
  @Override
  public void close() throws IOException {
    out.flush();
  }

  /**
   * Ends the body as complete: the coding's end (gzip's trailer, zstd's last block) when encoded,
   * then the end of the target (the response's, or the read-ahead's, which then sends what is left
   * and lets the response end).
   */
  public void complete() throws IOException {
    out.close();
    response.close();
  }

  /**
   * Breaks off a response whose headers (and maybe some of its body) are sent: the connection is
   * closed without the terminating chunk, or short of its {@code Content-Length}, so no client can
   * read what it got as a complete answer. Logs the cause unless the client went away first.
   */
  public static void abort(Context ctx, Throwable cause) {
    if (clientGone(cause)) {
      LOG.debug("request {} {}: client stopped reading", Requests.id(ctx), ctx.path(), cause);
    } else {
      LOG.error(
          "request {} {} {} failed after its headers were sent; connection aborted",
          Requests.id(ctx),
          ctx.method(),
          ctx.path(),
          cause);
    }
    ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel().abort(cause);
  }

  /** A write to the client failed: Jetty's {@code EofException} somewhere in the chain. */
  private static boolean clientGone(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof org.eclipse.jetty.io.EofException) {
        return true;
      }
    }
    return false;
  }
}
