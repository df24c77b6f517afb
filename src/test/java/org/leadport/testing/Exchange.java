package org.leadport.testing;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.Objects;

/**
 * One HTTP request and its response as the OpenAPI conformance check sees them.
 *
 * @param method the request method, such as {@code GET}
 * @param path the request path, percent-decoded, without the query
 * @param query the raw query, or null
 * @param status the response status
 * @param headers the response headers
 * @param body the response body (empty for HEAD, 204, 304)
 */
public record Exchange(
    String method, String path, String query, int status, HttpHeaders headers, byte[] body) {

  public Exchange {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(headers, "headers");
    body = body == null ? new byte[0] : body;
  }

  /** The exchange of a request to {@code uri} answered with {@code reply}. */
  public static Exchange of(String method, URI uri, Reply reply) {
    return new Exchange(
        method, uri.getPath(), uri.getRawQuery(), reply.status(), reply.headers(), reply.body());
  }

  /** The response's first value of {@code name}, or null. */
  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status;
  }
}
