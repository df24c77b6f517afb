package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ContentDispositionTest {
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
        "a\"b\\c/d.csv | attachment; filename=\"a_b_c_d.csv\"; filename*=UTF-8''a%22b_c_d.csv",
        "100%.csv | attachment; filename=\"100%.csv\"; filename*=UTF-8''100%25.csv",
        "`evil\r\nSet-Cookie: x=1.csv` | attachment; filename=\"evil__Set-Cookie: x=1.csv\"",
        "`x\u202Evsc.exe` | attachment; filename=\"x_vsc.exe\"",
        "`x\u2028y` | attachment; filename=\"x_y\"",
      })
  void contentDisposition(String name, String header) {
    assertThat(ContentDisposition.attachment(name == null ? "" : name)).isEqualTo(header);
  }

  @Test
  void controlsAnywhereBecomeUnderscores() {
    assertThat(ContentDisposition.attachment("a\u0000b\tc\u007Fd\u0085e\u0001.csv"))
        .isEqualTo("attachment; filename=\"a_b_c_d_e_.csv\"");
  }

  @Test
  void aBlankNameIsDownload() {
    for (String blank : new String[] {"", "   "}) {
      assertThat(ContentDisposition.attachment(blank))
          .isEqualTo("attachment; filename=\"download\"");
    }
  }

  @Test
  void aLoneSurrogateBecomesAnUnderscore() {
    assertThat(ContentDisposition.attachment("a\uD800b.csv"))
        .isEqualTo("attachment; filename=\"a_b.csv\"");
  }

  /** What an RFC 8187 reader makes of {@code filename*}. */
  static String filenameStar(String header) {
    int at = header.indexOf("filename*=UTF-8''");
    return at < 0
        ? null
        : URLDecoder.decode(
            header.substring(at + "filename*=UTF-8''".length()).replace("+", "%2B"),
            StandardCharsets.UTF_8);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "All contacts.csv",
        "Kontakte März.csv",
        "a#b.csv",
        "100% sure.csv",
        "what?.csv",
        "a+b.csv",
        "📈 Q3.csv",
        "\"quoted\" 'name'.csv",
        "Контакты.csv",
        "顧客リスト.xlsx",
        "a;b=c, d.csv",
      })
  void theUsersNameComesBackFromFilenameStar(String name) {
    String header = ContentDisposition.attachment(name);
    assertThat(header).matches("[\\x20-\\x7E]+").startsWith("attachment; filename=\"");
    String fallback = header.substring("attachment; filename=\"".length(), header.indexOf('"', 22));
    assertThat(fallback).matches("[\\x20-\\x7E&&[^\"\\\\]]+");
    String star = filenameStar(header);
    assertThat(star == null ? fallback : star).isEqualTo(name);
  }
}
