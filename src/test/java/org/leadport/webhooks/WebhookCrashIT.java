package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Processes.postgresUsing;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.json.Json;
import org.leadport.store.Database;
import org.leadport.testing.ChildServer;
import org.leadport.testing.TestDatabase;

/**
 * A delivery survives its node's death, black box: two real {@code leadport.jar serve} processes
 * share one database, each with one webhook worker and a 3 s lease. The receiver holds the first
 * attempt open; the node that made it (the lease owner, by pid) is killed with SIGKILL; the other
 * node claims the message once the lease has expired and delivers it, with the same {@code
 * webhook-id} and a valid signature.
 */
class WebhookCrashIT {
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration READY = Duration.ofSeconds(60);
  private static final String ADMIN_TOKEN = "lpa_webhook_crash_admin_token";
  private static final String SECRET = "webhook-crash-secret-webhook-crash-secret";

  @TempDir Path temp;

  private final List<ChildServer> children = new ArrayList<>();
  private Database db;

  @AfterEach
  void stopLeftovers() throws Exception {
    try {
      for (ChildServer child : children) {
        child.kill();
      }
      for (long pid : postgresUsing(temp.toRealPath())) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    } finally {
      if (db != null) {
        db.close();
      }
    }
  }

  @Test
  void aKilledNodesDeliveryIsDeliveredByAnotherAfterItsLease() throws Exception {
    db = TestDatabase.fresh();
    String jdbcUrl = db.dataSource().unwrap(HikariDataSource.class).getJdbcUrl();
    ChildServer a = launch("a", jdbcUrl);
    ChildServer b = launch("b", jdbcUrl);
    a.awaitReady(READY);
    b.awaitReady(READY);

    try (Receiver receiver = new Receiver().answering(n -> n == 0 ? 0 : 204)) {
      String ws =
          ChildServer.json(
                  a.send("POST", "/admin/v1/workspaces", ADMIN_TOKEN, "{\"name\":\"wh-crash\"}"),
                  201)
              .path("id")
              .asText();
      String key =
          ChildServer.json(
                  a.send(
                      "POST",
                      "/admin/v1/workspaces/" + ws + "/api-keys",
                      ADMIN_TOKEN,
                      "{\"name\":\"k\",\"scopes\":[\"leads.read\",\"leads.write\"]}"),
                  201)
              .path("key")
              .asText();
      String secret =
          ChildServer.json(
                  a.send(
                      "POST",
                      "/api/v1/webhooks",
                      key,
                      Json.text(WebhooksIT.endpoint(receiver.url("/crash"), "lead.created"))),
                  201)
              .path("secret")
              .asText();
      String lead =
          ChildServer.json(b.send("POST", "/api/v1/leads", key, "{\"name\":\"Survivor\"}"), 201)
              .path("id")
              .asText();

      // The first attempt hangs at the receiver; its node holds the lease.
      Receiver.Request first =
          receiver.await("/crash", l -> l.size() == 1, Duration.ofSeconds(30)).get(0);
      String owner = leaseOwner(first.id());
      ChildServer victim = owner.endsWith(":" + a.process().pid()) ? a : b;
      ChildServer survivor = victim == a ? b : a;
      assertThat(owner).endsWith(":" + victim.process().pid());
      long killed = System.nanoTime();
      victim.process().destroyForcibly();
      victim.process().waitFor();

      Receiver.Request second =
          receiver.await("/crash", l -> l.size() >= 2, Duration.ofSeconds(40)).get(1);
      long tookMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
      assertThat(second.id()).isEqualTo(first.id());
      assertThat(second.body()).isEqualTo(first.body());
      assertThat(Receiver.verifies(secret, second)).isTrue();
      assertThat(Json.parse(second.text()).path("data").path("id").asText()).isEqualTo(lead);
      // Not before the lease could have expired (it was taken when the attempt began).
      assertThat(second.receivedAt() - first.receivedAt())
          .isGreaterThanOrEqualTo(LEASE.toMillis() - 500);
      assertThat(tookMs).as("taken over within lease and polls").isLessThan(30_000);

      JsonNode log =
          awaitSucceeded(
              survivor,
              key,
              ChildServer.json(survivor.send("GET", "/api/v1/webhooks", key, null), 200)
                  .path("data")
                  .get(0)
                  .path("id")
                  .asText());
      JsonNode attempts = log.path("attempts");
      assertThat(attempts).hasSize(1);
      assertThat(attempts.get(0).path("status_code").asInt()).isEqualTo(204);
      assertThat(attemptOwner(first.id())).endsWith(":" + survivor.process().pid());
    }
  }

  private JsonNode awaitSucceeded(ChildServer s, String key, String webhook) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      JsonNode d =
          ChildServer.json(
                  s.send("GET", "/api/v1/webhooks/" + webhook + "/deliveries", key, null), 200)
              .path("data")
              .get(0);
      if (d.path("status").asText().equals("succeeded")) {
        return d;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("delivery never succeeded: " + d);
      }
      Thread.sleep(100);
    }
  }

  private String leaseOwner(String deliveryId) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      String owner = single("select lease_owner from webhook_deliveries where id = ?", deliveryId);
      if (owner != null) {
        return owner;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("delivery " + deliveryId + " was never leased");
      }
      Thread.sleep(50);
    }
  }

  private String attemptOwner(String deliveryId) throws Exception {
    return single(
        "select owner from webhook_attempts where delivery_id = ? order by attempted_at desc limit 1",
        deliveryId);
  }

  private String single(String sql, String param) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, param);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private ChildServer launch(String name, String jdbcUrl) throws IOException {
    Path dataDir = Files.createDirectories(temp.resolve("data-" + name)).toRealPath();
    ChildServer child =
        ChildServer.start(
            "webhook-crash-" + name,
            List.of("serve", "--port", "0", "--data-dir", dataDir.toString()),
            Map.of(
                "LEADPORT_DB_URL",
                jdbcUrl,
                "LEADPORT_DB_USER",
                TestDatabase.user(),
                "LEADPORT_DB_PASSWORD",
                TestDatabase.password(),
                "LEADPORT_SECRET",
                SECRET,
                "LEADPORT_ADMIN_TOKEN",
                ADMIN_TOKEN,
                "LEADPORT_WORKERS",
                "0",
                "LEADPORT_WEBHOOK_WORKERS",
                "1",
                "LEADPORT_WEBHOOK_LEASE",
                LEASE.toString(),
                "LEADPORT_WEBHOOK_ALLOW_PRIVATE",
                "true"));
    children.add(child);
    return child;
  }
}
