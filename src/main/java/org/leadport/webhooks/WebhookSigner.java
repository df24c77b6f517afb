package org.leadport.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.StringJoiner;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs deliveries as the Standard Webhooks specification does: HMAC-SHA256 over {@code
 * "{webhook-id}.{webhook-timestamp}.{body}"}, keyed with the secret's decoded bytes, serialized as
 * {@code v1,<base64>}; with several secrets (a rotation's overlap) one signature per secret,
 * space-separated, current first. Stateless and thread-safe.
 */
public final class WebhookSigner {
  private WebhookSigner() {}

  /**
   * The {@code webhook-signature} header value for {@code body} under every one of {@code keys}.
   */
  public static String sign(
      String messageId, long timestampSeconds, byte[] body, List<WebhookSecret> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("at least one secret signs a delivery");
    }
    if (messageId.indexOf('.') >= 0) {
      // A dot in the id would make "{id}.{ts}.{body}" ambiguous; ours never hold one.
      throw new IllegalArgumentException("a webhook-id must not contain a dot");
    }
    byte[] prefix = (messageId + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    StringJoiner header = new StringJoiner(" ");
    for (WebhookSecret key : keys) {
      Mac mac = mac(key);
      mac.update(prefix);
      mac.update(body);
      header.add("v1," + Base64.getEncoder().encodeToString(mac.doFinal()));
    }
    return header.toString();
  }

  private static Mac mac(WebhookSecret key) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.key(), "HmacSHA256"));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
    }
  }
}
