package org.leadport.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver for tests: the JDK's HTTP server on a random loopback port that records every
 * request it gets and answers the n-th request of a path (from 0) with the status a rule gives (0:
 * hang until the receiver closes, as a stuck endpoint would). It also verifies Standard Webhooks
 * signatures on its own, with nothing of Leadport's signer: the algorithm as the specification
 * publishes it.
 */
final class Receiver implements AutoCloseable {
  /** One request as received. */
  record Request(
      String path, String id, String timestamp, String signature, byte[] body, long receivedAt) {
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();
  private volatile IntUnaryOperator rule = n -> 204;
  private final Object hang = new Object();
  private volatile boolean closed;

  Receiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  /** Answers the n-th request of each path with {@code rule.applyAsInt(n)}. */
  Receiver answering(IntUnaryOperator newRule) {
    this.rule = newRule;
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange ex) throws IOException {
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readAllBytes();
    }
    String path = ex.getRequestURI().getPath();
    int n;
    synchronized (requests) {
      n = (int) requests.stream().filter(r -> r.path().equals(path)).count();
      requests.add(
          new Request(
              path,
              String.valueOf(ex.getRequestHeaders().getFirst("webhook-id")),
              String.valueOf(ex.getRequestHeaders().getFirst("webhook-timestamp")),
              String.valueOf(ex.getRequestHeaders().getFirst("webhook-signature")),
              body,
              System.currentTimeMillis()));
      requests.notifyAll();
    }
    int status = path.startsWith("/redirect") ? 302 : rule.applyAsInt(n);
    if (status == 0) {
      synchronized (hang) {
        while (!closed) {
          try {
            hang.wait(100);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            break;
          }
        }
      }
      ex.close();
      return;
    }
    if (status == 302) {
      ex.getResponseHeaders().add("Location", url("/redirect-target"));
    }
    ex.sendResponseHeaders(status, -1);
    ex.close();
  }

  /** Every request so far whose path starts with {@code prefix}. */
  List<Request> requests(String prefix) {
    synchronized (requests) {
      return requests.stream().filter(r -> r.path().startsWith(prefix)).toList();
    }
  }

  /** Waits until the requests to {@code prefix} satisfy {@code done}; fails after {@code wait}. */
  List<Request> await(String prefix, Predicate<List<Request>> done, Duration wait)
      throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    synchronized (requests) {
      while (true) {
        List<Request> mine = requests(prefix);
        if (done.test(mine)) {
          return mine;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "receiver did not get what was awaited at " + prefix + ": " + mine);
        }
        requests.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  /**
   * Whether {@code r} carries a valid signature under {@code secret} ({@code whsec_…}): one of the
   * space-separated {@code v1,<base64>} entries equals the HMAC-SHA256, keyed with the
   * base64-decoded secret, of {@code id.timestamp.body}, as the Standard Webhooks specification
   * publishes it.
   */
  static boolean verifies(String secret, Request r) {
    return verifies(secret, r.id(), r.timestamp(), r.body(), r.signature());
  }

  static boolean verifies(String secret, String id, String ts, byte[] body, String header) {
    try {
      byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((id + "." + ts + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      for (String entry : header.split(" ")) {
        if (entry.startsWith("v1,")
            && java.security.MessageDigest.isEqual(
                expected, Base64.getDecoder().decode(entry.substring(3)))) {
          return true;
        }
      }
      return false;
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    closed = true;
    synchronized (hang) {
      hang.notifyAll();
    }
    server.stop(0);
  }

  @Override
  public String toString() {
    return "Receiver" + requests(" ".trim());
  }
}
