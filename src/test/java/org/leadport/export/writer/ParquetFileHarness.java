package org.leadport.export.writer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * Not a test: re-writes the rows of a real Parquet export (read with DuckDB, turned back into the
 * texts the export statement sends) with each page layout, in-process: file size and CPU time per
 * layout, and the bytes of each column, for the size choices in docs/parquet.md.
 *
 * <pre>
 * java -cp $CP org.leadport.export.writer.ParquetHarness file leads.parquet [repeats]
 * </pre>
 */
final class ParquetFileHarness {
  private static final DateTimeFormatter INSTANT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private ParquetFileHarness() {}

  public static void main(String[] args) throws Exception {
    String path = args[1];
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    List<ExportColumn> columns = new ArrayList<>();
    List<String[]> rows = new ArrayList<>();
    read(path, columns, rows);
    List<ParquetStream.Layout> layouts =
        List.of(
            ParquetStream.Layout.DEFAULT,
            new ParquetStream.Layout(true, 1 << 20, 1 << 20, false),
            new ParquetStream.Layout(true, 1 << 20, 4 << 20, false),
            new ParquetStream.Layout(false, 4 << 20, 1 << 20, false),
            new ParquetStream.Layout(true, 4 << 20, 4 << 20, false),
            new ParquetStream.Layout(false, 1 << 20, 1 << 20, true),
            new ParquetStream.Layout(true, 1 << 20, 1 << 20, true));
    for (int r = 0; r < repeats; r++) {
      for (ParquetStream.Layout layout : layouts) {
        ByteCounter sink = new ByteCounter();
        long cpu0 = cpu();
        ParquetRowWriter w =
            new ParquetRowWriter(
                sink,
                new ZstdPages(),
                CompressionCodecName.ZSTD,
                ParquetStream.ROW_GROUP_BYTES,
                layout);
        w.begin(columns);
        for (String[] row : rows) {
          w.row(row);
        }
        w.finish();
        double seconds = (cpu() - cpu0) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "%s rows=%,d file=%,d bytes cpu=%.2f s%n",
            layout,
            rows.size(),
            sink.bytes,
            seconds);
      }
    }
  }

  private static long cpu() {
    return ((com.sun.management.ThreadMXBean)
            java.lang.management.ManagementFactory.getThreadMXBean())
        .getCurrentThreadCpuTime();
  }

  private static void read(String path, List<ExportColumn> columns, List<String[]> rows)
      throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("select * from read_parquet('" + path + "')")) {
      ResultSetMetaData m = r.getMetaData();
      int n = m.getColumnCount();
      ColumnKind[] kinds = new ColumnKind[n];
      for (int i = 0; i < n; i++) {
        String type = m.getColumnTypeName(i + 1);
        kinds[i] =
            switch (type) {
              case "VARCHAR" -> ColumnKind.TEXT;
              case "BIGINT" -> ColumnKind.INTEGER;
              case "DOUBLE" -> ColumnKind.NUMBER;
              case "DATE" -> ColumnKind.DATE;
              case "BOOLEAN" -> ColumnKind.BOOLEAN;
              default ->
                  type.startsWith("TIMESTAMP")
                      ? ColumnKind.DATETIME
                      : type.startsWith("DECIMAL") ? ColumnKind.DECIMAL : ColumnKind.TEXT;
            };
        columns.add(ExportColumn.of(m.getColumnName(i + 1), kinds[i], "x"));
      }
      while (r.next()) {
        String[] row = new String[n];
        for (int i = 0; i < n; i++) {
          Object o = r.getObject(i + 1);
          if (o == null) {
            continue;
          }
          row[i] =
              switch (kinds[i]) {
                case DATETIME ->
                    INSTANT.format(
                        o instanceof java.time.OffsetDateTime t
                            ? t.toInstant()
                            : ((java.sql.Timestamp) o).toInstant());
                case DATE ->
                    o instanceof LocalDate d
                        ? d.toString()
                        : ((java.sql.Date) o).toLocalDate().toString();
                default -> o.toString();
              };
        }
        rows.add(row);
      }
    }
    System.out.println("read " + rows.size() + " rows of " + columns.size() + " columns");
  }
}
