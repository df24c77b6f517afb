package org.leadport.synthetic;

import java.util.concurrent.atomic.LongAdder;

/**
 * Where one seed call's time went, summed over its threads, for the one log line a seed writes:
 * whether the generators (the JVM) or the writers (PostgreSQL) held the other up. A writer waiting
 * for chunks means generation is behind; a generator waiting for room means the server is.
 */
final class SeedTimes {
  final LongAdder generating = new LongAdder();
  final LongAdder waitingForRoom = new LongAdder();
  final LongAdder writing = new LongAdder();
  final LongAdder waitingForChunks = new LongAdder();

  /** Nanoseconds since {@code start}, added to {@code sum}; returns now, the next start. */
  static long add(LongAdder sum, long start) {
    long now = System.nanoTime();
    sum.add(now - start);
    return now;
  }

  static long millis(LongAdder nanos) {
    return nanos.sum() / 1_000_000;
  }

  static long millis(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1_000_000;
  }
}
