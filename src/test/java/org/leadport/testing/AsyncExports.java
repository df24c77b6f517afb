package org.leadport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPInputStream;

/** Drives Close-style async exports from tests: create, wait, download. */
public final class AsyncExports {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private static final Set<String> FINISHED = Set.of("done", "error", "canceled");

  private AsyncExports() {}

  /** Creates a lead export and returns its export object; fails unless the answer is 200. */
  public static JsonNode create(TestServer s, String key, Object body) {
    Reply r = s.call("POST", "/api/v1/export/lead/", key, body);
    if (r.status() != 200) {
      throw new AssertionError("export not created: " + r);
    }
    return r.json();
  }

  /** Polls the export until it is done, failed or canceled, and returns its last state. */
  public static JsonNode await(TestServer s, String key, String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      Reply r = s.call("GET", "/api/v1/export/" + id + "/", key, null);
      if (r.status() != 200) {
        throw new AssertionError("export not readable: " + r);
      }
      JsonNode job = r.json();
      if (FINISHED.contains(job.path("status").asText())) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("export did not finish: " + job);
      }
      sleep(50);
    }
  }

  /** Creates a lead export, waits for it, and insists that it is done. */
  public static JsonNode run(TestServer s, String key, Object body) {
    JsonNode job = await(s, key, create(s, key, body).path("id").asText());
    if (!job.path("status").asText().equals("done")) {
      throw new AssertionError("export did not succeed: " + job);
    }
    return job;
  }

  /** GETs a URL without credentials and without decoding, as a browser or curl would. */
  public static Reply get(String url, UnaryOperator<HttpRequest.Builder> build) {
    try {
      HttpRequest request = build.apply(HttpRequest.newBuilder(URI.create(url))).build();
      HttpResponse<byte[]> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
      ExchangeRecorder.record(request.method(), request.uri(), reply);
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The decoded content of a done export's file. */
  public static byte[] file(JsonNode job) {
    Reply r = get(job.path("download_url").asText(), b -> b);
    if (r.status() != 200) {
      throw new AssertionError("download failed: " + r.status() + " " + r.text());
    }
    return gunzip(r.body());
  }

  /**
   * The bytes of a done export's file exactly as served, which must carry no {@code
   * Content-Encoding} (a plain or {@code .zst} file, a Parquet file).
   */
  public static Reply download(JsonNode job) {
    Reply r = get(job.path("download_url").asText(), b -> b);
    if (r.status() != 200) {
      throw new AssertionError("download failed: " + r.status() + " " + r.text());
    }
    if (r.header("Content-Encoding") != null) {
      throw new AssertionError("a content coding where none was expected: " + r);
    }
    return r;
  }

  public static byte[] gunzip(byte[] gz) {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every lead of the workspace as the native API shows it, in id order. */
  public static List<JsonNode> nativeLeads(TestServer s, String key) {
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    do {
      Reply r =
          s.call(
              "GET",
              "/api/v1/leads?limit=200" + (cursor == null ? "" : "&cursor=" + cursor),
              key,
              null);
      if (r.status() != 200) {
        throw new AssertionError("lead list failed: " + r);
      }
      r.json().path("data").forEach(out::add);
      cursor = r.json().path("next_cursor").asText(null);
    } while (cursor != null);
    out.sort(java.util.Comparator.comparing(l -> l.path("id").asText()));
    return out;
  }

  /**
   * Polls the console export {@code id} (every 50 ms, for up to two minutes) until it leaves queued
   * and running, asserts it succeeded, and returns its last status.
   */
  public static JsonNode awaitConsole(TestServer s, String key, String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonNode job;
    do {
      sleep(50);
      job = s.call("GET", "/api/v1/exports/" + id, key, null).json();
      if (System.nanoTime() > deadline) {
        throw new AssertionError("export " + id + " did not finish: " + job);
      }
    } while (Set.of("queued", "running").contains(job.path("state").asText()));
    if (!job.path("state").asText().equals("succeeded")) {
      throw new AssertionError("export " + id + " did not succeed: " + job);
    }
    return job;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
