package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Requests Jetty refuses before any route sees them (a request line or headers too long, an
 * ambiguous path): the JSON answer says {@code Connection: close}, the server then closes the
 * connection, and a keep-alive client's next request goes out on a new connection and is answered.
 */
class JettyErrorsIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    t = server.tenant("jetty-errors");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "long request line, 414, /api/v1/leads?search=LONG, ''",
    "long header, 431, /api/v1/leads, 'X-Pad: LONG'",
    "ambiguous path, 400, /api/v1/..;/leads, ''",
    "encoded NUL, 400, /api/v1/leads/%00, ''"
  })
  void aRefusedRequestIsAnsweredInJsonAndItsConnectionClosed(
      String name, int status, String target, String header) throws IOException {
    String longText = "x".repeat(20_000);
    String request =
        "GET "
            + target.replace("LONG", longText)
            + " HTTP/1.1\r\nHost: localhost\r\n"
            + (header.isEmpty() ? "" : header.replace("LONG", longText) + "\r\n")
            + "\r\n";
    URI base = URI.create(server.url("/"));
    try (Socket socket = new Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String answer = readToEnd(socket.getInputStream());
      int split = answer.indexOf("\r\n\r\n");
      assertThat(split).as(answer).isPositive();
      String head = answer.substring(0, split).toLowerCase(java.util.Locale.ROOT);
      String body = answer.substring(split + 4);
      assertThat(head).startsWith("http/1.1 " + status + " ");
      assertThat(head).contains("\r\nconnection: close");
      assertThat(head).contains("\r\ncontent-type: application/json");
      var json = TestServer.parse(body);
      assertThat(json.path("code").asText()).isEqualTo(JettyErrors.CODE);
      assertThat(json.path("request_id").asText()).startsWith("req_");
    }
  }

  /** The keep-alive case of a full test run: a 414, then a POST on the same client. */
  @Test
  void aKeepAliveClientsNextRequestAfterARefusalIsAnswered() throws Exception {
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      String tooLong = server.url("/api/v1/leads?search=" + "x".repeat(20_000));
      for (int i = 0; i < 25; i++) {
        HttpResponse<String> refused =
            client.send(
                HttpRequest.newBuilder(URI.create(tooLong))
                    .header("Authorization", "Bearer " + t.key())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(414);
        HttpResponse<String> created =
            client.send(
                HttpRequest.newBuilder(URI.create(server.url("/api/v1/leads")))
                    .header("Authorization", "Bearer " + t.key())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"after " + i + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }
    }
  }

  private static String readToEnd(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    // Ends only when the server closes the connection; the socket timeout fails it otherwise.
    in.transferTo(all);
    return all.toString(StandardCharsets.UTF_8);
  }
}
