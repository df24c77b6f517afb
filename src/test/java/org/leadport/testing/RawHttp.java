package org.leadport.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 over a bare socket, sending the request target byte for byte as given: for what {@link
 * java.net.http.HttpClient} refuses to send (a malformed {@code %} escape) or would re-encode, the
 * way curl and other clients send a URL as it is written.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * Sends {@code method target} to the server of {@code base} (such as {@code http://localhost:1})
   * with {@code headers} and no body, and reads the whole answer ({@code Connection: close}).
   */
  public static Reply send(String base, String method, String target, Map<String, String> headers) {
    URI uri = URI.create(base);
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setSoTimeout(120_000);
      StringBuilder head = new StringBuilder();
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
      head.append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Connection: close\r\n\r\n");
      s.getOutputStream().write(head.toString().getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      return read(s.getInputStream(), method.equals("HEAD"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET of {@code target} without headers. */
  public static Reply get(String base, String target) {
    return send(base, "GET", target, Map.of());
  }

  private static Reply read(InputStream in, boolean head) throws IOException {
    byte[] all = in.readAllBytes();
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IOException("no complete response head: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers
          .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
          .add(
              new String(
                  lines[i].substring(colon + 1).trim().getBytes(StandardCharsets.ISO_8859_1),
                  StandardCharsets.UTF_8));
    }
    byte[] body = java.util.Arrays.copyOfRange(all, end + 4, all.length);
    if (!head && headers.getOrDefault("Transfer-Encoding", List.of()).contains("chunked")) {
      body = dechunk(body);
    }
    return new Reply(status, HttpHeaders.of(headers, (k, v) -> true), body);
  }

  private static byte[] dechunk(byte[] chunked) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String s = new String(chunked, StandardCharsets.ISO_8859_1);
    int at = 0;
    while (true) {
      int eol = s.indexOf("\r\n", at);
      int size = Integer.parseInt(s.substring(at, eol).split(";")[0].trim(), 16);
      if (size == 0) {
        return out.toByteArray();
      }
      out.write(chunked, eol + 2, size);
      at = eol + 2 + size + 2;
    }
  }
}
