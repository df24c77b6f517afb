package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.testing.ParquetFiles;

/**
 * Lead documents as Parquet LIST and STRUCT columns, read back by DuckDB: the standard three-level
 * lists, empty lists, null members, typed values, custom members, and row groups.
 */
class ParquetDocumentWriterTest {
  /** A lead row: id, name, custom (stored JSON), created_at; items: id, lead id, value, emails. */
  private static final List<DocumentField> SHAPE =
      List.of(
          new DocumentField.Value("id", ColumnKind.TEXT, 0),
          new DocumentField.Value("name", ColumnKind.TEXT, 1),
          new DocumentField.Member("custom.cf_n", ColumnKind.NUMBER, 2, "cf_n"),
          new DocumentField.Member("custom.cf_d", ColumnKind.DATETIME, 2, "cf_d"),
          new DocumentField.Group(
              "custom", 2, List.of(new DocumentField.Member("cf_t", ColumnKind.TEXT, 2, "cf_t"))),
          new DocumentField.Items(
              "contacts",
              0,
              List.of(
                  new DocumentField.Value("id", ColumnKind.TEXT, 1),
                  new DocumentField.Value("lead_id", ColumnKind.TEXT, 0),
                  new DocumentField.Channels("emails", "email", 3))),
          new DocumentField.Items(
              "opportunities",
              1,
              List.of(
                  new DocumentField.Value("id", ColumnKind.TEXT, 1),
                  new DocumentField.Value("value", ColumnKind.INTEGER, 2),
                  new DocumentField.Value("date_won", ColumnKind.DATE, 3))),
          new DocumentField.Value("created_at", ColumnKind.DATETIME, 3));

