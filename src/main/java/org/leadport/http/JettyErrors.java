package org.leadport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.leadport.json.Json;
import org.leadport.model.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers Jetty gives itself, before any route sees the request (an ambiguous path such as
 * {@code /..;/}, an encoded NUL, headers too large): the native error shape with the code {@code
 * malformed_request} and a request id, instead of Jetty's HTML page, so that every error a client
 * gets is JSON, and {@code Connection: close}, because Jetty drops the connection after it.
 * Thread-safe.
 */
public final class JettyErrors extends ErrorHandler {
  /** The machine code of every client error written here. */
  static final String CODE = "malformed_request";

  private static final Logger LOG = LoggerFactory.getLogger(JettyErrors.class);
  private static final String REQUEST_ID = JettyErrors.class.getName() + ".id";

  /** JSON whatever the client accepts; Jetty's own writer does the writing, the text is ours. */
  @Override
  protected void generateResponse(
      Request request, Response response, int code, String message, Throwable cause, Callback cb)
      throws IOException {
    String id = Ids.request();
    request.setAttribute(REQUEST_ID, id);
    response.getHeaders().put("X-Request-Id", id);
    // Jetty closes the connection after a request it could not read, but its answer did not say
    // so: a keep-alive client then sent its next request down the closed connection and lost it.
    response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
    // The path stays out of the log: it is what could not be read.
    LOG.info(
        "request id={} method={} status={} refused=\"{}\"", id, request.getMethod(), code, message);
    List<Charset> utf8 = List.of(StandardCharsets.UTF_8);
    if (!generateAcceptableResponse(
        request, response, cb, "application/json", utf8, code, message, cause)) {
      cb.succeeded();
    }
  }

  @Override
  protected void writeErrorJson(
      Request request, PrintWriter writer, int code, String message, Throwable cause) {
    String reason = message == null || message.isBlank() ? HttpStatus.getMessage(code) : message;
    ObjectNode body = Json.object();
    body.put("code", code >= 500 ? "internal_error" : CODE);
    body.put("message", "The request cannot be read: " + reason + ".");
    body.put("request_id", String.valueOf(request.getAttribute(REQUEST_ID)));
    writer.write(Json.text(body));
  }
}
