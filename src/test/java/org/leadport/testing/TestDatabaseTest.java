package org.leadport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which databases left on an external test server count as stale (TestDatabase's sweep). */
class TestDatabaseTest {
  private static final long NOW = 1_796_000_000L;

  @Test
  void aTimedNameIsStaleOnlyOnceOlderThanADay() {
    long old = NOW - TestDatabase.STALE.toSeconds() - 1;
    assertThat(TestDatabase.stale("lp_test_42_" + old + "_3", NOW, true)).isTrue();
    assertThat(TestDatabase.stale("lp_test_42_" + (NOW - 3600) + "_3", NOW, false)).isFalse();
  }

  @Test
  void aNameFromBeforeTimesIsStaleOnlyWhenItsJvmIsGone() {
    assertThat(TestDatabase.stale("lp_test_42_3", NOW, false)).isTrue();
    assertThat(TestDatabase.stale("lp_test_42_3", NOW, true)).isFalse();
  }

  @Test
  void anotherNameIsNeverATestsDatabase() {
    for (String name :
        new String[] {"postgres", "leadport", "lp_test_x_1", "lp_test_42", "lp_bench_1_2"}) {
      assertThat(TestDatabase.stale(name, NOW, false)).as(name).isFalse();
    }
  }
}
