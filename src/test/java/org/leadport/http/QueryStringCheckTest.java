package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.LeadportException;

class QueryStringCheckTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "cursor=%%% | cursor",
        "cursor=%zz | cursor",
        "cursor=abc% | cursor",
        "cursor=abc%2 | cursor",
        "limit=5&cursor=%g0 | cursor",
        "cursor=%C3%28 | cursor",
        "search=%FF | search",
        "search=%ED%A0%80 | search",
        "search=%C0%AF | search",
        "a+b=%zz | a b",
        "caf%C3%A9=%zz | café",
        "%zz=1 | %zz",
        "%FF | %FF",
        "ok=1&&x=%1 | x",
      })
  void malformedEncodingIsA400NamingTheParameter(String query, String param) {
    assertThatThrownBy(() -> QueryStringCheck.check(query))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_parameter");
              assertThat(e.param()).isEqualTo(param);
              assertThat(e.getMessage()).contains(param);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "cursor=abc",
        "search=caf%C3%A9&limit=5",
        "search=%F0%9F%93%88",
        "search=a+b%2Bc",
        "search=%25",
        "limit=5&",
        "&",
        "flag",
        "a=b=c",
        "search=raw é",
      })
  void wellFormedQueriesPass(String query) {
    assertThatCode(() -> QueryStringCheck.check(query)).doesNotThrowAnyException();
    assertThatCode(() -> QueryStringCheck.check((String) null)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "a+b%2Bc | true | a b+c",
        "a+b%2Bc | false | a+b+c",
        "Kontakte%20M%C3%A4rz | false | Kontakte März",
        "%e2%9c%93 | false | ✓",
        "plain | true | plain",
      })
  void decodes(String raw, boolean plus, String decoded) throws Exception {
    assertThat(PercentDecoding.decode(raw, plus)).isEqualTo(decoded);
  }
}
