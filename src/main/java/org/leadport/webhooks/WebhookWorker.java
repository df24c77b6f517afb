package org.leadport.webhooks;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers webhooks from the queue: each of its threads claims a due message and attempts it as a
 * {@link PickedDelivery}, whose outcome follows the {@link DeliveryPolicy}. This class is the
 * worker's life: threads, polling and shutdown. A message in an attempt when the worker stops (or
 * its node dies) is claimed again once its lease has expired. Thread-safe; start once, close once.
 */
public final class WebhookWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);

  /**
   * How the worker runs.
   *
   * @param owner names this process in leases and the delivery log (host and pid, say)
   * @param lease how long a claim lasts; longer than an attempt can take (10 s and DNS)
   * @param poll how long an idle thread waits before looking for work again
   * @param threads how many attempts run at once
   */
  public record Config(String owner, Duration lease, Duration poll, int threads) {}

  private final DeliveryQueue queue;
  private final Config config;
  private final PickedDelivery.Context context;
  private final AtomicBoolean running = new AtomicBoolean();
  private final List<Thread> loops = new ArrayList<>();

  public WebhookWorker(
      DeliveryQueue queue,
      Destinations destinations,
      BackoffSchedule schedule,
      DisabledNotice notice,
      Clock clock,
      Config config) {
    this.queue = queue;
    this.config = config;
    this.context =
        new PickedDelivery.Context(
            queue,
            destinations,
            new WebhookSender(clock),
            new DeliveryPolicy(schedule, new SecureRandom()),
            notice,
            clock,
            config.owner());
  }

  public WebhookWorker start() {
    if (!running.compareAndSet(false, true)) {
      throw new IllegalStateException("webhook worker already started");
    }
    for (int i = 0; i < config.threads(); i++) {
      loops.add(Thread.ofVirtual().name(config.owner() + "-webhooks-" + i).start(this::loop));
    }
    return this;
  }

  private void loop() {
    while (running.get()) {
      try {
        if (!runOnce()) {
          Thread.sleep(config.poll());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        if (!running.get()) {
          // Shutdown interrupts a thread mid-query; that is the stop, not a failure.
          return;
        }
        // A database hiccup must not kill the worker; the message's lease lets another take it.
        LOG.error("webhook worker {} failed; retrying after {}", config.owner(), config.poll(), e);
        try {
          Thread.sleep(config.poll());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Claims and attempts at most one delivery; false when none was due. */
  public boolean runOnce() throws InterruptedException {
    Optional<DeliveryQueue.Claim> claim = queue.claim(config.owner(), config.lease());
    if (claim.isEmpty()) {
      return false;
    }
    new PickedDelivery(context, claim.get()).run();
    return true;
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread t : loops) {
      t.interrupt();
    }
    for (Thread t : loops) {
      try {
        t.join(15_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
