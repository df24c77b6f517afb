package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.json.Json;

/**
 * The async client meets 429s with the sync export's {@link RetryPolicy}: a scripted server (the
 * real one's per-minute limit would make the test wait a minute) rate-limits creating and reading
 * an export once each.
 */
class AsyncExportClientTest {
  @TempDir Path dir;

  private HttpServer server;
  private final List<String> seen = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 0), 0);
    server.createContext(
        "/api/v1/export/",
        exchange -> {
          String call = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
          seen.add(call);
          boolean first = seen.stream().filter(call::equals).count() == 1;
          if (first) {
            exchange.getResponseHeaders().add("Retry-After", "1");
            reply(exchange, 429, "{\"message\":\"rate limit exceeded\"}");
          } else if (call.startsWith("POST")) {
            reply(exchange, 200, "{\"id\":\"exp_1\",\"status\":\"created\"}");
          } else {
            reply(exchange, 200, "{\"status\":\"error\",\"error\":{\"message\":\"disk full\"}}");
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void rateLimitedCallsAreWaitedOutAndRepeated() {
    StringWriter err = new StringWriter();
    PrintWriter errors = new PrintWriter(err, true);
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    try (HttpClient http = HttpClient.newHttpClient()) {
      var client = new AsyncExportClient(http, base, "k", errors, new RetryPolicy(errors));
      assertThatThrownBy(
              () -> client.run(Json.object().put("type", "leads"), dir.resolve("x.csv"), false))
          .isInstanceOf(ExportFailure.class)
          .hasMessage("export exp_1 failed: disk full");
    }
    assertThat(seen)
        .containsExactly(
            "POST /api/v1/export/lead/",
            "POST /api/v1/export/lead/",
            "GET /api/v1/export/exp_1/",
            "GET /api/v1/export/exp_1/");
    String warning = "warning: rate limited; retrying in 1 s" + System.lineSeparator();
    assertThat(err.toString()).isEqualTo(warning + warning);
  }

  private static void reply(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
