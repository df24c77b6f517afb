package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.json.Json;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.LeadFilter;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.query.ValueType;

class ExportSpecJsonTest {
  @Test
  void anAsyncSpecRoundTripsWithEveryOption() throws Exception {
    FieldRef name = Fields.STANDARD.regular(ObjectKind.LEAD, "display_name").orElseThrow();
    ExportSpec spec =
        new ExportSpec(
            "ws_1",
            RowType.CONTACTS,
            ExportFormat.JSONL,
            ObjectKind.LEAD,
            new Query.Match(name, new Condition.Text(Condition.TextMode.FULL_WORDS, "acme")),
            false,
            List.of(
                new SortTerm(name, true),
                new SortTerm(FieldRef.custom("n", ValueType.NUMBER, "cf_1"), false)),
            25L,
            null,
            null,
            ExportOptions.builder()
                .dateFormat(DateFormat.EXCEL)
                .fields(List.of("id", "name"))
                .smartFields(true)
                .addresses(true)
                .bom(true)
                .build());
    ExportSpec back = ExportSpecJson.read(Json.parse(Json.text(ExportSpecJson.write(spec))));
    assertThat(back).isEqualTo(spec);
  }

  @Test
  void flatRowsAndHeadersRoundTripAndOldSpecsReadWithout() throws Exception {
    ExportSpec spec =
        new ExportSpec(
            "ws_1",
            RowType.LEADS,
            ExportFormat.JSON,
            ObjectKind.LEAD,
            new Query.All(),
            false,
            List.of(),
            null,
            null,
            null,
            ExportOptions.builder()
                .dateFormat(DateFormat.ISO8601)
                .fields(List.of("id", "source"))
                .flat(true)
                .headers(java.util.Map.of("id", "Lead-ID", "source", "Quelle"))
                .build());
    assertThat(spec.nested()).isFalse();
    var json = ExportSpecJson.write(spec);
    assertThat(json.path("options").path("flat").asBoolean()).isTrue();
    assertThat(Json.text(json.path("options").path("headers")))
        .isEqualTo("{\"id\":\"Lead-ID\",\"source\":\"Quelle\"}");
    assertThat(ExportSpecJson.read(Json.parse(Json.text(json)))).isEqualTo(spec);

    // Specs stored before either existed (and nested ones now) carry neither member.
    var nested = json.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) nested.get("options")).remove("flat");
    ((com.fasterxml.jackson.databind.node.ObjectNode) nested.get("options")).remove("headers");
    ExportSpec old = ExportSpecJson.read(nested);
    assertThat(old.nested()).isTrue();
    assertThat(old.options().headers()).isEmpty();
    assertThat(ExportSpecJson.write(old).path("options").has("flat")).isFalse();
    assertThat(ExportSpecJson.write(old).path("options").has("headers")).isFalse();
  }

  @Test
  void closeNamingRoundTripsAndOldSpecsReadAsNative() throws Exception {
    ExportSpec spec =
        new ExportSpec(
            "ws_1",
            RowType.LEADS,
            ExportFormat.CSV,
            ObjectKind.LEAD,
            new Query.All(),
            false,
            List.of(),
            null,
            null,
            null,
            ExportOptions.builder()
                .dateFormat(DateFormat.ORIGINAL)
                .fields(List.of("id", "date_created"))
                .naming(ExportNaming.CLOSE)
                .build());
    var json = ExportSpecJson.write(spec);
    assertThat(json.path("options").path("naming").asText()).isEqualTo("CLOSE");
    ExportSpec back = ExportSpecJson.read(Json.parse(Json.text(json)));
    assertThat(back).isEqualTo(spec);
    assertThat(back.options().naming()).isEqualTo(ExportNaming.CLOSE);

    // Specs stored before naming existed are Leadport's own names.
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("options")).remove("naming");
    ExportSpec old = ExportSpecJson.read(json);
    assertThat(old.options().naming()).isEqualTo(ExportNaming.NATIVE);
    assertThat(ExportSpecJson.write(old).path("options").has("naming")).isFalse();
  }

  @Test
  void syncSegmentsAreNeverStored() {
    ExportSpec segment = ExportSpec.segment("ws_1", LeadFilter.NONE, null, 10, false);
    assertThatThrownBy(() -> ExportSpecJson.write(segment))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("segments of the sync export are never stored");
  }

  @Test
  void specsRefuseShapesTheRowSourceCannotRun() {
    assertThatThrownBy(() ->
            new ExportSpec(
                "ws",
                RowType.LEADS,
                ExportFormat.CSV,
                ObjectKind.OPPORTUNITY,
                new Query.All(),
                false,
                List.of(),
                null,
                null,
                null,
                ExportOptions.DEFAULT))
        .hasMessage("a query over OPPORTUNITY cannot make LEADS rows");
  }

  @Test
  void nestedParquetRoundTripsAndOnlyLeadsInParquetAreNested() throws Exception {
    ExportSpec spec = spec(RowType.LEADS, ExportFormat.PARQUET, true);
    assertThat(spec.nested()).isTrue();
    assertThat(ExportSpecJson.write(spec).path("options").path("nested").asBoolean()).isTrue();
    assertThat(ExportSpecJson.read(Json.parse(Json.text(ExportSpecJson.write(spec)))))
        .isEqualTo(spec);
    // Without the option Parquet is rows, and its stored spec has no nested key, as before.
    ExportSpec rows = spec(RowType.LEADS, ExportFormat.PARQUET, false);
    assertThat(rows.nested()).isFalse();
    assertThat(ExportSpecJson.write(rows).path("options").has("nested")).isFalse();
    assertThat(spec(RowType.LEADS, ExportFormat.JSON, false).nested()).isTrue();
    assertThatThrownBy(() -> spec(RowType.CONTACTS, ExportFormat.PARQUET, true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> spec(RowType.LEADS, ExportFormat.CSV, true))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static ExportSpec spec(RowType rows, ExportFormat format, boolean nested) {
    return new ExportSpec(
        "ws_1",
        rows,
        format,
        ObjectKind.LEAD,
        new Query.All(),
        false,
        List.of(),
        null,
        null,
        null,
        ExportOptions.builder().naming(ExportNaming.CLOSE).nested(nested).build());
  }
}
