package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL's text of two-dimensional text arrays, as lead_items holds them, read back. */
class ItemArraysTest {
  @Test
  void readsPlainQuotedEscapedAndNullElements() {
    List<String[]> rows =
        ItemArrays.rows(
            "{{a,\"\",NULL,\"NULL\",\"x y\",\"q\\\"b\\\\s\"},{\"{,}\",b,c,d,e,\"[{\\\"e\\\": 1}]\"}}",
            "lead_1",
            6);
    assertThat(rows).hasSize(2);
    assertThat(Arrays.asList(rows.get(0)))
        .containsExactly("lead_1", "a", "", null, "NULL", "x y", "q\"b\\s");
    assertThat(Arrays.asList(rows.get(1)))
        .containsExactly("lead_1", "{,}", "b", "c", "d", "e", "[{\"e\": 1}]");
  }

  @Test
  void nullAndEmptyHaveNoRows() {
    assertThat(ItemArrays.rows(null, "lead_1", 2)).isEmpty();
    assertThat(ItemArrays.rows("{}", "lead_1", 2)).isEmpty();
  }

  @Test
  void refusesAnotherShape() {
    assertThatThrownBy(() -> ItemArrays.rows("{{a,b}}", "l", 3))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ItemArrays.rows("{{a,b,c}}", "l", 2))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ItemArrays.rows("{a,b}", "l", 2))
        .isInstanceOf(IllegalStateException.class);
  }
}
