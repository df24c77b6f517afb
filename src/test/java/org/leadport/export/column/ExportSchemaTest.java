package org.leadport.export.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.export.column.ExportSchema.Column;
import org.leadport.export.column.ExportSchema.Style;
import org.leadport.json.Json;
import org.leadport.model.CustomField;

class ExportSchemaTest {
  static final CustomField INDUSTRY = field("cf_1", "Industry", CustomField.Type.CHOICES);
  static final CustomField SEATS = field("cf_2", "Seats", CustomField.Type.NUMBER);

  static CustomField field(String id, String name, CustomField.Type type) {
    return new CustomField(id, name, type, List.of(), Instant.EPOCH, Instant.EPOCH);
  }

  static List<String> languages() {
    return ExportLabels.LANGUAGES;
  }

  /** Every documented column of {@code rows}: addresses, smart fields and tombstones included. */
  static List<ExportColumn> everyColumn(RowType rows) {
    ExportOptions all = ExportOptions.builder().addresses(true).smartFields(true).build();
    return ExportColumns.of(rows, all, List.of(), true).columns();
  }

  static ExportSchema schema(RowType rows, List<ExportColumn> columns, String language) {
    return ExportSchema.of(rows, "csv", columns, List.of(INDUSTRY, SEATS), language);
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyLanguageDescribesEveryDocumentedColumnWithTheKeysOfEnglish(String code) {
    Map<String, String> texts = ExportSchema.descriptions(code);
    assertThat(texts.keySet()).isEqualTo(ExportSchema.descriptions("en").keySet());
    for (RowType rows : RowType.values()) {
      for (ExportColumn c : everyColumn(rows)) {
        String key = ExportSchema.key(rows, c.field());
        assertThat(texts).as("%s: %s", code, key).containsKey(key);
        assertThat(texts.get(key)).isNotBlank().isEqualTo(texts.get(key).strip());
      }
    }
    texts.forEach((key, text) -> assertThat(text).as("%s %s", code, key).isNotBlank());
    assertThat(texts.get("custom")).contains("{name}").contains("{type}");
    if (!code.equals("en")) {
      // A translation, not English copied over: every column text differs from English's.
      Map<String, String> en = ExportSchema.descriptions("en");
      texts.forEach((key, text) -> {
        if (key.startsWith("leads.") || key.startsWith("contacts.")) {
          assertThat(text).as("%s %s", code, key).isNotEqualTo(en.get(key));
        }
      });
    }
  }

  @Test
  void everyKeyDescribesADocumentedColumnOrACustomField() {
    Set<String> valid = new HashSet<>();
    for (RowType rows : RowType.values()) {
      everyColumn(rows).forEach(c -> valid.add(ExportSchema.key(rows, c.field())));
    }
    valid.add("custom");
    for (CustomField.Type t : CustomField.Type.values()) {
      valid.add("custom.type." + t.wireName());
    }
    // The keys of nested documents' members: LeadDocumentSchemaTest checks each is used.
    Set<String> flat = new HashSet<>(ExportSchema.descriptions("en").keySet());
    flat.removeIf(k -> k.startsWith("document."));
    assertThat(valid).containsExactlyInAnyOrderElementsOf(flat);
  }

  @ParameterizedTest
  @EnumSource(ColumnKind.class)
  void everyKindHasOneTyping(ColumnKind kind) {
    ExportSchema.Type expected =
        switch (kind) {
          case TEXT -> ExportSchema.Type.STRING;
          case NUMBER -> ExportSchema.Type.NUMBER;
          case DECIMAL -> ExportSchema.Type.DECIMAL;
          case INTEGER -> ExportSchema.Type.INTEGER;
          case DATE -> ExportSchema.Type.DATE;
          case DATETIME -> ExportSchema.Type.TIMESTAMP;
          case BOOLEAN -> ExportSchema.Type.BOOLEAN;
        };
    assertThat(ExportSchema.typing(kind).type()).isEqualTo(expected);
    assertThat(ExportSchema.typing(kind).parquet()).isNotBlank();
  }

  @Test
  void typesNullabilityAndDescriptionsOfOpportunityRows() {
    ExportSchema s = schema(RowType.OPPORTUNITIES, everyColumn(RowType.OPPORTUNITIES), "en");
    Map<String, Column> byName = new java.util.HashMap<>();
    s.columns().forEach(c -> byName.put(c.name(), c));
    assertThat(byName.get("id").typing().type()).isEqualTo(ExportSchema.Type.STRING);
    assertThat(byName.get("id").nullable()).isFalse();
    assertThat(byName.get("status_type").nullable()).isFalse();
    assertThat(byName.get("value").typing().type()).isEqualTo(ExportSchema.Type.INTEGER);
    assertThat(byName.get("value").nullable()).isTrue();
    assertThat(byName.get("date_won").typing().type()).isEqualTo(ExportSchema.Type.DATE);
    assertThat(byName.get("created_at").typing().type()).isEqualTo(ExportSchema.Type.TIMESTAMP);
    assertThat(byName.get("created_at").nullable()).isFalse();
    assertThat(byName.get("num_calls").nullable()).isFalse();
    assertThat(byName.get("last_call_date").nullable()).isTrue();
    assertThat(byName.get("lead_address.city").description())
        .isEqualTo("City of the lead's primary address.");
    assertThat(byName.get("value").description())
        .isEqualTo("Value of the opportunity in the currency's smallest unit (cents).");
  }

  @Test
  void customFieldsAreDescribedByTheirDefinitionInTheLanguage() {
    List<ExportColumn> columns = new ArrayList<>();
    CustomFieldColumns.add(columns, List.of(SEATS, INDUSTRY));
    ExportSchema en = schema(RowType.LEADS, columns, "en");
    assertThat(en.columns())
        .extracting(Column::name, c -> c.typing().type(), Column::nullable, Column::description)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "custom.Industry",
                ExportSchema.Type.STRING,
                true,
                "Custom field \"Industry\" (choice)."),
            org.assertj.core.groups.Tuple.tuple(
                "custom.Seats",
                ExportSchema.Type.NUMBER,
                true,
                "Custom field \"Seats\" (number)."));
    assertThat(schema(RowType.LEADS, columns, "de").columns().get(1).description())
        .isEqualTo("Benutzerdefiniertes Feld „Seats“ (Zahl).");
  }

  @Test
  void namesAreTheFilesWhileDescriptionsFollowTheField() {
    // Close's naming and translated headers rename columns; what they are stays the same.
    ExportOptions close =
        ExportOptions.builder()
            .naming(ExportNaming.CLOSE)
            .fields(List.of("date_created", "custom.cf_2"))
            .build();
    ExportSchema s =
        schema(
            RowType.LEADS, ExportColumns.of(RowType.LEADS, close, List.of(SEATS)).columns(), "en");
    assertThat(s.columns()).extracting(Column::name).containsExactly("date_created", "custom.cf_2");
    assertThat(s.columns())
        .extracting(Column::description)
        .containsExactly("When the lead was created (UTC).", "Custom field \"Seats\" (number).");
    ExportOptions labelled =
        ExportOptions.builder()
            .fields(List.of("source"))
            .headers(Map.of("source", "Quelle"))
            .build();
    ExportSchema de =
        schema(RowType.LEADS, ExportColumns.of(RowType.LEADS, labelled, List.of()).columns(), "de");
    assertThat(de.columns())
        .extracting(Column::name, Column::description)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Quelle", "Woher der Lead stammt."));
  }

  @Test
  void aColumnAskedForByFieldIsDescribedByItsName() {
    ExportSchema s =
        schema(
            RowType.LEADS,
            List.of(ExportColumn.of("Company name", ColumnKind.TEXT, "l.display_name")),
            "en");
    assertThat(s.columns().get(0).description()).isEqualTo("Company name");
  }

  @Test
  void jsonInEachStyleWithParquetTypesOnlyForParquet() {
    List<ExportColumn> columns =
        List.of(
            ExportColumn.of("id", ColumnKind.TEXT, "l.id"),
            ExportColumn.of("created_at", ColumnKind.DATETIME, "l.created_at"));
    JsonNode csv = schema(RowType.LEADS, columns, "en").toJson(Style.SNAKE);
    assertThat(Json.text(csv))
        .isEqualTo(
            "{\"columns\":[{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Unique ID of the lead.\"},"
                + "{\"name\":\"created_at\",\"type\":\"timestamp\",\"nullable\":false,"
                + "\"description\":\"When the lead was created (UTC).\"}],"
                + "\"format\":\"csv\",\"row_type\":\"leads\",\"language\":\"en\"}");
    ExportSchema parquet =
        ExportSchema.of(RowType.LEADS, ExportSchema.PARQUET, columns, List.of(), "en");
    assertThat(Json.text(parquet.toJson(Style.CAMEL)))
        .isEqualTo(
            "{\"columns\":[{\"name\":\"id\",\"type\":\"string\",\"nullable\":false,"
                + "\"description\":\"Unique ID of the lead.\",\"parquet\":\"BINARY\","
                + "\"parquetLogical\":\"STRING\"},"
                + "{\"name\":\"created_at\",\"type\":\"timestamp\",\"nullable\":false,"
                + "\"description\":\"When the lead was created (UTC).\",\"parquet\":\"INT64\","
                + "\"parquetLogical\":\"TIMESTAMP(MICROS,true)\"}],"
                + "\"format\":\"parquet\",\"rowType\":\"leads\",\"language\":\"en\"}");
    assertThat(parquet.toJson(Style.SNAKE).path("columns").path(0).has("parquet_logical")).isTrue();
  }

  @Test
  void anUnknownLanguageFails() {
    assertThatThrownBy(() -> schema(RowType.LEADS, List.of(), "xx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no descriptions in xx");
  }
}
