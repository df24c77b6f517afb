package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.Errors;
import org.leadport.testing.MutableClock;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * The job engine through the Close surface: quota, one export at a time per workspace, idempotency,
 * signed download links (tampering, expiry, ranges, deletion) and cancel.
 */
class AsyncJobsIT {
  static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  static ObjectNode csv() {
    return Json.object().put("type", "leads").put("format", "csv").put("send_done_email", false);
  }

  static void seed(TestServer s, Tenant t, int leads) {
    s.seed(t.workspaceId(), leads, 3);
  }

  @Test
  void theQuotaCountsExportsOfTheLast24HoursAndSaysWhenTheNextIsAllowed() {
    MutableClock clock = new MutableClock(T0);
    try (TestServer s = TestServer.builder().clock(clock).exports(e -> e.withQuota(3)).start()) {
      Tenant t = s.tenant("quota");
      Tenant other = s.tenant("quota-other");
      for (int i = 0; i < 3; i++) {
        assertThat(s.call("POST", "/api/v1/export/lead/", t.key(), csv()).status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(10));
      }
      Reply refused = s.call("POST", "/api/v1/export/lead/", t.key(), csv());
      Errors.assertError(refused, 429, "export_quota_exceeded", null);
      // The first export was made 30 s ago; it ages out in 24 h - 30 s.
      assertThat(refused.header("Retry-After")).isEqualTo(Long.toString(86_400 - 30));
      assertThat(refused.header("X-RateLimit-Limit")).isNotNull();
      assertThat(refused.header("X-RateLimit-Remaining")).isNotNull();
      assertThat(refused.header("X-RateLimit-Reset")).isNotNull();
      assertThat(s.call("POST", "/api/v1/export/lead/", other.key(), csv()).status())
          .isEqualTo(200);
      clock.advance(Duration.ofSeconds(86_400 - 30 - 1));
      assertThat(s.call("POST", "/api/v1/export/lead/", t.key(), csv()).header("Retry-After"))
          .isEqualTo("1");
      clock.advance(Duration.ofSeconds(1));
      assertThat(s.call("POST", "/api/v1/export/lead/", t.key(), csv()).status()).isEqualTo(200);
    }
  }

