package org.leadport.surface.leadapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.LeadportException;

class FeedFormatTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|JSON",
        "application/json|JSON",
        "*/*|JSON",
        "application/*|JSON",
        "APPLICATION/X-NDJSON|NDJSON",
        "application/ndjson|NDJSON",
        "application/x-ndjson, application/json|NDJSON",
        "application/json, application/x-ndjson|JSON",
        "application/json;q=0.5, application/x-ndjson|NDJSON",
        "text/html, application/x-ndjson;q=0.1|NDJSON",
        "application/x-ndjson;q=0, */*;q=0.1|JSON",
        "application/json; charset=utf-8|JSON"
      })
  void picksTheHighestQualityShapeTheFirstNamedOnATie(String accept, FeedFormat expected) {
    assertThat(FeedFormat.of(accept)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"text/csv", "application/json;q=0", "text/html, image/*", "x"})
  void anAcceptAllowingNeitherIs406(String accept) {
    assertThatThrownBy(() -> FeedFormat.of(accept))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(406);
              assertThat(e.code()).isEqualTo("not_acceptable");
              assertThat(e.param()).isEqualTo("Accept");
            });
  }
}
