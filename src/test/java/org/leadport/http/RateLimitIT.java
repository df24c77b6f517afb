package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.http.RateLimiter.Group;
import org.leadport.json.Json;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;
import org.leadport.testing.TestServer.Tenant;

/**
 * Rate limits (PRODUCT §1 LEADPORT_RATE_LIMIT, §4, docs/operations.md "Limits"): per key and
 * endpoint group, shared by nodes through PostgreSQL, exact under concurrency, plus the per-address
 * bucket of failed authentication. Time is moved with a clock the servers share, never slept.
 */
class RateLimitIT {
  static final int LIMIT = 20;

  static OffsetClock clock;
  static TestServer server;

  @BeforeAll
  static void start() {
    clock = new OffsetClock();
    server = TestServer.start(clock, LIMIT);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyResponseOfAKeyCarriesTheTrio() {
    Tenant t = server.tenant("headers");
    Instant now = clock.instant();
    Instant reset = null;
    for (int i = 1; i <= 3; i++) {
      Reply r = server.call("GET", "/api/v1/leads", t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - i));
      assertThat(r.header("Retry-After")).isNull();
      Instant at = Instant.parse(r.header("X-RateLimit-Reset"));
      // The window began with the first request: a minute later, rounded up to a whole second.
      assertThat(at).isAfter(now).isBeforeOrEqualTo(clock.instant().plusSeconds(61));
      assertThat(r.header("X-RateLimit-Reset")).endsWith("Z").doesNotContain(".");
      // A fixed window: its end does not move while it lasts.
      if (reset != null) {
        assertThat(at).isEqualTo(reset);
      }
      reset = at;
    }

    // Errors after authentication count and carry the headers too: a 404, a 400 and a 403.
    Reply missing = server.call("GET", "/api/v1/leads/lead_nope", t.key(), null);
    assertError(missing, 404, "not_found", null);
    assertThat(missing.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 4));
    assertThat(missing.header("X-RateLimit-Reset")).isEqualTo(reset.toString());
    Reply bad = server.call("GET", "/api/v1/leads?nope=1", t.key(), null);
    assertError(bad, 400, "invalid_parameter", "nope");
    assertThat(bad.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 5));
    String readOnly = server.createKey(t.workspaceId(), "leads.read");
    Reply forbidden =
        server.call("POST", "/api/v1/leads", readOnly, Json.object().put("name", "x"));
    assertError(forbidden, 403, "insufficient_scope", "leads.write");
    assertThat(forbidden.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
    assertThat(forbidden.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));

    // A 401 says nothing about any budget.
    Reply denied = server.call("GET", "/api/v1/leads", "lp_nope", null);
    assertError(denied, 401, "unauthorized", null);
    assertThat(denied.header("X-RateLimit-Limit")).isNull();
    assertThat(denied.header("X-RateLimit-Remaining")).isNull();

    // The window ends: the whole budget is back, with a new reset a minute later.
    clock.advance(Duration.between(clock.instant(), reset).plusSeconds(1));
    Reply next = server.call("GET", "/api/v1/leads", t.key(), null);
    assertThat(next.status()).isEqualTo(200);
    assertThat(next.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));
    Instant nextReset = Instant.parse(next.header("X-RateLimit-Reset"));
    assertThat(nextReset).isAfter(reset).isBeforeOrEqualTo(clock.instant().plusSeconds(61));
  }

  @Test
  void concurrentRequestsAreAdmittedExactlyUpToTheLimit() throws Exception {
    Tenant t = server.tenant("concurrent");
    List<Reply> replies =
        concurrently(50, () -> server.call("GET", "/api/v1/leads", t.key(), null));
    assertAdmittedExactly(replies, LIMIT);

    // The bucket is empty: further requests of the group are refused, sequentially too.
    Reply again = server.call("GET", "/api/v1/leads/lead_nope", t.key(), null);
    assertRateLimited(again);
  }

  @Test
  void groupsAndKeysHaveTheirOwnBuckets() {
    Tenant t = server.tenant("independent");
    for (int i = 0; i < LIMIT; i++) {
      assertThat(server.call("GET", "/api/v1/leads", t.key(), null).status()).isEqualTo(200);
    }
    assertRateLimited(server.call("GET", "/api/v1/leads", t.key(), null));
    assertRateLimited(
        server.call("POST", "/api/v1/leads", t.key(), Json.object().put("name", "blocked")));

    // Same key, other groups: full budgets.
    for (String path : List.of("/api/v1/statuses", "/api/v1/lists")) {
      Reply r = server.call("GET", path, t.key(), null);
      assertThat(r.status()).as(r.toString()).isEqualTo(200);
      // statuses and lists are both the catalog group: one bucket between them.
      int used = path.equals("/api/v1/statuses") ? 1 : 2;
      assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - used));
    }
    // Another key, even of the same workspace: its own bucket.
    String other = server.createKey(t.workspaceId(), "leads.read");
    Reply r = server.call("GET", "/api/v1/leads", other, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));
  }

  @Test
  void failedAuthenticationIsLimitedPerAddressButValidKeysStillWork() {
    TestServer own = TestServer.start(clock, LIMIT);
    try {
      Tenant t = own.tenant("victim");
      List<Reply> denied = new ArrayList<>();
      Reply blocked = null;
      for (int i = 0; i < 100 && blocked == null; i++) {
        // Missing, unknown and malformed credentials all count.
        String key =
            switch (i % 3) {
              case 0 -> null;
              case 1 -> "lp_" + "x".repeat(43);
              default -> "garbage-" + i;
            };
        Reply r = own.call("GET", "/api/v1/leads", key, null);
        if (r.status() == 429) {
          blocked = r;
        } else {
          denied.add(r);
        }
      }
      assertThat(blocked).as("no 429 after 100 failed authentications").isNotNull();
      assertThat(denied).hasSize(Math.min(LIMIT, RateLimiter.FAILED_AUTH_PER_MINUTE));
      // Until then, the very same 401 every time: nothing to learn from it.
      String first = withoutRequestId(denied.get(0));
      for (Reply r : denied) {
        assertError(r, 401, "unauthorized", null);
        assertThat(r.header("WWW-Authenticate")).isEqualTo(Authenticator.CHALLENGE);
        assertThat(withoutRequestId(r)).isEqualTo(first);
        assertThat(r.header("X-RateLimit-Remaining")).isNull();
        assertThat(r.header("Retry-After")).isNull();
      }
      assertRateLimited(blocked);
      assertRateLimited(own.call("GET", "/api/v1/statuses", "lp_other", null));

      // A valid key from the same address is not affected, and counts in its own bucket.
      Reply ok = own.call("GET", "/api/v1/leads", t.key(), null);
      assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
      assertThat(ok.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));

      // Another server over another database knows nothing of this address's failures.
      assertError(server.call("GET", "/api/v1/leads", "lp_nope", null), 401, "unauthorized", null);
    } finally {
      own.close();
    }
  }

  @Test
  void nodesOnOneDatabaseShareTheBuckets() throws Exception {
    Tenant t = server.tenant("cluster");
    try (TestServer second = server.sibling()) {
      // Sequentially: the second node continues the first one's count.
      Reply a = server.call("GET", "/api/v1/statuses", t.key(), null);
      Reply b = second.call("GET", "/api/v1/statuses", t.key(), null);
      assertThat(a.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 1));
      assertThat(b.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(LIMIT - 2));
      assertThat(b.header("X-RateLimit-Reset")).isEqualTo(a.header("X-RateLimit-Reset"));

      // Concurrently, split across both nodes: exactly the limit in total.
      List<Reply> replies = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(40);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Reply>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          TestServer node = i % 2 == 0 ? server : second;
          futures.add(
              pool.submit(() -> {
                go.await();
                return node.call("GET", "/api/v1/leads", t.key(), null);
              }));
        }
        go.countDown();
        for (Future<Reply> f : futures) {
          replies.add(f.get());
        }
      } finally {
        pool.shutdownNow();
      }
      assertAdmittedExactly(replies, LIMIT);
    }
  }

  @Test
  void endpointGroupsFollowTheRoutes() {
    assertThat(Group.of("/api/v1/leads")).isEqualTo(Group.LEADS);
    assertThat(Group.of("/api/v1/leads/lead_1")).isEqualTo(Group.LEADS);
    assertThat(Group.of("/api/v1/leads/bulk")).isEqualTo(Group.LEADS);
    assertThat(Group.of("/api/v1/leads/export")).isEqualTo(Group.EXPORT);
    assertThat(Group.of("/api/v1/export/lead/")).isEqualTo(Group.EXPORT);
    assertThat(Group.of("/api/v1/export/")).isEqualTo(Group.EXPORT);
    assertThat(Group.of("/api/v2/contacts/exports/7.csv")).isEqualTo(Group.EXPORT);
    assertThat(Group.of("/crm/v3/exports/export/async")).isEqualTo(Group.EXPORT);
    assertThat(Group.of("/api/v1/statuses/st_1")).isEqualTo(Group.CATALOG);
    assertThat(Group.of("/api/v1/custom_fields")).isEqualTo(Group.CATALOG);
    assertThat(Group.of("/api/v1/lists/l_1/members")).isEqualTo(Group.CATALOG);
    assertThat(Group.of("/api/v1/saved_searches")).isEqualTo(Group.CATALOG);
    assertThat(Group.of("/api/v1/data/search/")).isEqualTo(Group.SEARCH);
    assertThat(Group.of("/crm/v3/objects/contacts/search")).isEqualTo(Group.SEARCH);
    assertThat(Group.of("/crm/v3/objects/contacts")).isEqualTo(Group.CRM);
    assertThat(Group.of("/api/v1/leadsx")).isEqualTo(Group.API);
  }

  private static List<Reply> concurrently(int n, Supplier<Reply> request) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Reply>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        futures.add(
            pool.submit(() -> {
              go.await();
              return request.get();
            }));
      }
      go.countDown();
      List<Reply> replies = new ArrayList<>();
      for (Future<Reply> f : futures) {
        replies.add(f.get());
      }
      return replies;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertAdmittedExactly(List<Reply> replies, int admitted) {
    List<Reply> ok = replies.stream().filter(r -> r.status() == 200).toList();
    List<Reply> limited = replies.stream().filter(r -> r.status() != 200).toList();
    assertThat(ok).hasSize(admitted);
    assertThat(limited).hasSize(replies.size() - admitted);
    limited.forEach(RateLimitIT::assertRateLimited);
    // Each admitted request saw a different remaining count: LIMIT-1 down to 0.
    assertThat(ok.stream().map(r -> Integer.parseInt(r.header("X-RateLimit-Remaining"))))
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, admitted).boxed().toList());
  }

  private static void assertRateLimited(Reply r) {
    assertError(r, 429, "rate_limited", null);
    assertThat(r.header("Retry-After")).as(r.toString()).matches("[1-9][0-9]*");
    assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
    assertThat(r.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(LIMIT));
    assertThat(r.header("X-RateLimit-Remaining")).isEqualTo("0");
    Instant reset = Instant.parse(r.header("X-RateLimit-Reset"));
    assertThat(reset).isAfter(clock.instant()).isBeforeOrEqualTo(clock.instant().plusSeconds(61));
  }

  private static String withoutRequestId(Reply r) {
    ObjectNode body = (ObjectNode) r.json();
    body.remove("request_id");
    return body.toString();
  }

  /** The system clock moved forward by however much a test says. Thread-safe. */
  static final class OffsetClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    void advance(Duration by) {
      offset = offset.plus(by);
    }

    @Override
    public Instant instant() {
      return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
