package org.leadport.export.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leadport.query.FieldRef;
import org.leadport.query.ObjectKind;
import org.leadport.query.ValueType;

class ExportOptionsTest {

  @Test
  void theBuildersDefaultsAreTheDefaultOptions() {
    ExportOptions built = ExportOptions.builder().build();
    assertThat(built).isEqualTo(ExportOptions.DEFAULT);
    assertThat(built)
        .isEqualTo(
            new ExportOptions(
                DateFormat.RFC3339_MICROS,
                null,
                false,
                false,
                false,
                false,
                false,
                null,
                false,
                Map.of(),
                ExportNaming.NATIVE,
                false));
  }

  @Test
  void eachSetterSetsItsOwnComponentOnly() {
    ExportOptions o =
        ExportOptions.builder()
            .dateFormat(DateFormat.EXCEL)
            .fields(List.of("id"))
            .activities(true)
            .smartFields(true)
            .addresses(true)
            .customObjects(true)
            .bom(true)
            .flat(true)
            .headers(Map.of("id", "ID"))
            .naming(ExportNaming.CLOSE)
            .build();
    assertThat(o)
        .isEqualTo(
            new ExportOptions(
                DateFormat.EXCEL,
                List.of("id"),
                true,
                true,
                true,
                true,
                true,
                null,
                true,
                Map.of("id", "ID"),
                ExportNaming.CLOSE,
                false));
    List<ColumnSpec> columns =
        List.of(
            new ColumnSpec(
                "Email",
                FieldRef.column(ObjectKind.CONTACT, "email", ValueType.TEXT, "%s.email"),
                0,
                Map.of()));
    assertThat(ExportOptions.builder().columns(columns).build().columns()).isEqualTo(columns);
    assertThat(ExportOptions.builder().bom(true).build())
        .isEqualTo(
            new ExportOptions(
                DateFormat.RFC3339_MICROS,
                null,
                false,
                false,
                false,
                false,
                true,
                null,
                false,
                Map.of(),
                ExportNaming.NATIVE,
                false));
  }

  @Test
  void buildChecksAsTheConstructorDoes() {
    assertThatThrownBy(() ->
            ExportOptions.builder()
                .fields(List.of("id"))
                .columns(
                    List.of(
                        new ColumnSpec(
                            "Id",
                            FieldRef.column(ObjectKind.LEAD, "id", ValueType.TEXT, "%s.id"),
                            0,
                            Map.of())))
                .build())
        .isInstanceOf(IllegalArgumentException.class);
  }
}
