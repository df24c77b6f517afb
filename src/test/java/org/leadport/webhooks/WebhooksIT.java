package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ClassServer;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * Signed webhooks, black-box through a real server and a real receiver on loopback (the server
 * allows private destinations, as {@code LEADPORT_WEBHOOK_ALLOW_PRIVATE} does, and retries on a
 * shrunk schedule of four attempts): at-least-once delivery through failures with signatures a
 * receiver verifies on its own, rotation's two signatures, redirects not followed, an endpoint
 * disabled (and its owner mailed) after persistent failure, the delivery log with redelivery, and
 * lead events from the change feed. Endpoint management is {@link WebhookEndpointsIT}'s, a node's
 * death mid-delivery {@link WebhookCrashIT}'s.
 */
class WebhooksIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @RegisterExtension
  static final ClassServer SERVER =
      ClassServer.mailing(b ->
          b.webhooks(w ->
              w.withAllowPrivate(true)
                  .withSchedule(BackoffSchedule.parse("PT0.3S,PT0.3S,PT0.3S"))));

  private static TestServer server() {
    return SERVER.server();
  }

  @Test
  void aReceiverThatFailsTwiceGetsTheExportEventWithAValidSignature() throws Exception {
    var t = server().tenant("wh-export");
    server().seed(t.workspaceId(), 7, 3);
    try (Receiver receiver = new Receiver().answering(n -> n < 2 ? 503 : 200)) {
      String secret = create(t.key(), receiver.url("/export"), "export.completed", "export.failed");
      JsonNode job =
          AsyncExports.run(
              server(), t.key(), Json.object().put("type", "leads").put("format", "csv"));
      List<Receiver.Request> got = receiver.await("/export", r -> r.size() >= 3, WAIT);
      Receiver.Request first = got.get(0);
      // Every attempt is the same message: same id and body, each signed anew.
      for (Receiver.Request r : got) {
        assertThat(r.id()).isEqualTo(first.id()).startsWith("msg_");
        assertThat(r.body()).isEqualTo(first.body());
        assertThat(Receiver.verifies(secret, r)).as(r.toString()).isTrue();
        assertThat(Math.abs(Long.parseLong(r.timestamp()) - r.receivedAt() / 1000)).isLessThan(5);
      }
      JsonNode payload = Json.parse(first.text());
      assertThat(payload.path("type").asText()).isEqualTo("export.completed");
      assertThat(payload.path("timestamp").asText()).endsWith("Z");
      JsonNode data = payload.path("data");
      assertThat(data.path("id").asText()).isEqualTo(job.path("id").asText());
      assertThat(data.path("status").asText()).isEqualTo("succeeded");
      assertThat(data.path("rows").asLong()).isEqualTo(7);
      assertThat(data.path("format").asText()).isEqualTo("csv");
      assertThat(data.path("download_url").asText())
          .contains("/downloads/" + job.path("id").asText());

      // A tampered body, or another secret, fails the published algorithm.
      byte[] tampered =
          first.text().replace("\"rows\":7", "\"rows\":8").getBytes(StandardCharsets.UTF_8);
      assertThat(tampered).isNotEqualTo(first.body());
      assertThat(
              Receiver.verifies(secret, first.id(), first.timestamp(), tampered, first.signature()))
          .isFalse();
      assertThat(Receiver.verifies(WebhookSecret.generate().text(), first)).isFalse();
      Thread.sleep(1000);
      assertThat(receiver.requests("/export")).hasSize(3);
    }
  }

  @Test
  void afterARotationBothSecretsSignUntilTheOverlapEnds() throws Exception {
    var t = server().tenant("wh-rotate");
    try (Receiver receiver = new Receiver()) {
      String old = create(t.key(), receiver.url("/rotate"), "lead.created");
      JsonNode webhook =
          server().call("GET", "/api/v1/webhooks", t.key(), null).json().path("data").get(0);
      String id = webhook.path("id").asText();
      Reply rotated =
          server().call("POST", "/api/v1/webhooks/" + id + "/rotate-secret", t.key(), null);
      assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
      String fresh = rotated.json().path("secret").asText();
      assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
      assertThat(rotated.json().path("previous_secret_expires_at").asText()).isNotEmpty();

      createLead(t.key(), "Rotated Inc");
      Receiver.Request r = receiver.await("/rotate", l -> !l.isEmpty(), WAIT).get(0);
      String[] signatures = r.signature().split(" ");
      assertThat(signatures).hasSize(2).allSatisfy(s -> assertThat(s).startsWith("v1,"));
      assertThat(Receiver.verifies(fresh, r.id(), r.timestamp(), r.body(), signatures[0])).isTrue();
      assertThat(Receiver.verifies(old, r.id(), r.timestamp(), r.body(), signatures[1])).isTrue();
      assertThat(Receiver.verifies(fresh, r)).isTrue();
      assertThat(Receiver.verifies(old, r)).isTrue();
    }
  }

  @Test
  void redirectsAreNotFollowedAndCountAsFailures() throws Exception {
    var t = server().tenant("wh-redirect");
    try (Receiver receiver = new Receiver()) {
      create(t.key(), receiver.url("/redirect"), "lead.created");
      createLead(t.key(), "Redirected");
      receiver.await("/redirect", l -> l.size() >= 2, WAIT);
      Thread.sleep(500);
      assertThat(receiver.requests("/redirect-target")).isEmpty();
      JsonNode log = deliveries(t.key(), webhookId(t.key()));
      JsonNode attempts = log.path("data").get(0).path("attempts");
      assertThat(attempts.get(0).path("status_code").asInt()).isEqualTo(302);
    }
  }

  @Test
  void persistentFailureDisablesTheEndpointAndMailsItsOwner() throws Exception {
    String ws = server().createWorkspace("wh-disable");
    String to = "hooks-owner@example.com";
    ObjectNode keyBody = Json.object().put("name", "owner").put("email", to);
    keyBody.putArray("scopes").add("leads.read").add("leads.write");
    String key =
        server()
            .admin("POST", "/admin/v1/workspaces/" + ws + "/api-keys", keyBody)
            .json()
            .path("key")
            .asText();
    try (Receiver receiver = new Receiver().answering(n -> 500)) {
      create(key, receiver.url("/down"), "lead.created", "lead.updated");
      String id = webhookId(key);
      createLead(key, "Nobody Home");
      // The shrunk schedule: four attempts, then the message fails and the endpoint is disabled.
      receiver.await("/down", l -> l.size() >= 4, WAIT);
      JsonNode webhook = awaitStatus(key, id, "disabled");
      assertThat(webhook.path("disabled_reason").asText())
          .contains("4 attempts")
          .contains("HTTP 500");
      assertThat(SERVER.mail().waitForIncomingEmail(WAIT.toMillis(), 1)).isTrue();
      MimeMessage mail =
          Arrays.stream(SERVER.mail().getReceivedMessages())
              .filter(m -> subject(m).contains(id))
              .findFirst()
              .orElseThrow();
      assertThat(mail.getAllRecipients()).containsExactly(new InternetAddress(to));
      assertThat(mail.getSubject()).isEqualTo("Your Leadport webhook " + id + " was disabled");
      assertThat(GreenMailUtil.getBody(mail)).contains(receiver.url("/down")).contains("HTTP 500");
      JsonNode log = deliveries(key, id).path("data");
      assertThat(log.get(0).path("status").asText()).isEqualTo("failed");
      assertThat(log.get(0).path("attempts")).hasSize(4);

      // Disabled: nothing more goes out; redelivery says to enable first.
      int before = receiver.requests("/down").size();
      createLead(key, "Still Nobody");
      Thread.sleep(2500);
      assertThat(receiver.requests("/down")).hasSize(before);
      String msg = log.get(0).path("id").asText();
      assertError(
          server()
              .call(
                  "POST",
                  "/api/v1/webhooks/" + id + "/deliveries/" + msg + "/redeliver",
                  key,
                  null),
          409,
          "webhook_disabled",
          null);
      // Enabled again and working: a redelivery goes out and succeeds.
      receiver.answering(n -> 200);
      assertThat(server().call("POST", "/api/v1/webhooks/" + id + "/enable", key, null).status())
          .isEqualTo(200);
      Reply again =
          server()
              .call(
                  "POST",
                  "/api/v1/webhooks/" + id + "/deliveries/" + msg + "/redeliver",
                  key,
                  null);
      assertThat(again.status()).as(again.toString()).isEqualTo(202);
      List<Receiver.Request> got = receiver.await("/down", l -> l.size() > before, WAIT);
      assertThat(got.getLast().id()).isEqualTo(msg);
    }
  }

  @Test
  void theDeliveryLogPagesNewestFirstAndRedeliverySendsTheSameMessageAgain() throws Exception {
    var t = server().tenant("wh-log");
    try (Receiver receiver = new Receiver()) {
      String secret =
          create(t.key(), receiver.url("/log"), "lead.created", "lead.updated", "lead.deleted");
      String id = webhookId(t.key());
      String lead = createLead(t.key(), "Logged");
      assertThat(
              server()
                  .call(
                      "PATCH",
                      "/api/v1/leads/" + lead,
                      t.key(),
                      Json.object().put("name", "Logged 2"))
                  .status())
          .isEqualTo(200);
      assertThat(server().call("DELETE", "/api/v1/leads/" + lead, t.key(), null).status())
          .isEqualTo(204);
      List<Receiver.Request> got = receiver.await("/log", l -> l.size() >= 3, WAIT);
      Set<String> types =
          got.stream().map(r -> parse(r.text()).path("type").asText()).collect(Collectors.toSet());
      assertThat(types).containsExactlyInAnyOrder("lead.created", "lead.updated", "lead.deleted");
      for (Receiver.Request r : got) {
        assertThat(Receiver.verifies(secret, r)).isTrue();
        JsonNode data = parse(r.text()).path("data");
        assertThat(data.path("id").asText()).isEqualTo(lead);
        assertThat(parse(r.text()).path("type").asText())
            .isEqualTo("lead." + data.path("op").asText());
        assertThat(data.path("changed_at").asText()).isNotEmpty();
        assertThat(data.path("position").asText()).isNotEmpty();
      }
      awaitLog(t.key(), id, 3);

      JsonNode first =
          server()
              .call("GET", "/api/v1/webhooks/" + id + "/deliveries?limit=2", t.key(), null)
              .json();
      assertThat(first.path("data")).hasSize(2);
      assertThat(first.path("has_more").asBoolean()).isTrue();
      String cursor = first.path("next_cursor").asText();
      JsonNode second =
          server()
              .call(
                  "GET",
                  "/api/v1/webhooks/" + id + "/deliveries?limit=2&cursor=" + cursor,
                  t.key(),
                  null)
              .json();
      assertThat(second.path("data")).hasSize(1);
      assertThat(second.path("has_more").asBoolean()).isFalse();
      String newest = first.path("data").get(0).path("created_at").asText();
      String oldest = second.path("data").get(0).path("created_at").asText();
      assertThat(newest.compareTo(oldest)).isGreaterThanOrEqualTo(0);
      JsonNode entry = first.path("data").get(0);
      assertThat(entry.path("status").asText()).isEqualTo("succeeded");
      JsonNode attempt = entry.path("attempts").get(0);
      assertThat(attempt.path("status_code").asInt()).isEqualTo(204);
      assertThat(attempt.path("duration_ms").isIntegralNumber()).isTrue();
      assertThat(attempt.path("at").asText()).endsWith("Z");
      // A cursor of another endpoint is refused.
      var other = server().tenant("wh-log-other");
      assertThat(
              server()
                  .call(
                      "GET",
                      "/api/v1/webhooks/" + id + "/deliveries?cursor=" + cursor,
                      other.key(),
                      null)
                  .status())
          .isEqualTo(404);

      String msg = entry.path("id").asText();
      int before = receiver.requests("/log").size();
      Reply redelivered =
          server()
              .call(
                  "POST",
                  "/api/v1/webhooks/" + id + "/deliveries/" + msg + "/redeliver",
                  t.key(),
                  null);
      assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
      Receiver.Request again = receiver.await("/log", l -> l.size() > before, WAIT).getLast();
      assertThat(again.id()).isEqualTo(msg);
      assertThat(Receiver.verifies(secret, again)).isTrue();
      assertError(
          server()
              .call(
                  "POST",
                  "/api/v1/webhooks/" + id + "/deliveries/msg_nope/redeliver",
                  t.key(),
                  null),
          404,
          "not_found",
          null);
    }
  }

  @Test
  void aNewEndpointGetsNoHistory() throws Exception {
    var t = server().tenant("wh-history");
    createLead(t.key(), "Before");
    try (Receiver receiver = new Receiver()) {
      create(t.key(), receiver.url("/fresh"), "lead.created");
      String after = createLead(t.key(), "After");
      Receiver.Request r = receiver.await("/fresh", l -> !l.isEmpty(), WAIT).get(0);
      assertThat(parse(r.text()).path("data").path("id").asText()).isEqualTo(after);
      Thread.sleep(2000);
      assertThat(receiver.requests("/fresh")).hasSize(1);
    }
  }

  // ---------------------------------------------------------------------------------------------

  static ObjectNode endpoint(String url, String... events) {
    ObjectNode body = Json.object().put("url", url);
    var array = body.putArray("events");
    for (String e : events) {
      array.add(e);
    }
    return body;
  }

  /** Creates an endpoint and returns its secret. */
  private static String create(String key, String url, String... events) {
    Reply r = server().call("POST", "/api/v1/webhooks", key, endpoint(url, events));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("secret").asText();
  }

  private static String webhookId(String key) {
    return server()
        .call("GET", "/api/v1/webhooks", key, null)
        .json()
        .path("data")
        .get(0)
        .path("id")
        .asText();
  }

  private static String createLead(String key, String name) {
    Reply r = server().call("POST", "/api/v1/leads", key, Json.object().put("name", name));
    assertThat(r.status()).as(r.toString()).isEqualTo(201);
    return r.json().path("id").asText();
  }

  private static JsonNode deliveries(String key, String id) {
    Reply r = server().call("GET", "/api/v1/webhooks/" + id + "/deliveries", key, null);
    assertThat(r.status()).as(r.toString()).isEqualTo(200);
    return r.json();
  }

  /** Waits until the log holds {@code n} succeeded messages. */
  private static void awaitLog(String key, String id, int n) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode data = deliveries(key, id).path("data");
      long done = 0;
      for (JsonNode d : data) {
        if (d.path("status").asText().equals("succeeded")) {
          done++;
        }
      }
      if (done >= n) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("log never had " + n + " succeeded: " + data);
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode awaitStatus(String key, String id, String status)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      JsonNode w = server().call("GET", "/api/v1/webhooks/" + id, key, null).json();
      if (w.path("status").asText().equals(status)) {
        return w;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("webhook never " + status + ": " + w);
      }
      Thread.sleep(100);
    }
  }

  private static JsonNode parse(String text) {
    return TestServer.parse(text);
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (jakarta.mail.MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
