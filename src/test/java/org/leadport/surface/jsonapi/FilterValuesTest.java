package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.ValueType;
import org.leadport.testing.TestServer;

class FilterValuesTest {
  private static FieldRef field(String name) {
    return Fields.STANDARD.regular(ObjectKind.LEAD, name).orElseThrow();
  }

  private static LeadportException error(Runnable r) {
    try {
      r.run();
    } catch (LeadportException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void listTakesCommaSeparatedStringsAndArraysOfStrings() {
    assertThat(FilterValues.list(TestServer.parse("\"a, b,,c\""), "/f"))
        .containsExactly("a", "b", "", "c");
    assertThat(FilterValues.list(TestServer.parse("[\"a\",\" b\"]"), "/f"))
        .containsExactly("a", " b");
  }

  @Test
  void listErrorsPointAtTheCulprit() {
    assertThat(error(() -> FilterValues.list(TestServer.parse("[\"a\",1]"), "/f")).param())
        .isEqualTo("/f/1");
    assertThat(error(() -> FilterValues.list(TestServer.parse("[]"), "/f")).param())
        .isEqualTo("/f");
    assertThat(error(() -> FilterValues.list(TestServer.parse("7"), "/f")).param()).isEqualTo("/f");
    String many = String.join(",", Collections.nCopies(1_001, "x"));
    assertThatThrownBy(() -> FilterValues.list(TestServer.parse("\"" + many + "\""), "/f"))
        .hasMessage("A filter may list at most 1000 values.");
    assertThat(FilterValues.list(TestServer.parse("\"" + many.substring(2) + "\""), "/f"))
        .hasSize(1_000);
  }

  @Test
  void typedValuesFollowTheFieldsType() {
    FieldRef name = field("name");
    assertThat(name.type()).isEqualTo(ValueType.TEXT);
    assertThat(FilterValues.typed(TestServer.parse("\"Acme\""), name, "/f"))
        .containsExactly("Acme");
    assertThat(FilterValues.typed(TestServer.parse("[\"A\",\"B\"]"), name, "/f"))
        .containsExactly("A", "B");
    LeadportException wrong =
        error(() -> FilterValues.typed(TestServer.parse("[\"A\",1]"), name, "/f"));
    assertThat(wrong).hasMessage("The value of name must be a text (or an array of them).");
    assertThat(wrong.param()).isEqualTo("/f/1");
    assertThatThrownBy(() -> FilterValues.typed(TestServer.parse("[]"), name, "/f"))
        .hasMessage("A filter array must hold 1 to 1000 values.");
  }

  @Test
  void datesAreParsedAndCheckedAgainstTheirRange() {
    FieldRef date = FieldRef.column(ObjectKind.LEAD, "d", ValueType.DATE, "%s.d");
    assertThat(FilterValues.typed(TestServer.parse("\"2024-02-29\""), date, "/f"))
        .isEqualTo(List.of(LocalDate.of(2024, 2, 29)));
    assertThatThrownBy(() -> FilterValues.typed(TestServer.parse("\"2024-02-30\""), date, "/f"))
        .hasMessage("Not a valid date: 2024-02-30");
  }

  @Test
  void numbersAreDecimals() {
    FieldRef number = FieldRef.column(ObjectKind.LEAD, "n", ValueType.NUMBER, "%s.n");
    List<Object> values = FilterValues.typed(TestServer.parse("1.5"), number, "/f");
    assertThat(values).singleElement().isInstanceOf(BigDecimal.class);
    assertThat((BigDecimal) values.get(0)).isEqualByComparingTo("1.5");
    assertThatThrownBy(() -> FilterValues.typed(TestServer.parse("\"1.5\""), number, "/f"))
        .hasMessage("The value of n must be a number (or an array of them).");
  }
}
