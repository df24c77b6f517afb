package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportSchema;

/**
 * The Parquet types a column schema names (ExportSchema.typing, docs/schema.md) are the ones the
 * Parquet writer gives the column: a kind's case added to one and not the other fails here.
 */
class ParquetSchemaAgreementTest {
  @ParameterizedTest
  @EnumSource(ColumnKind.class)
  void theSchemaNamesTheTypesTheFileHas(ColumnKind kind) {
    Type field = ParquetSchema.field("c", kind);
    ExportSchema.Typing typing = ExportSchema.typing(kind);
    assertThat(field.isPrimitive()).isTrue();
    assertThat(field.asPrimitiveType().getPrimitiveTypeName().name()).isEqualTo(typing.parquet());
    LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
    assertThat(logical == null ? null : logical.toString()).isEqualTo(typing.parquetLogical());
    // Every column of an export is optional: a null value is a Parquet null.
    assertThat(field.getRepetition()).isEqualTo(Type.Repetition.OPTIONAL);
  }
}