  @Test
  void aWorkspaceRunsOneExportAtATimeInCreationOrder() {
    try (TestServer s =
        TestServer.builder().exports(e -> e.withWorkers(3, Duration.ofSeconds(30))).start()) {
      Tenant t = s.tenant("one-at-a-time");
      seed(s, t, 2_000);
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        ObjectNode body = Json.object().put("type", "leads").put("format", "json");
        body.put("include_activities", true).put("send_done_email", false);
        ids.add(AsyncExports.create(s, t.key(), body).path("id").asText());
      }
      List<JsonNode> done = new ArrayList<>();
      for (String id : ids) {
        done.add(AsyncExports.await(s, t.key(), id));
      }
      for (int i = 1; i < done.size(); i++) {
        Instant finishedBefore = Instant.parse(done.get(i - 1).path("date_finished").asText());
        Instant started = Instant.parse(done.get(i).path("date_started").asText());
        assertThat(started)
            .as("export %d started after %d finished", i, i - 1)
            .isAfterOrEqualTo(finishedBefore);
      }
    }
  }

  @Test
  void anIdempotencyKeyReturnsTheSameExportForTheSameRequestOnly() {
    try (TestServer s = TestServer.start()) {
      Tenant t = s.tenant("idempotent");
      Reply first = s.send("/api/v1/export/lead/", b -> post(b, t.key(), "key-1", csv()));
      Reply again = s.send("/api/v1/export/lead/", b -> post(b, t.key(), "key-1", csv()));
      assertThat(first.status()).isEqualTo(200);
      assertThat(again.status()).isEqualTo(200);
      assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
      assertThat(again.json().path("id")).isEqualTo(first.json().path("id"));
      Reply changed =
          s.send(
              "/api/v1/export/lead/", b -> post(b, t.key(), "key-1", csv().put("format", "json")));
      Errors.assertError(changed, 422, "idempotency_key_reused", "Idempotency-Key");
      Reply elsewhere =
          s.send(
              "/api/v1/export/opportunity/",
              b -> post(b, t.key(), "key-1", Json.object().put("format", "csv")));
      assertThat(elsewhere.status()).isEqualTo(422);
      Reply fresh = s.send("/api/v1/export/lead/", b -> post(b, t.key(), "key-2", csv()));
      assertThat(fresh.json().path("id")).isNotEqualTo(first.json().path("id"));
      Reply noKey = s.call("POST", "/api/v1/export/lead/", t.key(), csv());
      assertThat(noKey.json().path("id")).isNotEqualTo(first.json().path("id"));
      Errors.assertError(
          s.send("/api/v1/export/lead/", b -> post(b, t.key(), "bad key", csv())),
          400,
          "invalid_parameter",
          "Idempotency-Key");
    }
  }

  static java.net.http.HttpRequest.Builder post(
      java.net.http.HttpRequest.Builder b, String key, String idempotencyKey, Object body) {
    return b.header("Authorization", "Bearer " + key)
        .header("Idempotency-Key", idempotencyKey)
        .header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
  }

  @Test
  void downloadLinksRefuseEveryAlterationAndExpire() {
    MutableClock clock = new MutableClock(T0);
    try (TestServer s = TestServer.builder().clock(clock).start()) {
      Tenant t = s.tenant("links");
      seed(s, t, 50);
      JsonNode job = AsyncExports.run(s, t.key(), csv());
      String url = job.path("download_url").asText();
      assertThat(url).startsWith(s.url("/downloads/" + job.path("id").asText() + "/"));
      assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(200);

      int start = url.indexOf("/downloads/") + "/downloads/".length();
      int refused = 0;
      for (int i = start; i < url.length(); i++) {
        for (char c : new char[] {'A', 'z', '0', '_'}) {
          if (url.charAt(i) == c) {
            continue;
          }
          String altered = url.substring(0, i) + c + url.substring(i + 1);
          Reply r = AsyncExports.get(altered, b -> b);
          assertThat(r.status()).as("%s", altered).isEqualTo(403);
          assertThat(r.json().path("code").asText()).isEqualTo("invalid_download_url");
          refused++;
        }
      }
      assertThat(refused).isGreaterThan(3 * (url.length() - start) - 10);
      Reply truncated = AsyncExports.get(url.substring(0, url.indexOf("&signature=")), b -> b);
      assertThat(truncated.status()).isEqualTo(403);

      clock.advance(Duration.ofMinutes(5).minusSeconds(1));
      assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(1));
      assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(403);
      String fresh =
          s.call("GET", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null)
              .json()
              .path("download_url")
              .asText();
      assertThat(fresh).isNotEqualTo(url);
      assertThat(AsyncExports.get(fresh, b -> b).status()).isEqualTo(200);
    }
  }

  @Test
  void downloadsResumeWithRangesAndDieWithTheirExport() throws IOException {
    try (TestServer s = TestServer.start()) {
      Tenant t = s.tenant("ranges");
      seed(s, t, 200);
      JsonNode job = AsyncExports.run(s, t.key(), csv());
      String url = job.path("download_url").asText();
      Reply full = AsyncExports.get(url, b -> b);
      int half = full.body().length / 2;
      Reply head = AsyncExports.get(url, b -> b.header("Range", "bytes=0-" + (half - 1)));
      assertThat(head.status()).isEqualTo(206);
      Reply tail =
          AsyncExports.get(
              url,
              b ->
                  b.header("Range", "bytes=" + half + "-").header("If-Range", full.header("ETag")));
      assertThat(tail.status()).isEqualTo(206);
      assertThat(tail.header("Content-Range"))
          .isEqualTo("bytes " + half + "-" + (full.body().length - 1) + "/" + full.body().length);
      byte[] joined = new byte[full.body().length];
      System.arraycopy(head.body(), 0, joined, 0, half);
      System.arraycopy(tail.body(), 0, joined, half, tail.body().length);
      assertThat(joined).isEqualTo(full.body());

      Reply deleted =
          s.call("DELETE", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null);
      assertThat(deleted.status()).isEqualTo(204);
      assertThat(AsyncExports.get(url, b -> b).status()).isEqualTo(403);
      Errors.assertError(
          s.call("GET", "/api/v1/export/" + job.path("id").asText() + "/", t.key(), null),
          404,
          "not_found",
          null);
      assertThat(files(s)).isEmpty();
    }
  }

  @Test
  void cancelStopsAQueuedOrRunningExportAndLeavesNoFile() throws Exception {
    try (TestServer s = TestServer.start()) {
      Tenant t = s.tenant("cancel");
      seed(s, t, 20_000);
      ObjectNode big = Json.object().put("type", "leads").put("format", "json");
      big.put("include_activities", true).put("send_done_email", false);
      String running = AsyncExports.create(s, t.key(), big).path("id").asText();
      String queued = AsyncExports.create(s, t.key(), csv()).path("id").asText();
      awaitStatus(s, t, running, "started", "in_progress");
      Reply canceledRunning =
          s.call("POST", "/api/v1/export/" + running + "/cancel/", t.key(), null);
      assertThat(canceledRunning.status()).isEqualTo(200);
      assertThat(canceledRunning.json().path("status").asText()).isEqualTo("canceled");
      assertThat(canceledRunning.json().path("download_url").isNull()).isTrue();
      Reply canceledQueued = s.call("POST", "/api/v1/export/" + queued + "/cancel/", t.key(), null);
      assertThat(canceledQueued.json().path("status").asText()).isEqualTo("canceled");
      // The worker notices at its next heartbeat (within a second) and deletes what it wrote once
      // the batch in flight is done. The wait counts from the last cancel: the second export may
      // be running on the second worker thread already, and on a loaded machine the two cancel
      // calls and a batch of 500 documents with activities take seconds (it timed out at 1.5 s
      // from the first cancel with the CSV export's file, not the JSON one's, still there).
      long before = System.nanoTime();
      while (!files(s).isEmpty() && System.nanoTime() - before < 15_000_000_000L) {
        Thread.sleep(20);
      }
      assertThat(files(s)).isEmpty();
      Thread.sleep(500);
      assertThat(files(s)).isEmpty();
      assertThat(AsyncExports.await(s, t.key(), running).path("status").asText())
          .isEqualTo("canceled");
      Errors.assertError(
          s.call("POST", "/api/v1/export/" + running + "/cancel/", t.key(), null),
          409,
          "export_finished",
          null);
    }
  }

  static void awaitStatus(TestServer s, Tenant t, String id, String... statuses)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (System.nanoTime() < deadline) {
      String status =
          s.call("GET", "/api/v1/export/" + id + "/", t.key(), null).json().path("status").asText();
      if (List.of(statuses).contains(status)) {
        return;
      }
      assertThat(status)
          .as("export %s finished before it could be canceled", id)
          .isIn("created", "started", "in_progress");
      Thread.sleep(5);
    }
    throw new AssertionError("export " + id + " never reached " + List.of(statuses));
  }

  /** Every file under the server's export storage, partial ones included. */
  static List<Path> files(TestServer s) throws IOException {
    Path root = s.settings().dataDir().resolve("exports");
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).toList();
    }
  }
}
