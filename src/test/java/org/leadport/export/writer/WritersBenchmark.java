package org.leadport.export.writer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH microbenchmarks of the row writers alone, no database: rows per second each format's writer
 * turns into bytes, on the seventeen columns of a HubSpot company export (text, numbers, dates,
 * instants) with the seed's share of hostile cells ({@code =HYPERLINK(…)}, {@code +1 555}, {@code
 * -42}, non-Latin text). Run by {@code bench/writers}; its README section says how to read it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx256m"})
public class WritersBenchmark {
  /** Rows written per benchmark call; a JMH operation is one row. */
  static final int ROWS = 10_000;

  @Param({"CSV", "JSONL", "JSON", "XLSX"})
  public String format;

  private List<ExportColumn> columns;
  private String[][] rows;
  private ExportFormat exportFormat;

  @Setup
  public void setUp() {
    exportFormat = ExportFormat.valueOf(format);
    columns = columns();
    rows = rows(columns, new SplittableRandom(42));
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long write() throws IOException {
    ByteCounter out = new ByteCounter();
    try (RowWriter writer = exportFormat.writer(out, ExportOptions.DEFAULT)) {
      writer.begin(columns);
      for (String[] row : rows) {
        writer.row(row);
      }
      writer.finish();
    }
    return out.bytes;
  }

  static List<ExportColumn> columns() {
    List<ExportColumn> c = new ArrayList<>();
    c.add(ExportColumn.of("hs_object_id", ColumnKind.TEXT, "l.id"));
    c.add(ExportColumn.of("name", ColumnKind.TEXT, "l.name"));
    c.add(ExportColumn.of("hs_lead_status", ColumnKind.TEXT, "s.label"));
    c.add(ExportColumn.of("website", ColumnKind.TEXT, "l.url"));
    c.add(ExportColumn.of("description", ColumnKind.TEXT, "l.description"));
    c.add(ExportColumn.of("source", ColumnKind.TEXT, "l.source"));
    c.add(ExportColumn.of("medium", ColumnKind.TEXT, "l.medium"));
    c.add(ExportColumn.of("campaign", ColumnKind.TEXT, "l.campaign"));
    c.add(ExportColumn.of("industry", ColumnKind.TEXT, "cf1"));
    c.add(ExportColumn.of("employees", ColumnKind.NUMBER, "cf2"));
    c.add(ExportColumn.of("arr", ColumnKind.NUMBER, "cf3"));
    c.add(ExportColumn.of("renewal", ColumnKind.DATE, "cf4"));
    c.add(ExportColumn.of("vip", ColumnKind.BOOLEAN, "cf5"));
    c.add(ExportColumn.of("phone", ColumnKind.TEXT, "cf6"));
    c.add(ExportColumn.of("notes", ColumnKind.TEXT, "cf7"));
    c.add(ExportColumn.of("createdate", ColumnKind.DATETIME, "l.created_at"));
    c.add(ExportColumn.of("hs_lastmodifieddate", ColumnKind.DATETIME, "l.updated_at"));
    return c;
  }

  private static final String[] WORDS = {
    "Harbor", "Acme", "Nordic", "Blue", "Pine", "Atlas", "Quartz", "Summit", "Delta", "Orbit"
  };
  private static final String[] HOSTILE = {
    "=HYPERLINK(\"http://evil.example\",\"click\")", "+1 555 0100", "-42", "@SUM(A1:A9)",
    "株式会社テスト", "Müller & Söhne, \"GmbH\"", "line one\r\nline two", "\tindented"
  };

  static String[][] rows(List<ExportColumn> columns, SplittableRandom random) {
    String[][] out = new String[ROWS][];
    for (int r = 0; r < ROWS; r++) {
      String[] row = new String[columns.size()];
      for (int i = 0; i < row.length; i++) {
        row[i] = value(columns.get(i).kind(), r, random);
      }
      row[0] = "lead_" + Long.toString(random.nextLong() & Long.MAX_VALUE, 36);
      out[r] = row;
    }
    return out;
  }

  private static String value(ColumnKind kind, int r, SplittableRandom random) {
    if (random.nextInt(10) == 0) {
      return null;
    }
    return switch (kind) {
      case TEXT ->
          random.nextInt(20) == 0
              ? HOSTILE[random.nextInt(HOSTILE.length)]
              : WORDS[random.nextInt(WORDS.length)]
                  + " "
                  + WORDS[random.nextInt(WORDS.length)]
                  + " "
                  + r;
      case NUMBER, INTEGER, DECIMAL -> Integer.toString(random.nextInt(-1_000, 1_000_000));
      case DATE -> String.format("2026-%02d-%02d", 1 + random.nextInt(12), 1 + random.nextInt(28));
      case DATETIME ->
          String.format(
              "2026-%02d-%02dT%02d:%02d:%02d.%06dZ",
              1 + random.nextInt(12),
              1 + random.nextInt(28),
              random.nextInt(24),
              random.nextInt(60),
              random.nextInt(60),
              random.nextInt(1_000_000));
      case BOOLEAN -> random.nextBoolean() ? "true" : "false";
    };
  }
}
