package org.leadport.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IdsTest {
  private static final String ALPHABET =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  @Test
  void anIdIsThePrefixAndTwentyTwoDigitsOfTheAlphabet() {
    for (String id : List.of(Ids.lead(), Ids.contact(), Ids.next("expo_"), Ids.workspace())) {
      String digits = id.substring(id.indexOf('_') + 1);
      assertThat(digits).hasSize(22);
      assertThat(digits.chars()).allMatch(c -> ALPHABET.indexOf(c) >= 0);
    }
    assertThat(Ids.lead()).startsWith("lead_").hasSize(27);
    assertThat(Ids.looksLike("lead_", Ids.lead())).isTrue();
    assertThat(Ids.looksLike("cont_", Ids.lead())).isFalse();
  }

  @Test
  void theFirstNineDigitsAreTheMillisecondInBase36() {
    SplittableRandom r = new SplittableRandom(7);
    long millis = 1_796_680_776_732L;
    String id = Ids.next("lead_", r, millis);
    assertThat(id).startsWith("lead_0MXDTCFTO");
    String base36 = Long.toString(millis, 36).toUpperCase(Locale.ROOT);
    assertThat(id.substring(5, 14)).isEqualTo("0".repeat(9 - base36.length()) + base36);
    assertThat(Ids.next("cf_", r, 0)).startsWith("cf_000000000");
    // The last millisecond nine digits hold, about the year 5188.
    assertThat(Ids.next("cf_", r, 101_559_956_668_415L)).startsWith("cf_ZZZZZZZZZ");
    assertThatThrownBy(() -> Ids.next("cf_", r, 101_559_956_668_416L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Ids.next("cf_", r, -1)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anIdOfALaterMillisecondSortsAfterInByteAndCaseInsensitiveOrder() {
    SplittableRandom r = new SplittableRandom(11);
    // Across digit carries (35 -> 36, Z -> 10) and at today's times.
    long[] times = {0, 35, 36, 1_295, 1_296, 1_796_680_776_732L, 1_796_680_779_999L};
    for (long t : times) {
      for (int i = 0; i < 200; i++) {
        String earlier = Ids.next("lead_", r, t);
        String later = Ids.next("lead_", r, t + 1 + r.nextInt(3));
        assertThat(later).isGreaterThan(earlier);
        // PostgreSQL's en_US-like collations compare case-insensitively first: still after.
        assertThat(later.toLowerCase(Locale.ROOT)).isGreaterThan(earlier.toLowerCase(Locale.ROOT));
      }
    }
  }

  @Test
  void anIdDrawnAfterTheClockMovedSortsAfter() {
    String earlier = Ids.lead();
    long after = System.currentTimeMillis();
    while (System.currentTimeMillis() <= after) {
      Thread.onSpinWait();
    }
    assertThat(Ids.lead()).isGreaterThan(earlier);
  }

  @Test
  void theThirteenRandomDigitsDifferWithinOneMillisecond() {
    SplittableRandom r = new SplittableRandom(3);
    Set<String> ids = new HashSet<>();
    List<Set<Character>> seenAt = new ArrayList<>();
    for (int d = 0; d < 13; d++) {
      seenAt.add(new HashSet<>());
    }
    for (int i = 0; i < 5_000; i++) {
      String id = Ids.next("acti_", r, 1_796_680_776_732L);
      ids.add(id);
      for (int d = 0; d < 13; d++) {
        seenAt.get(d).add(id.charAt(5 + 9 + d));
      }
    }
    assertThat(ids).hasSize(5_000);
    // Every random position takes every digit of the alphabet (5,000 draws of 62 values).
    assertThat(seenAt).allSatisfy(s -> assertThat(s).hasSize(62));
  }
}
