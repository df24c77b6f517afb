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

  @ParameterizedTest
  @CsvSource({
    "leads.csv, 2, leads-part-2.csv",
    "leads.csv.zst, 2, leads-part-2.csv.zst",
    "leads.ndjson.gz, 3, leads-part-3.ndjson.gz",
    "Q1.2026 leads.csv, 2, Q1.2026 leads-part-2.csv",
    "leads, 2, leads-part-2",
    ".zst, 2, .zst-part-2",
  })
  void aPartIsNumberedBeforeTheFormatsExtension(String file, int n, String expected) {
    assertThat(DownloadLinks.partName(file, n)).isEqualTo(expected);
  }
}
