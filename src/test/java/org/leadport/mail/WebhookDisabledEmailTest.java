package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The email that a webhook was disabled: its words, and nothing smuggled into its headers. */
class WebhookDisabledEmailTest {
  @Test
  void namesTheEndpointTheUrlTheReasonAndTheWayBack() {
    WebhookDisabledEmail email =
        new WebhookDisabledEmail(
            "owner@example.com",
            "whep_1",
            "https://hooks.example.com/x",
            "Every one of 12 attempts failed; the last: HTTP 500.",
            "Acme");
    assertThat(email.subject()).isEqualTo("Your Leadport webhook whep_1 was disabled");
    assertThat(email.body())
        .contains("Your Leadport webhook whep_1 of workspace Acme was disabled")
        .contains("URL: https://hooks.example.com/x\n")
        .contains("Reason: Every one of 12 attempts failed; the last: HTTP 500.\n")
        .contains("POST /api/v1/webhooks/whep_1/enable")
        .contains("GET /api/v1/webhooks/whep_1/deliveries");
  }

  @Test
  void controlCharactersStayOutOfHeadersAndOffTheirOwnLines() {
    assertThatThrownBy(() ->
            new WebhookDisabledEmail("owner@example.com", "whep_1\r\nBcc: x@y", "u", "r", "w"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new WebhookDisabledEmail("a@example.com, b@example.com", "whep_1", "u", "r", "w"))
        .isInstanceOf(IllegalArgumentException.class);
    WebhookDisabledEmail email =
        new WebhookDisabledEmail("owner@example.com", "whep_1", "u", "line\nbreak", "w");
    assertThat(email.body()).contains("Reason: line break\n");
  }
}
