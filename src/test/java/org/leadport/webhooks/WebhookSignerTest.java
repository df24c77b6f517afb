package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The signer against the Standard Webhooks test vector, and its rotation and secret rules. */
class WebhookSignerTest {
  /** The test vector the Standard Webhooks reference libraries all check. */
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  private static final long TIMESTAMP = 1614265330;
  private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);

  @Test
  void reproducesTheStandardWebhooksTestVector() {
    assertThat(WebhookSigner.sign(ID, TIMESTAMP, BODY, List.of(WebhookSecret.parse(SECRET))))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void aChangedBodyIdOrTimestampSignsDifferently() {
    List<WebhookSecret> key = List.of(WebhookSecret.parse(SECRET));
    String signature = WebhookSigner.sign(ID, TIMESTAMP, BODY, key);
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertThat(WebhookSigner.sign(ID, TIMESTAMP, tampered, key)).isNotEqualTo(signature);
    assertThat(WebhookSigner.sign("msg_other", TIMESTAMP, BODY, key)).isNotEqualTo(signature);
    assertThat(WebhookSigner.sign(ID, TIMESTAMP + 1, BODY, key)).isNotEqualTo(signature);
  }

  @Test
  void duringARotationEverySecretSignsSpaceSeparatedCurrentFirst() {
    WebhookSecret current = WebhookSecret.generate();
    WebhookSecret previous = WebhookSecret.parse(SECRET);
    String header = WebhookSigner.sign(ID, TIMESTAMP, BODY, List.of(current, previous));
    String[] parts = header.split(" ");
    assertThat(parts).hasSize(2);
    assertThat(parts[0]).isEqualTo(WebhookSigner.sign(ID, TIMESTAMP, BODY, List.of(current)));
    assertThat(parts[1]).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void secretsAreWhsecAndTheBase64OfThirtyTwoRandomBytes() {
    WebhookSecret a = WebhookSecret.generate();
    assertThat(a.text()).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(a.text().substring(6))).hasSize(32);
    assertThat(WebhookSecret.parse(a.text())).isEqualTo(a);
    assertThat(WebhookSecret.generate()).isNotEqualTo(a);
    assertThat(a.toString()).doesNotContain(a.text().substring(6));
  }

  @Test
  void aSecretShorterThan24BytesOrNotBase64IsRefused() {
    String short23 = "whsec_" + Base64.getEncoder().encodeToString(new byte[23]);
    assertThatThrownBy(() -> WebhookSecret.parse(short23))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_not base64!"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIdWithADotIsRefusedBecauseItWouldMakeTheSignedTextAmbiguous() {
    assertThatThrownBy(
            () -> WebhookSigner.sign("msg.1", TIMESTAMP, BODY, List.of(WebhookSecret.generate())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
