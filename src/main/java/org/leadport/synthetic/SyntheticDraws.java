package org.leadport.synthetic;

import static org.leadport.synthetic.SyntheticWords.HOSTILE;

import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;

/**
 * The draws every generated value is made of, from one chunk's random stream: numbers, words,
 * weighted choices and the hostile payloads that stand in for some text cells. The order of the
 * draws is part of the seeded output: the same calls in the same order give the same data. Not
 * thread-safe; one per chunk.
 */
final class SyntheticDraws {
  /** One in this many eligible text cells is a hostile payload (2 %). */
  private static final int HOSTILE_ONE_IN = 50;

  private final SplittableRandom r;

  SyntheticDraws(SplittableRandom r) {
    this.r = r;
  }

  int nextInt(int bound) {
    return r.nextInt(bound);
  }

  long nextLong(long bound) {
    return r.nextLong(bound);
  }

  boolean nextBoolean() {
    return r.nextBoolean();
  }

  String pick(String[] words) {
    return words[r.nextInt(words.length)];
  }

  /** {@code value}, or with a 2 % chance a hostile payload in its place. */
  String hostile(String value) {
    return r.nextInt(HOSTILE_ONE_IN) == 0 ? HOSTILE.get(r.nextInt(HOSTILE.size())) : value;
  }

  /** As {@link #hostile(String)} for an optional value: absent stays absent unless replaced. */
  @Nullable String hostileOrNull(@Nullable String value) {
    return r.nextInt(HOSTILE_ONE_IN) == 0 ? HOSTILE.get(r.nextInt(HOSTILE.size())) : value;
  }

  /** An index drawn with the given relative weights. */
  int weighted(int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; ; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
  }
}
