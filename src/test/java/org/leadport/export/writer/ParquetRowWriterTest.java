package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.testing.ParquetFiles;

class ParquetRowWriterTest {
  private static final List<ExportColumn> COLUMNS =
      List.of(
          ExportColumn.of("id", ColumnKind.TEXT, "x"),
          ExportColumn.of("name", ColumnKind.TEXT, "x"),
          ExportColumn.of("count", ColumnKind.INTEGER, "x"),
          ExportColumn.of("custom.score", ColumnKind.NUMBER, "x"),
          ExportColumn.of("renewal", ColumnKind.DATE, "x"),
          ExportColumn.of("created_at", ColumnKind.DATETIME, "x"),
          ExportColumn.of("active", ColumnKind.BOOLEAN, "x"));

  @TempDir Path dir;

  private static byte[] write(List<ExportColumn> columns, List<String[]> rows) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RowWriter w =
        ExportFormat.PARQUET.writer(out, org.leadport.export.column.ExportOptions.DEFAULT);
    w.begin(columns);
    String[] reused = new String[columns.size()];
    for (String[] row : rows) {
      // The caller reuses its array between rows, as RowSource does.
      System.arraycopy(row, 0, reused, 0, row.length);
      w.row(reused);
    }
    w.finish();
    w.close();
    return out.toByteArray();
  }

  private Path file(byte[] bytes) throws IOException {
    Path p = dir.resolve("export.parquet");
    Files.write(p, bytes);
    return p;
  }

  private static String source(Path p) {
    return "read_parquet('" + p + "')";
  }

  @Test
  void typesEachColumnByItsKindAndKeepsNulls() throws IOException {
    byte[] bytes =
        write(
            COLUMNS,
            List.of(
                new String[] {
                  "lead_1",
                  "Ünïcødé 名前 🚀",
                  "42",
                  "12.5",
                  "2026-02-18",
                  "2026-02-18T13:04:05.123456Z",
                  "true"
                },
                new String[] {"lead_2", null, null, null, null, null, null},
                new String[] {
                  "lead_3", "", "0", "-0.25", "1970-01-01", "1970-01-01T00:00:00.000001Z", "false"
                }));
    // Parquet's magic at both ends: a complete file.
    assertThat(new String(bytes, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    assertThat(new String(bytes, bytes.length - 4, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    ParquetFiles.Table t = ParquetFiles.read(bytes, "id");
    assertThat(t.types())
        .containsExactly(
            entry("id", "VARCHAR"),
            entry("name", "VARCHAR"),
            entry("count", "BIGINT"),
            entry("custom.score", "DOUBLE"),
            entry("renewal", "DATE"),
            entry("created_at", "TIMESTAMP WITH TIME ZONE"),
            entry("active", "BOOLEAN"));
    assertThat(t.column("name")).containsExactly("Ünïcødé 名前 🚀", null, "");
    assertThat(t.column("count")).containsExactly(42L, null, 0L);
    assertThat(t.column("custom.score")).containsExactly(12.5, null, -0.25);
    assertThat(t.column("active")).containsExactly(true, null, false);
    Path p = file(bytes);
    List<Map<String, Object>> typed =
        ParquetFiles.query(
            "select epoch_us(created_at) as us, cast(renewal as varchar) as day from "
                + source(p)
                + " order by id");
    assertThat(typed.get(0)).containsEntry("us", 1_771_419_845_123_456L);
    assertThat(typed.get(0)).containsEntry("day", "2026-02-18");
    assertThat(typed.get(1)).containsEntry("us", null).containsEntry("day", null);
    assertThat(typed.get(2)).containsEntry("us", 1L).containsEntry("day", "1970-01-01");
  }

  @Test
  void keepsBigNumbersAndInstantsOfEveryShape() throws IOException {
    List<ExportColumn> columns =
        List.of(
            ExportColumn.of("n", ColumnKind.INTEGER, "x"),
            ExportColumn.of("d", ColumnKind.NUMBER, "x"),
            ExportColumn.of("t", ColumnKind.DATETIME, "x"));
    byte[] bytes =
        write(
            columns,
            List.of(
                new String[] {"9223372036854775807", "1e+20", "1969-12-31T23:59:59.999999Z"},
                new String[] {
                  "-9223372036854775808", "-1.7976931348623157E308", "2026-02-18T14:04:05+01:00"
                },
                new String[] {"9007199254740993", "0.1", "9999-12-31T23:59:59.999999Z"}));
    Path p = file(bytes);
    List<Map<String, Object>> rows =
        ParquetFiles.query("select n, d, epoch_us(t) as us from " + source(p));
    assertThat(rows)
        .extracting(r -> r.get("n"))
        .containsExactly(Long.MAX_VALUE, Long.MIN_VALUE, 9_007_199_254_740_993L);
    assertThat(rows)
        .extracting(r -> r.get("d"))
        .containsExactly(1e20, -1.7976931348623157E308, 0.1);
    // Before the epoch, an offset other than Z (read the slow way), the last microsecond of 9999.
    assertThat(rows)
        .extracting(r -> r.get("us"))
        .containsExactly(-1L, 1_771_419_845_000_000L, 253_402_300_799_999_999L);
  }

  @Test
  void writesMoneyAsAnExactDecimalOfEveryBigintOfCents() throws IOException {
    List<ExportColumn> columns =
        List.of(
            ExportColumn.of("i", ColumnKind.INTEGER, "x"),
            ExportColumn.of("amount", ColumnKind.DECIMAL, "x"));
    byte[] bytes =
        write(
            columns,
            List.of(
                new String[] {"1", "12.34"},
                new String[] {"2", "0.1"},
                new String[] {"3", "-7"},
                new String[] {"4", "92233720368547758.07"},
                new String[] {"5", "-92233720368547758.08"},
                new String[] {"6", null},
                new String[] {"7", "-0.01"}));
    Path p = file(bytes);
    assertThat(ParquetFiles.read(bytes, "i").types()).contains(entry("amount", "DECIMAL(19,2)"));
    List<Map<String, Object>> rows =
        ParquetFiles.query("select amount::varchar as a from " + source(p) + " order by i");
    assertThat(rows)
        .extracting(r -> r.get("a"))
        .containsExactly(
            "12.34",
            "0.10",
            "-7.00",
            "92233720368547758.07",
            "-92233720368547758.08",
            null,
            "-0.01");
  }

  @Test
  void aDecimalWithMoreDecimalsThanItsScaleFailsTheExportInsteadOfRounding() {
    List<ExportColumn> columns = List.of(ExportColumn.of("amount", ColumnKind.DECIMAL, "x"));
    assertThatThrownBy(() -> write(columns, List.<String[]>of(new String[] {"12.345"})))
        .isInstanceOf(LeadportException.class)
        .hasMessageContaining("column amount")
        .hasMessageContaining("12.345");
  }

  @Test
  void aValueThatIsNotItsColumnsTypeFailsTheExportInsteadOfVanishing() {
    List<ExportColumn> columns = List.of(ExportColumn.of("n", ColumnKind.INTEGER, "x"));
    assertThatThrownBy(() -> write(columns, List.<String[]>of(new String[] {"12.5"})))
        .isInstanceOf(LeadportException.class)
        .hasMessageContaining("column n")
        .hasMessageContaining("12.5");
  }

  @Test
  void manyRowsSpanSeveralRowGroupsAndAllReadBack() throws IOException {
    List<ExportColumn> columns = XlsHeapHarness.columns();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // Row groups of 256 KB: the 20,000 rows need several, each flushed as it fills.
    ParquetRowWriter w =
        new ParquetRowWriter(
            out,
            new ZstdPages(),
            org.apache.parquet.hadoop.metadata.CompressionCodecName.ZSTD,
            256 * 1024);
    w.begin(columns);
    String[] v = new String[columns.size()];
    List<Long> sizes = new ArrayList<>();
    for (long i = 0; i < 20_000; i++) {
      XlsHeapHarness.fill(v, i);
      w.row(v);
      if (i % 5_000 == 4_999) {
        sizes.add((long) out.size());
      }
    }
    w.finish();
    // Bytes left the writer while rows were still coming: it streams.
    assertThat(sizes.get(0)).isGreaterThan(0);
    assertThat(sizes).isSorted();
    Path p = file(out.toByteArray());
    List<Map<String, Object>> meta =
        ParquetFiles.query(
            "select count(distinct row_group_id) as groups, any_value(compression) as codec"
                + " from parquet_metadata('"
                + p
                + "')");
    assertThat((Long) meta.get(0).get("groups")).isGreaterThan(1);
    assertThat(meta.get(0).get("codec")).isEqualTo("ZSTD");
    List<Map<String, Object>> counted =
        ParquetFiles.query(
            "select count(*) as n, count(distinct id) as ids, sum(\"custom.employees\") as s from "
                + source(p));
    assertThat(counted.get(0)).containsEntry("n", 20_000L).containsEntry("ids", 20_000L);
    double expected = 0;
    for (long i = 0; i < 20_000; i++) {
      expected += i % 5_000;
    }
    assertThat(counted.get(0)).containsEntry("s", expected);
  }

  @Test
  void aColumnOfFewValuesIsDictionaryEncodedAndAUniqueOneFallsBackToPlainPages()
      throws IOException {
    // The size target (docs/parquet.md): repeating values are written once per row group.
    List<ExportColumn> columns = XlsHeapHarness.columns();
    List<String[]> rows = new ArrayList<>();
    for (long i = 0; i < 60_000; i++) {
      String[] v = new String[columns.size()];
      XlsHeapHarness.fill(v, i);
      // Unique and long: its dictionary outgrows the 1 MB dictionary page.
      v[1] = v[1] + " " + Long.toHexString(i * 0x9E3779B97F4A7C15L) + v[0] + v[10];
      rows.add(v);
    }
    Path p = file(write(columns, rows));
    List<Map<String, Object>> meta =
        ParquetFiles.query(
            "select path_in_schema as c, string_agg(encodings, ',') as e from parquet_metadata('"
                + p
                + "') where path_in_schema in ('status_label', 'display_name') group by all");
    Map<Object, Object> encodings = new java.util.HashMap<>();
    meta.forEach(m -> encodings.put(m.get("c"), m.get("e")));
    assertThat((String) encodings.get("status_label")).contains("DICTIONARY");
    assertThat((String) encodings.get("display_name")).contains("PLAIN");
    List<Map<String, Object>> counted =
        ParquetFiles.query(
            "select count(distinct status_label) as s, count(distinct display_name) as d from "
                + source(p));
    assertThat(counted.get(0)).containsEntry("s", 4L).containsEntry("d", 60_000L);
  }

  @Test
  void noRowsIsAValidEmptyFileWithTheColumns() throws IOException {
    byte[] bytes = write(COLUMNS, List.of());
    ParquetFiles.Table t = ParquetFiles.read(bytes, null);
    assertThat(t.rows()).isEmpty();
    assertThat(t.types().keySet())
        .containsExactlyElementsOf(
            Arrays.stream(
                    new String[] {
                      "id", "name", "count", "custom.score", "renewal", "created_at", "active"
                    })
                .toList());
  }

  @Test
  void theFormatWritesLeadportsOwnInstantsAndNeverNestsDocuments() {
    assertThat(ExportFormat.PARQUET.honoursDateFormat()).isFalse();
    assertThat(ExportFormat.PARQUET.documents()).isFalse();
    assertThat(ExportFormat.PARQUET.zipsWhenLarge()).isFalse();
    assertThat(ExportFormat.PARQUET.contentType()).isEqualTo("application/vnd.apache.parquet");
    assertThat(ExportFormat.PARQUET.extension()).isEqualTo("parquet");
  }
}
