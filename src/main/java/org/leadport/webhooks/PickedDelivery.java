package org.leadport.webhooks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One claimed delivery, attempted once: the destination checked again (its name may resolve
 * elsewhere now), the payload signed with the endpoint's current secrets, posted, and the attempt
 * recorded under the claim's fencing token with what the {@link DeliveryPolicy} makes of it. Used
 * by one worker thread.
 */
final class PickedDelivery {
  /** The worker's logger: the lines are the worker's, whichever class writes them. */
  private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);

  /**
   * What every attempt of one worker shares.
   *
   * @param owner names the worker's process in leases and in the delivery log
   */
  record Context(
      DeliveryQueue queue,
      Destinations destinations,
      WebhookSender sender,
      DeliveryPolicy policy,
      DisabledNotice notice,
      Clock clock,
      String owner) {}

  private final Context cx;
  private final DeliveryQueue.Claim claim;

  PickedDelivery(Context cx, DeliveryQueue.Claim claim) {
    this.cx = cx;
    this.claim = claim;
  }

  /** Attempts the delivery and records it; throws only when the database cannot record it. */
  void run() throws InterruptedException {
    Delivery d = claim.delivery();
    Endpoint endpoint = claim.endpoint();
    Attempt attempt = attempt(d, endpoint);
    Settlement settlement = cx.policy().settle(d.attempts(), attempt, cx.clock().instant());
    DeliveryQueue.Recorded recorded = cx.queue().record(claim, attempt, cx.owner(), settlement);
    LOG.info(
        "webhook delivery id={} endpoint={} workspace={} event={} attempt={} outcome={} ms={}"
            + " settled={} held={} owner={}",
        d.id(),
        endpoint.id(),
        d.workspaceId(),
        d.eventType(),
        d.attempts(),
        attempt.outcome(),
        attempt.took().toMillis(),
        settlement.getClass().getSimpleName(),
        recorded.held(),
        cx.owner());
    if (recorded.disabled() != null) {
      LOG.warn("webhook {} disabled: {}", endpoint.id(), recorded.disabled().disabledReason());
      try {
        cx.notice().disabled(recorded.disabled());
      } catch (RuntimeException e) {
        LOG.warn("the notice that webhook {} was disabled failed", endpoint.id(), e);
      }
    }
  }

  private Attempt attempt(Delivery d, Endpoint endpoint) throws InterruptedException {
    Instant at = cx.clock().instant();
    URI url = URI.create(endpoint.url());
    Optional<String> refusal = cx.destinations().refusal(url);
    if (refusal.isPresent()) {
      return new Attempt(at, Duration.ZERO, null, "not sent: " + refusal.get());
    }
    byte[] body = d.payload().getBytes(StandardCharsets.UTF_8);
    long timestamp = at.getEpochSecond();
    return cx.sender()
        .post(
            url,
            Map.of(
                "webhook-id", d.id(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature",
                    WebhookSigner.sign(d.id(), timestamp, body, endpoint.signingSecrets(at))),
            body);
  }
}
