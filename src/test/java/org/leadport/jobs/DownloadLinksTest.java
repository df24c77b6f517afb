package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DownloadLinksTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "leads-expo_1.csv.gz | leads-expo_1.csv.gz",
        "All contacts.csv | All_contacts.csv",
        "Kontakte März.csv | Kontakte_Marz.csv",
        "a#b.csv | a_b.csv",
        "100% sure.zip | 100_sure.zip",
        "a/b?c.csv | a_b_c.csv",
        "a+b.xlsx | a_b.xlsx",
        "📈 Q3.csv | Q3.csv",
        "`\"quoted\".csv` | quoted.csv",
        "Контакты.csv | contact-expo_1.csv",
        "..csv | contact-expo_1.csv",
        ".. | contact-expo_1",
        "ﬁle.csv | file.csv",
        "noext | noext",
      })
  void urlNamesAreUnreservedAscii(String name, String expected) {
    String segment = DownloadLinks.urlName(name, "contact-expo_1");
    assertThat(segment).isEqualTo(expected).matches("[A-Za-z0-9][A-Za-z0-9._-]*");
  }
}
