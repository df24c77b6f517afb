package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.http.ConditionalHeaders.Span;

class FileResponsesTest {
  static final String TAG = "\"abc123\"";

  @ParameterizedTest(name = "{0} of {1} bytes -> {2}-{3}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=0-0          | 100 | 0  | 0",
        "bytes=0-99         | 100 | 0  | 99",
        "bytes=0-           | 100 | 0  | 99",
        "bytes=10-19        | 100 | 10 | 19",
        "bytes=99-99        | 100 | 99 | 99",
        "bytes=99-          | 100 | 99 | 99",
        "bytes=50-1000      | 100 | 50 | 99",
        "bytes=-1           | 100 | 99 | 99",
        "bytes=-10          | 100 | 90 | 99",
        "bytes=-100         | 100 | 0  | 99",
        "bytes=-1000        | 100 | 0  | 99",
        "BYTES=1-2          | 100 | 1  | 2",
        "Bytes=1-2          | 100 | 1  | 2",
        "bytes=001-002      | 100 | 1  | 2",
        "bytes=1-2,         | 100 | 1  | 2",
        "'bytes=, 1-2 ,\t'  | 100 | 1  | 2",
        "bytes=0-99999999999999999999999 | 100 | 0 | 99",
        "bytes=-99999999999999999999999  | 100 | 0 | 99",
      })
  void satisfiableRanges(String header, long size, long first, long last) {
    assertThat(ConditionalHeaders.range(header, size)).isEqualTo(new Span(first, last));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "bytes=100-    | 100",
        "bytes=100-200 | 100",
        "bytes=-0      | 100",
        "bytes=0-      | 0",
        "bytes=0-0     | 0",
        "bytes=-1      | 0",
        "bytes=99999999999999999999999- | 100",
      })
  void unsatisfiableRanges(String header, long size) {
    assertThat(ConditionalHeaders.range(header, size)).isSameAs(ConditionalHeaders.UNSATISFIABLE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bytes=5-2",
        "bytes=",
        "bytes=,",
        "bytes=-",
        "bytes=abc",
        "bytes=1",
        "bytes=--5",
        "bytes=1--5",
        "bytes=-5-",
        "bytes=+1-2",
        "bytes=1-+2",
        "bytes=0x10-",
        "bytes=1 -2",
        "bytes=1- 2",
        "bytes=١-٢",
        "bytes 0-1",
        "bytes=0-1,5-6",
        "bytes=0-1,0-1",
        "bytes=0-0,-1",
        "items=0-1",
        "bytess=0-1",
        "=0-1",
        "0-1",
        ""
      })
  void invalidOrMultipleRangesAreIgnored(String header) {
    assertThat(ConditionalHeaders.range(header, 100)).isNull();
  }

  @Test
  void ifNoneMatch() {
    assertThat(ConditionalHeaders.noneMatch(null, TAG)).isFalse();
    assertThat(ConditionalHeaders.noneMatch(TAG, TAG)).isTrue();
    assertThat(ConditionalHeaders.noneMatch("*", TAG)).isTrue();
    assertThat(ConditionalHeaders.noneMatch("W/" + TAG, TAG)).as("weak comparison").isTrue();
    assertThat(ConditionalHeaders.noneMatch("\"x\", " + TAG, TAG)).isTrue();
    assertThat(ConditionalHeaders.noneMatch("\"x\"," + TAG + ",\"y\"", TAG)).isTrue();
    assertThat(ConditionalHeaders.noneMatch("\"x\", W/\"y\"", TAG)).isFalse();
    assertThat(ConditionalHeaders.noneMatch("\"abc12\"", TAG)).isFalse();
    assertThat(ConditionalHeaders.noneMatch("abc123", TAG)).as("unquoted").isFalse();
    assertThat(ConditionalHeaders.noneMatch(TAG + "x", TAG)).as("malformed").isFalse();
    assertThat(ConditionalHeaders.noneMatch("\"abc123", TAG)).isFalse();
    assertThat(ConditionalHeaders.noneMatch("", TAG)).isFalse();
    assertThat(ConditionalHeaders.noneMatch("**", TAG)).isFalse();
  }

  @Test
  void ifRangeNeedsTheSameStrongTag() {
    assertThat(ConditionalHeaders.ifRange(null, TAG)).isTrue();
    assertThat(ConditionalHeaders.ifRange(TAG, TAG)).isTrue();
    assertThat(ConditionalHeaders.ifRange("W/" + TAG, TAG)).isFalse();
    assertThat(ConditionalHeaders.ifRange("\"other\"", TAG)).isFalse();
    assertThat(ConditionalHeaders.ifRange("Wed, 21 Oct 2015 07:28:00 GMT", TAG)).isFalse();
    assertThat(ConditionalHeaders.ifRange("", TAG)).isFalse();
  }

  @Test
  void entityTags() {
    assertThat(ConditionalHeaders.quote("abc123")).isEqualTo(TAG);
    assertThat(ConditionalHeaders.quote("sha256-AbC_=/+")).isEqualTo("\"sha256-AbC_=/+\"");
    for (String bad : new String[] {"", "a\"b", "a b", "a\r\nb", "é", "a\u007F"}) {
      assertThatThrownBy(() -> ConditionalHeaders.quote(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
