package org.leadport;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.ExportColumns;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.ExportSchema;
import org.leadport.export.column.RowType;
import org.leadport.testing.OpenApiContract;

/**
 * The lead export columns {@code openapi.yaml} documents ({@code LeadExportRow}) are the columns a
 * lead export has, with the English descriptions of every export's column schema
 * (descriptions.properties, docs/schema.md): the same descriptions feed both, and a changed text in
 * one and not the other fails here.
 */
class OpenApiColumnDescriptionsTest {
  @Test
  void theDocumentsLeadColumnsAreTheExportsWithTheBundlesDescriptions() {
    Map<String, Schema<?>> properties = properties();
    ExportSchema schema =
        ExportSchema.of(
            RowType.LEADS,
            "csv",
            ExportColumns.of(RowType.LEADS, ExportOptions.DEFAULT, List.of(), true).columns(),
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
  private static Map<String, Schema<?>> properties() {
    Map raw =
        OpenApiContract.repository()
            .api()
            .getComponents()
            .getSchemas()
            .get("LeadExportRow")
            .getProperties();
    return (Map<String, Schema<?>>) raw;
  }
}
