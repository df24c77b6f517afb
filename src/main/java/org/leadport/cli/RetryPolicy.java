package org.leadport.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * How the export client, sync and async alike, meets a busy or flaky server: a 429, or a 503 (its
 * database is unavailable for a moment, docs/operations.md), waits out its {@code Retry-After}
 * (seconds, capped) and tries again, up to {@link #MAX_TRIES} tries of one call; a broken download
 * waits 1, 2, 4, 8, 16 s. Also reads the server's error message, which every Leadport error body
 * carries as JSON {@code message}.
 */
final class RetryPolicy {
  /** Tries of one call after a rate-limit answer or a broken download. */
  static final int MAX_TRIES = 6;

  /** Longest wait honoured from a {@code Retry-After} header, in seconds. */
  static final int MAX_RETRY_AFTER = 120;

  private final PrintWriter err;

  RetryPolicy(PrintWriter err) {
    this.err = err;
  }

  /** A 429 or 503 answer: wait {@code seconds}, then try again. */
  static final class RateLimited extends IOException {
    private static final long serialVersionUID = 1L;

    final int seconds;
    final boolean unavailable;

    RateLimited(int seconds, String message) {
      this(seconds, message, false);
    }

    RateLimited(int seconds, String message, boolean unavailable) {
      super(message);
      this.seconds = seconds;
      this.unavailable = unavailable;
    }
  }

  /** Whether {@code status} is an answer to wait out and repeat: 429, or 503. */
  static boolean waitable(int status) {
    return status == 429 || status == 503;
  }

  /** The 429 or 503 {@code response} as a {@link RateLimited}, with the server's message. */
  static RateLimited rateLimited(HttpResponse<?> response, byte[] body) {
    return new RateLimited(
        retryAfterSeconds(response.headers().firstValue("Retry-After").orElse(null)),
        errorMessage(response.statusCode(), body),
        response.statusCode() == 503);
  }

  /**
   * The wait a {@code Retry-After} value asks for, between 1 and {@link #MAX_RETRY_AFTER} seconds;
   * 1 when it is missing or not a number of seconds (an HTTP date is not honoured).
   */
  static int retryAfterSeconds(@Nullable String header) {
    String value = header == null ? "1" : header.trim();
    try {
      return Math.max(1, Math.min(MAX_RETRY_AFTER, Integer.parseInt(value)));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /**
   * After the {@code attempt}-th try of a call was rate limited: gives up after {@link #MAX_TRIES}
   * tries, else says so on stderr and waits out the {@code Retry-After}.
   */
  void waitOut(RateLimited e, int attempt) throws ExportFailure, InterruptedException {
    if (attempt >= MAX_TRIES) {
      throw new ExportFailure(e.getMessage() + " (gave up after " + attempt + " tries)");
    }
    warn(
        (e.unavailable ? "the server is unavailable" : "rate limited")
            + "; retrying in "
            + e.seconds
            + " s");
    Thread.sleep(e.seconds * 1000L);
  }

  /** One try of a call: an {@link IOException} (a {@link RateLimited} among them) is retried. */
  @FunctionalInterface
  interface Attempt<T, E extends Exception> {
    T run() throws IOException, ExportFailure, E, InterruptedException;
  }

  /**
   * Tries {@code attempt} until it answers: a rate limit is waited out ({@link #waitOut}), a
   * refused connection to {@code base} fails at once, any other broken call is retried after {@link
   * #backoffSeconds} up to {@link #MAX_TRIES} tries, warning {@code "<brokeOff> (<why>); retrying
   * in N s"} and calling {@code beforeRetry} first, then fails with {@code "<gaveUp>: <why>"}.
   */
  <T, E extends Exception> T retrying(
      String base, String brokeOff, String gaveUp, Runnable beforeRetry, Attempt<T, E> attempt)
      throws ExportFailure, E, InterruptedException {
    for (int tries = 1; ; tries++) {
      try {
        return attempt.run();
      } catch (RateLimited e) {
        waitOut(e, tries);
      } catch (ConnectException e) {
        throw new ExportFailure("cannot connect to " + base + ": " + ExportFailure.describe(e));
      } catch (IOException e) {
        if (tries >= MAX_TRIES) {
          throw new ExportFailure(gaveUp + ": " + ExportFailure.describe(e));
        }
        long wait = backoffSeconds(tries);
        warn(brokeOff + " (" + ExportFailure.describe(e) + "); retrying in " + wait + " s");
        beforeRetry.run();
        Thread.sleep(wait * 1000L);
      }
    }
  }

  /** Seconds to wait after the {@code attempt}-th broken download: 1, 2, 4, 8, 16, 16, … */
  static long backoffSeconds(int attempt) {
    return 1L << Math.min(attempt - 1, 4);
  }

  void warn(String message) {
    err.println("warning: " + message);
    err.flush();
  }

  /** The {@code message} of the server's JSON error, or a sentence naming the status. */
  static String errorMessage(int status, byte[] body) {
    try {
      JsonNode json = Json.parse(new String(body, StandardCharsets.UTF_8));
      String message = json.path("message").asText("");
      if (!message.isBlank()) {
        return message;
      }
    } catch (JsonProcessingException e) {
      // Not JSON: fall through to the status alone.
    }
    return "the server answered HTTP " + status;
  }
}
