package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContactNamesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "Ada Lovelace|Ada|Lovelace",
        "Ana María de la Cruz|Ana María de la|Cruz",
        "'  Grace   Hopper  '|Grace|Hopper",
        "Cher|Cher|NULL",
        "山田 太郎|山田|太郎",
        "王伟|王伟|NULL",
        "'   '|NULL|NULL",
        "NULL|NULL|NULL",
        "=HYPERLINK(\"x\") Evil|=HYPERLINK(\"x\")|Evil"
      })
  void aNameAloneIsSplitAtItsLastWhitespace(String name, String first, String last) {
    assertThat(ContactNames.split(name)).isEqualTo(new ContactNames.Parts(first, last));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "Ada|Lovelace|Ada Lovelace",
        "' Ada '|' Lovelace '|Ada Lovelace",
        "Ada|NULL|Ada",
        "NULL|Lovelace|Lovelace",
        "'  '|Lovelace|Lovelace",
        "NULL|NULL|NULL",
        "Ana María de la|Cruz|Ana María de la Cruz"
      })
  void firstAndLastNamesComposeTheName(String first, String last, String name) {
    assertThat(ContactNames.compose(first, last)).isEqualTo(name);
  }
}