  @Test
  void documentsAreRowsWithTypedListsOfStructsThatDuckDbReads() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DocumentWriter w = ExportFormat.PARQUET.documentWriter(out, SHAPE)) {
      assertThat(w.takesRows()).isTrue();
      w.begin();
      w.document(
          new String[] {
            "lead_1",
            "Acme",
            "{\"cf_n\": 2.5, \"cf_d\": \"2026-02-18T13:04:05+01:00\", \"cf_t\": \"=1+1\"}",
            "2026-02-18T13:04:05.123456Z"
          },
          List.of(
              rows(
                  new String[] {
                    "lead_1", "cont_1", null, "[{\"email\": \"a@x.io\", \"type\": \"office\"}]"
                  },
                  new String[] {"lead_1", "cont_2", null, "[]"}),
              rows(new String[] {"lead_1", "oppo_1", "123456", "2026-02-18"})));
      // No items, no custom values, null fields: empty lists and nulls, as the JSON has them.
      w.document(
          new String[] {"lead_2", null, "{\"cf_n\": \"not a number\"}", null},
          List.of(List.of(), rows(new String[] {"lead_2", "oppo_2", null, null})));
      w.finish();
    }
    Path p = write(out.toByteArray());
    String source = "read_parquet('" + p + "')";
    assertThat(ParquetFiles.read(out.toByteArray(), "id").types())
        .contains(
            entry("id", "VARCHAR"),
            entry("custom.cf_n", "DOUBLE"),
            entry("custom.cf_d", "TIMESTAMP WITH TIME ZONE"),
            entry("custom", "STRUCT(cf_t VARCHAR)"),
            entry(
                "contacts",
                "STRUCT(id VARCHAR, lead_id VARCHAR, emails STRUCT(email VARCHAR, \"type\""
                    + " VARCHAR)[])[]"),
            entry("opportunities", "STRUCT(id VARCHAR, \"value\" BIGINT, date_won DATE)[]"),
            entry("created_at", "TIMESTAMP WITH TIME ZONE"));
    List<Map<String, Object>> rows =
        ParquetFiles.query(
            "select id, name, \"custom.cf_n\" as n, epoch_us(\"custom.cf_d\") as d,"
                + " custom.cf_t as t, len(contacts) as contacts, len(opportunities) as opps,"
                + " contacts[1].emails[1].email as email, len(contacts[2].emails) as none,"
                + " opportunities[1].\"value\" as v, opportunities[1].date_won::varchar as won,"
                + " epoch_us(created_at) as created from "
                + source
                + " order by id");
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0))
        .containsEntry("name", "Acme")
        .containsEntry("n", 2.5)
        .containsEntry("d", 1_771_416_245_000_000L)
        .containsEntry("t", "=1+1")
        .containsEntry("contacts", 2L)
        .containsEntry("opps", 1L)
        .containsEntry("email", "a@x.io")
        .containsEntry("none", 0L)
        .containsEntry("v", 123_456L)
        .containsEntry("won", "2026-02-18")
        .containsEntry("created", 1_771_419_845_123_456L);
    assertThat(rows.get(1))
        .containsEntry("name", null)
        .containsEntry("n", null)
        .containsEntry("t", null)
        .containsEntry("contacts", 0L)
        .containsEntry("opps", 1L)
        .containsEntry("v", null)
        .containsEntry("created", null);
    // A lead without contacts has an empty list, not a null one.
    assertThat(
            ParquetFiles.query(
                "select count(*) as n from " + source + " where contacts is not null"))
        .containsExactly(Map.of("n", 2L));
    // unnest reads the items as rows.
    assertThat(
            ParquetFiles.query(
                "select count(*) as n from (select unnest(contacts) as c from " + source + ")"))
        .containsExactly(Map.of("n", 2L));
  }

  @Test
  void manyDocumentsFillSeveralRowGroupsEachWrittenWhenFull() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetDocumentWriter w = new ParquetDocumentWriter(out, SHAPE, 64 * 1024);
    w.begin();
    List<List<String[]>> items = new ArrayList<>();
    items.add(rows(new String[] {"l", "cont_x", null, "[{\"email\": \"e@x.io\"}]"}));
    items.add(List.of());
    int written = 0;
    int during = 0;
    for (int i = 0; i < 20_000; i++) {
      w.document(
          new String[] {"lead_" + i, "Name " + i, "{}", "2026-02-18T13:04:05.123456Z"}, items);
      if (i == 10_000) {
        during = out.size();
      }
      written++;
    }
    w.finish();
    // Row groups left the writer while documents were still coming.
    assertThat(during).isGreaterThan(1_000).isLessThan(out.size() / 2 + 1_000);
    Path p = write(out.toByteArray());
    assertThat(
            ParquetFiles.query(
                "select count(distinct row_group_id) as n from parquet_metadata('" + p + "')"))
        .singleElement()
        .satisfies(m -> assertThat((Long) m.get("n")).isGreaterThan(2));
    assertThat(
            ParquetFiles.query(
                "select count(*) as n, sum(len(contacts)) as c from read_parquet('" + p + "')"))
        .containsExactly(Map.of("n", (long) written, "c", java.math.BigInteger.valueOf(written)));
  }

  @Test
  void aValueTheStatementGotWrongFailsTheExport() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ParquetDocumentWriter w = new ParquetDocumentWriter(out, SHAPE);
    w.begin();
    assertThatThrownBy(() ->
            w.document(
                new String[] {"lead_1", null, null, "yesterday"}, List.of(List.of(), List.of())))
        .isInstanceOf(LeadportException.class)
        .hasMessageContaining("created_at");
  }

  @Test
  void parquetDocumentsNeedTheirShape() {
    assertThatThrownBy(() -> ExportFormat.PARQUET.documentWriter(new ByteArrayOutputStream()))
        .isInstanceOf(IllegalStateException.class);
  }

  private static List<String[]> rows(String[]... rows) {
    return List.of(rows);
  }

  private static Path write(byte[] bytes) {
    try {
      Path p = Files.createTempFile("parquet-doc-", ".parquet");
      p.toFile().deleteOnExit();
      Files.write(p, bytes);
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
