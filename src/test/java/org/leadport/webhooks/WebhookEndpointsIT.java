package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.leadport.testing.Errors.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.leadport.json.Json;
import org.leadport.testing.ClassServer;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * Webhook endpoints through the API of a real server: created with a secret shown once, read,
 * listed and deleted per workspace under {@code leads.write}; bad URLs and unknown events are 400s
 * naming the field; and without {@code LEADPORT_WEBHOOK_ALLOW_PRIVATE} no endpoint may point at a
 * loopback, link-local, private, unspecified or multicast address.
 */
class WebhookEndpointsIT {
  @RegisterExtension
  static final ClassServer SERVER =
      ClassServer.of(b ->
          b.exports(e -> e.withWorkers(0, Duration.ofSeconds(30)))
              .webhooks(w -> w.withAllowPrivate(true)));

  private static TestServer server() {
    return SERVER.server();
  }

  @Test
  void endpointsAreManagedAndTheSecretIsShownOnlyOnce() throws Exception {
    var t = server().tenant("wh-manage");
    ObjectNode body = WebhooksIT.endpoint("https://hooks.example.com/leadport", "export.completed");
    body.put("description", "billing");
    Reply created = server().call("POST", "/api/v1/webhooks", t.key(), body);
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    JsonNode e = created.json();
    String id = e.path("id").asText();
    assertThat(created.header("Location")).isEqualTo("/api/v1/webhooks/" + id);
    String secret = e.path("secret").asText();
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring(6)).length).isGreaterThanOrEqualTo(24);
    assertThat(e.path("events").toString()).isEqualTo("[\"export.completed\"]");
    assertThat(e.path("status").asText()).isEqualTo("enabled");
    assertThat(e.path("description").asText()).isEqualTo("billing");

    Reply one = server().call("GET", "/api/v1/webhooks/" + id, t.key(), null);
    assertThat(one.status()).isEqualTo(200);
    assertThat(one.json().has("secret")).isFalse();
    assertThat(one.text()).doesNotContain(secret.substring(6));
    Reply all = server().call("GET", "/api/v1/webhooks", t.key(), null);
    assertThat(all.json().path("data")).hasSize(1);
    assertThat(all.text()).doesNotContain("whsec_");

    // Another workspace sees none of it.
    var other = server().tenant("wh-manage-other");
    assertError(
        server().call("GET", "/api/v1/webhooks/" + id, other.key(), null), 404, "not_found", null);
    // leads.write it is.
    String reader = server().createKey(t.workspaceId(), "leads.read", "leads.export");
    assertThat(server().call("GET", "/api/v1/webhooks", reader, null).status()).isEqualTo(403);

    assertThat(server().call("DELETE", "/api/v1/webhooks/" + id, t.key(), null).status())
        .isEqualTo(204);
    assertError(
        server().call("GET", "/api/v1/webhooks/" + id, t.key(), null), 404, "not_found", null);
    assertError(
        server().call("DELETE", "/api/v1/webhooks/" + id, t.key(), null), 404, "not_found", null);
  }

  @Test
  void badUrlsAndUnknownEventsAre400sNamingTheField() {
    var t = server().tenant("wh-invalid");
    for (String url :
        List.of("ftp://example.com/x", "not a url", "/relative", "https://u:p@e.com/")) {
      assertError(
          server()
              .call("POST", "/api/v1/webhooks", t.key(), WebhooksIT.endpoint(url, "lead.created")),
          400,
          "invalid_parameter",
          "url");
    }
    Reply unknown =
        server()
            .call(
                "POST",
                "/api/v1/webhooks",
                t.key(),
                WebhooksIT.endpoint("https://e.com/h", "lead.exploded"));
    assertError(unknown, 400, "invalid_parameter", "events");
    assertThat(unknown.json().path("message").asText())
        .contains("lead.exploded")
        .contains("export.completed");
    assertError(
        server().call("POST", "/api/v1/webhooks", t.key(), WebhooksIT.endpoint("https://e.com/h")),
        400,
        "invalid_parameter",
        "events");
    assertError(
        server()
            .call("POST", "/api/v1/webhooks", t.key(), Json.object().put("url", "https://e.com/h")),
        400,
        "invalid_parameter",
        "events");
    ObjectNode extra = WebhooksIT.endpoint("https://e.com/h", "lead.created").put("secret", "mine");
    assertThat(server().call("POST", "/api/v1/webhooks", t.key(), extra).status()).isEqualTo(400);
  }

  @Test
  void privateAddressesAreRefusedWithoutTheSetting() {
    try (TestServer strict =
        TestServer.builder().exports(e -> e.withWorkers(0, Duration.ofSeconds(30))).start()) {
      var t = strict.tenant("wh-ssrf");
      for (String url :
          List.of(
              "http://127.0.0.1:9/hook",
              "http://localhost/hook",
              "http://[::1]/hook",
              "http://169.254.169.254/latest/meta-data",
              "http://10.1.2.3/hook",
              "http://192.168.0.10/hook",
              "http://[fd00::1]/hook",
              "http://0.0.0.0/hook",
              "http://224.0.0.1/hook")) {
        Reply r =
            strict.call(
                "POST", "/api/v1/webhooks", t.key(), WebhooksIT.endpoint(url, "lead.created"));
        assertError(r, 400, "invalid_parameter", "url");
        assertThat(r.json().path("message").asText())
            .as(url)
            .contains("LEADPORT_WEBHOOK_ALLOW_PRIVATE");
      }
      // A public address literal needs no DNS and is taken.
      Reply ok =
          strict.call(
              "POST",
              "/api/v1/webhooks",
              t.key(),
              WebhooksIT.endpoint("https://8.8.8.8/hook", "lead.created"));
      assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
    }
  }
}
