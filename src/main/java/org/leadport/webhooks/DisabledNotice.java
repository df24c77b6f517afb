package org.leadport.webhooks;

/**
 * Told once when an endpoint is disabled after persistent failure (the email to the address of the
 * key that created it hangs off this, in {@code mail}). Implementations are thread-safe and throw
 * nothing a failed notice could cause.
 */
@FunctionalInterface
public interface DisabledNotice {
  /** Tells no one. */
  DisabledNotice NONE = endpoint -> {};

  /** {@code endpoint} as it was disabled, {@code disabledReason} included. */
  void disabled(Endpoint endpoint);
}
