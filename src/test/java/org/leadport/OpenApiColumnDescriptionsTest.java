package org.leadport;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.column.RowType;
import org.leadport.testing.OpenApiContract;

/**
 * The export columns {@code openapi.yaml} documents ({@code LeadExportRow}, {@code
 * ContactExportRow}, {@code OpportunityExportRow}) are the columns an export of those rows has,
 * with the English descriptions of every export's column schema (descriptions.properties,
 * docs/schema.md): the same descriptions feed both, and a changed text in one and not the other
 * fails here.
 */
class OpenApiColumnDescriptionsTest {
  @ParameterizedTest
  @CsvSource({
    "LEADS, LeadExportRow",
    "CONTACTS, ContactExportRow",
    "OPPORTUNITIES, OpportunityExportRow"
  })
  void theDocumentsColumnsAreTheExportsWithTheBundlesDescriptions(RowType rows, String name) {
    Map<String, Schema<?>> properties = properties(name);
    ExportSchema schema =
        ExportSchema.of(
            rows,
            "csv",
            ExportColumns.of(rows, ExportOptions.DEFAULT, List.of(), true).columns(),
            List.of(),
            "en");
    assertThat(properties.keySet())
        .containsExactlyElementsOf(
            schema.columns().stream().map(ExportSchema.Column::name).toList());
    for (ExportSchema.Column c : schema.columns()) {
      Schema<?> p = properties.get(c.name());
      assertThat(p.getDescription()).as(c.name()).isEqualTo(c.description());
      assertThat(Boolean.TRUE.equals(p.getNullable())).as(c.name()).isEqualTo(c.nullable());
      assertThat(p.getFormat())
          .as(c.name())
          .isEqualTo(c.typing().type() == ExportSchema.Type.TIMESTAMP ? "date-time" : null);
    }
  }

  @SuppressWarnings({"rawtypes", "unchecked"}) // swagger-models' Schema is generic without reason
  private static Map<String, Schema<?>> properties(String name) {
    Map raw =
        OpenApiContract.repository().api().getComponents().getSchemas().get(name).getProperties();
    return (Map<String, Schema<?>>) raw;
  }
}
