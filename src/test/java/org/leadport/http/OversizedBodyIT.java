package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * A body over an endpoint's limit is answered with a 413 the client actually reads, however fast
 * the server decides: the server reads and drops the rest of the upload first, so the client never
 * meets a connection reset under its request, with or without Content-Length, and its next request
 * on the same keep-alive client is answered too.
 */
class OversizedBodyIT {
  static TestServer server;
  static Tenant t;

  @BeforeAll
  static void start() {
    server = TestServer.start(java.time.Clock.systemUTC(), 1_000_000);
    t = server.tenant("oversized");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyOversizedUploadGetsItsJson413AndTheNextRequestIsAnswered() throws Exception {
    byte[] big = ("{\"name\":\"" + "x".repeat(12 << 20) + "\"}").getBytes(StandardCharsets.UTF_8);
    try (HttpClient client =
        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
      for (int i = 0; i < 20; i++) {
        // Half with Content-Length, half chunked (the limit is then found by reading).
        BodyPublisher body =
            i % 2 == 0
                ? HttpRequest.BodyPublishers.ofByteArray(big)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
        HttpResponse<String> refused =
            client.send(post(body), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).as("upload %d", i).isEqualTo(413);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(TestServer.parse(refused.body()).path("code").asText())
            .isEqualTo("payload_too_large");
        HttpResponse<String> created =
            client.send(
                post(HttpRequest.BodyPublishers.ofString("{\"name\":\"after " + i + "\"}")),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      }
    }
  }

  private static HttpRequest post(BodyPublisher body) {
    return HttpRequest.newBuilder(URI.create(server.url("/api/v1/leads")))
        .header("Authorization", "Bearer " + t.key())
        .header("Content-Type", "application/json")
        .POST(body)
        .build();
  }
}
