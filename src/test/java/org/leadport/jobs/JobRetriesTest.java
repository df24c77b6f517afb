package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link JobRetries}: the backoff doubles from the second attempt on, and is capped. */
class JobRetriesTest {
  @Test
  void theBackoffDoublesAfterEachAttempt() {
    JobRetries r = new JobRetries(4, Duration.ofSeconds(5));
    assertThat(r.backoffAfter(1)).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.backoffAfter(2)).isEqualTo(Duration.ofSeconds(10));
    assertThat(r.backoffAfter(3)).isEqualTo(Duration.ofSeconds(20));
    assertThat(r.backoffAfter(0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.backoffAfter(100)).isEqualTo(Duration.ofSeconds(5).multipliedBy(1L << 16));
    assertThat(JobRetries.DEFAULT).isEqualTo(new JobRetries(3, Duration.ofSeconds(5)));
  }

  @Test
  void aPolicyWithoutAttemptsOrWithANegativeWaitIsRefused() {
    assertThatThrownBy(() -> new JobRetries(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new JobRetries(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
