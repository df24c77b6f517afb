package org.leadport.http;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets one request of an API key at a time, per node, take its rate-limit token: concurrent
 * requests of one key all update the same bucket row, and each would otherwise wait for that row's
 * lock while holding a pooled connection, so one key's burst could hold the whole pool and starve
 * every other workspace. Waiting here costs a virtual thread, not a connection (docs/operations.md,
 * "Limits"). Thread-safe.
 */
final class KeyGate {
  private final ConcurrentHashMap<String, Entry> locks = new ConcurrentHashMap<>();

  /** A lock and how many requests hold or wait for it, so idle keys are forgotten. */
  private static final class Entry {
    final ReentrantLock lock = new ReentrantLock();
    int users;
  }

  /** Runs {@code action} while no other request of {@code key} on this node runs one. */
  void serially(String key, Runnable action) {
    Entry e =
        locks.compute(
            key,
            (k, v) -> {
              Entry entry = v == null ? new Entry() : v;
              entry.users++;
              return entry;
            });
    e.lock.lock();
    try {
      action.run();
    } finally {
      e.lock.unlock();
      locks.computeIfPresent(key, (k, v) -> --v.users == 0 ? null : v);
    }
  }
}
