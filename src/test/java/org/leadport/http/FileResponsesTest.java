package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.http.FileResponses.Span;

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
    assertThat(FileResponses.range(header, size)).isEqualTo(new Span(first, last));
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
    assertThat(FileResponses.range(header, size)).isSameAs(FileResponses.UNSATISFIABLE);
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
    assertThat(FileResponses.range(header, 100)).isNull();
  }

  @Test
  void ifNoneMatch() {
    assertThat(FileResponses.noneMatch(null, TAG)).isFalse();
    assertThat(FileResponses.noneMatch(TAG, TAG)).isTrue();
    assertThat(FileResponses.noneMatch("*", TAG)).isTrue();
    assertThat(FileResponses.noneMatch("W/" + TAG, TAG)).as("weak comparison").isTrue();
    assertThat(FileResponses.noneMatch("\"x\", " + TAG, TAG)).isTrue();
    assertThat(FileResponses.noneMatch("\"x\"," + TAG + ",\"y\"", TAG)).isTrue();
    assertThat(FileResponses.noneMatch("\"x\", W/\"y\"", TAG)).isFalse();
    assertThat(FileResponses.noneMatch("\"abc12\"", TAG)).isFalse();
    assertThat(FileResponses.noneMatch("abc123", TAG)).as("unquoted").isFalse();
    assertThat(FileResponses.noneMatch(TAG + "x", TAG)).as("malformed").isFalse();
    assertThat(FileResponses.noneMatch("\"abc123", TAG)).isFalse();
    assertThat(FileResponses.noneMatch("", TAG)).isFalse();
    assertThat(FileResponses.noneMatch("**", TAG)).isFalse();
  }

  @Test
  void ifRangeNeedsTheSameStrongTag() {
    assertThat(FileResponses.ifRange(null, TAG)).isTrue();
    assertThat(FileResponses.ifRange(TAG, TAG)).isTrue();
    assertThat(FileResponses.ifRange("W/" + TAG, TAG)).isFalse();
    assertThat(FileResponses.ifRange("\"other\"", TAG)).isFalse();
    assertThat(FileResponses.ifRange("Wed, 21 Oct 2015 07:28:00 GMT", TAG)).isFalse();
    assertThat(FileResponses.ifRange("", TAG)).isFalse();
  }

  @Test
  void entityTags() {
    assertThat(FileResponses.quote("abc123")).isEqualTo(TAG);
    assertThat(FileResponses.quote("sha256-AbC_=/+")).isEqualTo("\"sha256-AbC_=/+\"");
    for (String bad : new String[] {"", "a\"b", "a b", "a\r\nb", "é", "a\u007F"}) {
      assertThatThrownBy(() -> FileResponses.quote(bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "leads.csv.gz | attachment; filename=\"leads.csv.gz\"",
        "leads 2025-03-01.csv | attachment; filename=\"leads 2025-03-01.csv\"",
        "Léads ✓.csv | attachment; filename=\"L_ads _.csv\"; filename*=UTF-8''L%C3%A9ads%20%E2%9C%93.csv",
        "日本.csv | attachment; filename=\"__.csv\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.csv",
        "😀.csv | attachment; filename=\"_.csv\"; filename*=UTF-8''%F0%9F%98%80.csv",
        "a\"b\\c/d.csv | attachment; filename=\"a_b_c_d.csv\"",
        "100%.csv | attachment; filename=\"100%.csv\"; filename*=UTF-8''100%25.csv",
        "`evil\r\nSet-Cookie: x=1.csv` | attachment; filename=\"evil__Set-Cookie: x=1.csv\"",
        "`x\u202Evsc.exe` | attachment; filename=\"x_vsc.exe\"",
        "`x\u2028y` | attachment; filename=\"x_y\"",
      })
  void contentDisposition(String name, String header) {
    assertThat(FileResponses.contentDisposition(name == null ? "" : name)).isEqualTo(header);
  }

  @Test
  void controlsAnywhereBecomeUnderscores() {
    assertThat(FileResponses.contentDisposition("a\u0000b\tc\u007Fd\u0085e\u0001.csv"))
        .isEqualTo("attachment; filename=\"a_b_c_d_e_.csv\"");
  }

  @Test
  void aBlankNameIsDownload() {
    for (String blank : new String[] {"", "   "}) {
      assertThat(FileResponses.contentDisposition(blank))
          .isEqualTo("attachment; filename=\"download\"");
    }
  }

  @Test
  void aLoneSurrogateBecomesAnUnderscore() {
    assertThat(FileResponses.contentDisposition("a\uD800b.csv"))
        .isEqualTo("attachment; filename=\"a_b.csv\"");
  }
}
