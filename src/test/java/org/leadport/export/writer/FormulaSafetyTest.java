package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormulaSafetyTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "=1+1",
        "+1 555",
        "-42",
        "@SUM(A1)",
        "＝1",
        "＋1",
        "－1",
        "＠x",
        "  =cmd",
        "\u00A0=x",
        "\t1",
        "\r1",
        "\n1",
        " \t1"
      })
  void neutralisesWhatASpreadsheetWouldEvaluate(String value) {
    assertThat(FormulaSafety.text(value)).isEqualTo("'" + value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "Acme", "a=b", "1-2", "mail@x", "'=already", "日本=", "  x"})
  void leavesOtherTextAlone(String value) {
    assertThat(FormulaSafety.text(value)).isEqualTo(value);
  }

  @org.junit.jupiter.api.Test
  void nullStaysNull() {
    assertThat(FormulaSafety.text(null)).isNull();
  }
}
