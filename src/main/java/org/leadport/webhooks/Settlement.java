package org.leadport.webhooks;

import java.time.Instant;

/**
 * What one attempt leads to, as {@link DeliveryPolicy} decides and {@link DeliveryQueue} records.
 */
public sealed interface Settlement {
  /** The endpoint took the message. */
  record Delivered() implements Settlement {}

  /** Try again at {@code at}. */
  record RetryAt(Instant at) implements Settlement {}

  /** The schedule is used up: the message failed for good and the endpoint is disabled. */
  record GiveUp(String reason) implements Settlement {}

  /**
   * The endpoint said it wants no more (410 Gone): it is disabled, and the message waits until
   * {@code at} or until the endpoint is enabled again, whichever is later.
   */
  record Gone(Instant at, String reason) implements Settlement {}
}
