package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The retry schedule: its default lasts at least 24 h, jitter only lengthens, and it ends. */
class BackoffScheduleTest {
  @Test
  void theDefaultRetriesForAtLeast24HoursStartingAtFiveSeconds() {
    BackoffSchedule s = BackoffSchedule.defaults();
    assertThat(s.total()).isGreaterThanOrEqualTo(Duration.ofHours(24));
    assertThat(s.delays().getFirst()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.attempts()).isEqualTo(12);
    // Exponential at first: every wait at least as long as the one before.
    for (int i = 1; i < s.delays().size(); i++) {
      assertThat(s.delays().get(i)).isGreaterThanOrEqualTo(s.delays().get(i - 1));
    }
  }

  @Test
  void jitterStretchesAWaitByUpToItsFractionAndNeverShortensIt() {
    BackoffSchedule s = BackoffSchedule.defaults();
    Random random = new Random(7);
    for (int attempt = 1; attempt < s.attempts(); attempt++) {
      Duration base = s.delays().get(attempt - 1);
      for (int i = 0; i < 200; i++) {
        Duration wait = s.after(attempt, random).orElseThrow();
        assertThat(wait).isGreaterThanOrEqualTo(base);
        assertThat(wait.toMillis()).isLessThanOrEqualTo((long) (base.toMillis() * 1.25));
      }
    }
  }

  @Test
  void afterTheLastAttemptThereIsNoNext() {
    BackoffSchedule s = BackoffSchedule.parse("PT0.1S, PT0.2S");
    assertThat(s.delays()).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
    Random random = new Random(1);
    assertThat(s.after(1, random)).isPresent();
    assertThat(s.after(2, random)).isPresent();
    assertThat(s.after(3, random)).isEmpty();
  }

  @Test
  void aScheduleThatIsNotDurationsIsRefusedNamingThePart() {
    assertThatThrownBy(() -> BackoffSchedule.parse("PT5S,5m"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'5m'");
    assertThatThrownBy(() -> new BackoffSchedule(List.of(Duration.ZERO), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BackoffSchedule(List.of(), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void thePolicyDeliversOn2xxRetriesOtherwiseAndGivesUpWithTheScheduleUsed() {
    DeliveryPolicy policy = new DeliveryPolicy(BackoffSchedule.parse("PT1S"), new Random(3));
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(policy.settle(1, attempt(204), now)).isInstanceOf(Settlement.Delivered.class);
    assertThat(policy.settle(1, attempt(302), now)).isInstanceOf(Settlement.RetryAt.class);
    assertThat(policy.settle(1, attempt(500), now))
        .isInstanceOfSatisfying(
            Settlement.RetryAt.class,
            r -> assertThat(r.at()).isBetween(now.plusSeconds(1), now.plusMillis(1250)));
    assertThat(policy.settle(2, attempt(500), now))
        .isInstanceOfSatisfying(
            Settlement.GiveUp.class,
            g -> assertThat(g.reason()).contains("2 attempts").contains("HTTP 500"));
    assertThat(policy.settle(1, attempt(410), now)).isInstanceOf(Settlement.Gone.class);
  }

  private static Attempt attempt(int status) {
    return new Attempt(Instant.EPOCH, Duration.ofMillis(3), status, null);
  }
}
