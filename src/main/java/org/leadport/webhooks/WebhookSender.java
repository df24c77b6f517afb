package org.leadport.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Posts one signed message and says how it went: JDK HTTP client, HTTP/1.1, 10 s to connect and 10
 * s for the answer, redirects not followed (a 3xx is the answer, and a failure), the answer's body
 * read and thrown away. Thread-safe; one client per worker.
 */
final class WebhookSender {
  /** How long connecting, and then the answer, may take. */
  static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Longest error text kept in the delivery log. */
  private static final int MAX_ERROR = 300;

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(TIMEOUT)
          .build();
  private final Clock clock;

  WebhookSender(Clock clock) {
    this.clock = clock;
  }

  /** Sends {@code body} to {@code url} with {@code headers}; never throws for a failed send. */
  Attempt post(URI url, Map<String, String> headers, byte[] body) throws InterruptedException {
    Instant at = clock.instant();
    long started = System.nanoTime();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .header("User-Agent", "Leadport-Webhooks/1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    try {
      HttpResponse<Void> response =
          client.send(request.build(), HttpResponse.BodyHandlers.discarding());
      return new Attempt(at, since(started), response.statusCode(), null);
    } catch (HttpTimeoutException e) {
      return new Attempt(at, since(started), null, "timed out after " + TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      return new Attempt(at, since(started), null, "could not connect: " + message(e));
    } catch (IOException | IllegalArgumentException e) {
      return new Attempt(at, since(started), null, "request failed: " + message(e));
    }
  }

  private static Duration since(long started) {
    return Duration.ofNanos(System.nanoTime() - started);
  }

  private static String message(Exception e) {
    String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
  }
}
