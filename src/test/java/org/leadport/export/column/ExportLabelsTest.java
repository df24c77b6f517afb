package org.leadport.export.column;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.leadport.model.CustomField;

class ExportLabelsTest {
  static List<String> languages() {
    return ExportLabels.LANGUAGES;
  }

  static List<String> columns(RowType rows) {
    return ExportColumns.of(rows, ExportOptions.DEFAULT, List.of()).columns().stream()
        .map(ExportColumn::header)
        .toList();
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyLanguageLabelsEveryDocumentedColumnDistinctly(String code) {
    ExportLabels labels = ExportLabels.of(code).orElseThrow();
    assertThat(labels.language()).isEqualTo(code);
    assertThat(labels.keys()).isEqualTo(ExportLabels.english().keys());
    assertThat(labels.name()).isNotBlank();
    for (RowType rows : RowType.values()) {
      Set<String> seen = new HashSet<>();
      for (String column : columns(rows)) {
        assertThat(labels.has(rows, column)).as("%s %s.%s", code, rows, column).isTrue();
        String header = labels.header(rows, column);
        assertThat(header).isNotBlank().isEqualTo(header.strip());
        assertThat(seen.add(header))
            .as("%s: %s is the label of two %s", code, header, rows)
            .isTrue();
      }
    }
  }

  @Test
  void everyKeyIsADocumentedColumnOrTheLanguagesName() {
    Set<String> valid = new HashSet<>(Set.of("language.name"));
    for (RowType rows : RowType.values()) {
      columns(rows).forEach(c -> valid.add(rows.name().toLowerCase(Locale.ROOT) + "." + c));
    }
    assertThat(valid).containsAll(ExportLabels.english().keys());
  }

  @Test
  void labelsAreTheLanguagesOwn() {
    assertThat(ExportLabels.english().header(RowType.LEADS, "display_name")).isEqualTo("Name");
    assertThat(ExportLabels.of("de").orElseThrow().header(RowType.LEADS, "source"))
        .isEqualTo("Quelle");
    assertThat(ExportLabels.of("fr").orElseThrow().header(RowType.OPPORTUNITIES, "id"))
        .isEqualTo("ID de l'opportunité");
    assertThat(ExportLabels.of("ja").orElseThrow().header(RowType.OPPORTUNITIES, "id"))
        .isEqualTo("商談ID");
    assertThat(ExportLabels.of("pt").orElseThrow().name()).isEqualTo("Português (Brasil)");
  }

  @Test
  void customFieldsAreTheirNamesAndUnknownColumnsThemselves() {
    ExportLabels de = ExportLabels.of("de").orElseThrow();
    assertThat(de.header(RowType.CONTACTS, "custom.Branche")).isEqualTo("Branche");
    assertThat(de.header(RowType.LEADS, "no_such_column")).isEqualTo("no_such_column");
  }

  @Test
  void headersStayDistinctWhenACustomFieldIsNamedLikeALabel() {
    Map<String, String> headers =
        ExportLabels.english()
            .headers(RowType.LEADS, List.of("display_name", "custom.Name", "custom.Region"));
    assertThat(headers)
        .containsExactly(
            Map.entry("display_name", "Name"),
            Map.entry("custom.Name", "custom.Name"),
            Map.entry("custom.Region", "Region"));
  }

  @Test
  void onlyTheListedLowerCaseCodesAreLanguages() {
    assertThat(ExportLabels.of("EN")).isEmpty();
    assertThat(ExportLabels.of("xx")).isEmpty();
    assertThat(ExportLabels.of(null)).isEmpty();
  }

  @Test
  void englishIsEnglishOnAGermanJvmAndMissingLanguagesFail() {
    Locale before = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      ClassLoader loader = ExportLabels.class.getClassLoader();
      assertThat(LabelBundle.load(ExportLabels.BUNDLE, "en", "en", loader).get("leads.source"))
          .isEqualTo("Source");
      assertThatThrownBy(() -> LabelBundle.load(ExportLabels.BUNDLE, "xx", "en", loader))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("no org.leadport.export.labels bundle for xx");
    } finally {
      Locale.setDefault(before);
    }
  }

  @Test
  void relabelledColumnsKeepTheirExpressions() {
    CustomField industry =
        new CustomField(
            "cf_1", "Industry", CustomField.Type.TEXT, List.of(), Instant.EPOCH, Instant.EPOCH);
    ExportOptions options =
        ExportOptions.builder()
            .dateFormat(DateFormat.ISO8601)
            .fields(List.of("source", "custom.Industry"))
            .flat(true)
            .headers(Map.of("source", "Quelle", "custom.Industry", "Industry"))
            .build();
    List<ExportColumn> plain =
        ExportColumns.of(
                RowType.LEADS,
                ExportOptions.builder()
                    .dateFormat(DateFormat.ISO8601)
                    .fields(List.of("source", "custom.Industry"))
                    .build(),
                List.of(industry))
            .columns();
    List<ExportColumn> labelled =
        ExportColumns.of(RowType.LEADS, options, List.of(industry)).columns();
    assertThat(labelled.stream().map(ExportColumn::header)).containsExactly("Quelle", "Industry");
    for (int i = 0; i < 2; i++) {
      assertThat(labelled.get(i).sql()).isEqualTo(plain.get(i).sql());
      assertThat(labelled.get(i).sql().values()).isEqualTo(plain.get(i).sql().values());
      assertThat(labelled.get(i).kind()).isEqualTo(plain.get(i).kind());
    }
  }
}
