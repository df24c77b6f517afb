package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FeedClientTest {
  @Test
  void anIdleFeedIsPolledAfterOneSecondBackingOffToTen() {
    assertThat(
            java.util.stream.IntStream.range(0, 7)
                .mapToLong(FeedClient::idleSeconds)
                .boxed()
                .toList())
        .containsExactly(1L, 2L, 4L, 8L, 10L, 10L, 10L);
  }
}
