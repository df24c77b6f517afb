package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class RetryPolicyTest {
  @ParameterizedTest(name = "Retry-After: {0} -> {1} s")
  @CsvSource({
    "7, 7",
    "' 30 ', 30",
    "1, 1",
    "0, 1",
    "-5, 1",
    "120, 120",
    "121, 120",
    "86400, 120",
    "'Wed, 21 Oct 2015 07:28:00 GMT', 1",
    "1.5, 1",
    "'', 1",
    "99999999999, 1",
  })
  void retryAfterIsSecondsBetweenOneAndTheCap(String header, int seconds) {
    assertThat(RetryPolicy.retryAfterSeconds(header)).isEqualTo(seconds);
  }

  @ParameterizedTest
  @NullSource
  void aMissingRetryAfterWaitsOneSecond(String header) {
    assertThat(RetryPolicy.retryAfterSeconds(header)).isEqualTo(1);
  }

  @Test
  void brokenDownloadsBackOffExponentiallyUpToSixteenSeconds() {
    assertThat(
            java.util.stream.IntStream.rangeClosed(1, 7)
                .mapToLong(RetryPolicy::backoffSeconds)
                .toArray())
        .containsExactly(1, 2, 4, 8, 16, 16, 16);
  }

  @Test
  void theServersMessageIsTheError() {
    assertThat(RetryPolicy.errorMessage(429, bytes("{\"message\":\"slow down\",\"code\":\"x\"}")))
        .isEqualTo("slow down");
    assertThat(RetryPolicy.errorMessage(502, bytes("<html>bad gateway</html>")))
        .isEqualTo("the server answered HTTP 502");
    assertThat(RetryPolicy.errorMessage(500, bytes("{\"error\":\"x\"}")))
        .isEqualTo("the server answered HTTP 500");
    assertThat(RetryPolicy.errorMessage(503, new byte[0]))
        .isEqualTo("the server answered HTTP 503");
  }

  @Test
  void aRateLimitIsWaitedOutWithAWarningUntilTheLastTry() throws Exception {
    StringWriter err = new StringWriter();
    RetryPolicy policy = new RetryPolicy(new PrintWriter(err, true));
    var limited = new RetryPolicy.RateLimited(1, "rate limit exceeded");

    long started = System.nanoTime();
    policy.waitOut(limited, RetryPolicy.MAX_TRIES - 1);
    assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(1000);
    assertThat(err.toString())
        .isEqualTo("warning: rate limited; retrying in 1 s" + System.lineSeparator());

    assertThatThrownBy(() -> policy.waitOut(limited, RetryPolicy.MAX_TRIES))
        .isInstanceOf(ExportFailure.class)
        .hasMessage("rate limit exceeded (gave up after 6 tries)");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void anUnavailableServerIsWaitedOutSayingSo() throws Exception {
    StringWriter err = new StringWriter();
    RetryPolicy policy = new RetryPolicy(new PrintWriter(err, true));
    assertThat(RetryPolicy.waitable(503)).isTrue();
    assertThat(RetryPolicy.waitable(429)).isTrue();
    assertThat(RetryPolicy.waitable(500)).isFalse();
    policy.waitOut(new RetryPolicy.RateLimited(1, "database unavailable", true), 1);
    assertThat(err.toString())
        .isEqualTo("warning: the server is unavailable; retrying in 1 s" + System.lineSeparator());
  }
}
