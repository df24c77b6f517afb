package org.leadport.export.column;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leadport.query.FieldRef;
import org.leadport.query.ObjectKind;
import org.leadport.query.ValueType;

class FieldColumnsTest {
  private static ColumnKind kind(ValueType type, int scale) {
    FieldRef f = FieldRef.column(ObjectKind.OPPORTUNITY, "value", type, "%s.value");
    return FieldColumns.of(List.of(new ColumnSpec("amount", f, scale, Map.of())))
        .columns()
        .getFirst()
        .kind();
  }

  @Test
  void centsShownWithTwoDecimalsAreMoneyAndOtherNumbersStayNumbers() {
    assertThat(kind(ValueType.NUMBER, 2)).isEqualTo(ColumnKind.DECIMAL);
    assertThat(kind(ValueType.NUMBER, 0)).isEqualTo(ColumnKind.NUMBER);
    assertThat(kind(ValueType.NUMBER, 3)).isEqualTo(ColumnKind.NUMBER);
  }
}
