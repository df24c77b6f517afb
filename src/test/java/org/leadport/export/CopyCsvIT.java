package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.writer.CsvRowWriter;
import org.leadport.query.Sql;
import org.leadport.store.Database;
import org.leadport.testing.TestDatabase;

/**
 * {@link CsvRowWriter}'s COPY route on a real PostgreSQL writes byte for byte what its route of
 * values from a cursor writes, on values made of every character CSV quoting and formula safety
 * care about; and each literal {@link Sql#inlined()} writes means in SQL what its bound value
 * means.
 */
class CopyCsvIT {
  private static final String[] PIECES = {
    "a", "é", "😀", ",", "\"", "\r", "\n", "\r\n", "#", "'", "=", "+", "-", "@", " ", "\t", "\\",
    ".", "\\.", "\u00A0", "\u3000", "\uFF1D", "\u2028", "0", "1e3", "NULL", ""
  };

  static Database db;

  @BeforeAll
  static void start() {
    db = TestDatabase.fresh();
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  /** One text-only column (where COPY quotes a lone \.) and four with a number among them. */
  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void copyWritesWhatTheWriterWrites(int width) throws Exception {
    Random random = new Random(20261202L + width);
    List<String[]> rows = new ArrayList<>();
    for (String piece : PIECES) {
      String[] fixed = new String[width];
      fixed[0] = piece;
      rows.add(fixed);
    }
    rows.add(new String[width]);
    for (int r = 0; r < 3_000; r++) {
      String[] row = new String[width];
      for (int c = 0; c < width; c++) {
        row[c] = random.nextInt(8) == 0 ? null : value(random);
      }
      rows.add(row);
    }
    List<ExportColumn> columns = new ArrayList<>();
    for (int c = 0; c < width; c++) {
      ColumnKind kind = c == 2 ? ColumnKind.NUMBER : ColumnKind.TEXT;
      columns.add(ExportColumn.of(c == 0 ? "=c0" : "c" + c, kind, "v" + c));
    }
    String table = "copy_csv_" + width;
    try (Connection c = db.dataSource().getConnection()) {
      try (Statement s = c.createStatement()) {
        StringBuilder ddl = new StringBuilder("create table " + table + " (n int primary key");
        for (int i = 0; i < width; i++) {
          ddl.append(", v").append(i).append(" text");
        }
        s.execute(ddl.append(")").toString());
      }
      String marks = ", ?".repeat(width);
      try (PreparedStatement ps =
          c.prepareStatement("insert into " + table + " values (?" + marks + ")")) {
        for (int n = 0; n < rows.size(); n++) {
          ps.setInt(1, n);
          for (int i = 0; i < width; i++) {
            ps.setString(i + 2, rows.get(n)[i]);
          }
          ps.addBatch();
        }
        ps.executeBatch();
      }
      StringBuilder select = new StringBuilder("select v0");
      for (int i = 1; i < width; i++) {
        select.append(", v").append(i);
      }
      Sql sql = Sql.text(select + " from " + table + " where n >= ").bind(0).append(" order by n");

      ByteArrayOutputStream written = new ByteArrayOutputStream();
      try (CsvRowWriter writer = new CsvRowWriter(written, true);
          PreparedStatement ps = c.prepareStatement(sql.bound().sql().replace(":p0", "?"))) {
        writer.begin(columns);
        ps.setInt(1, 0);
        try (ResultSet rs = ps.executeQuery()) {
          String[] values = new String[width];
          while (rs.next()) {
            for (int i = 0; i < width; i++) {
              values[i] = rs.getString(i + 1);
            }
            writer.row(values);
          }
        }
        writer.finish();
      }

      ByteArrayOutputStream copied = new ByteArrayOutputStream();
      CsvRowWriter copying = new CsvRowWriter(copied, true);
      copying.begin(columns);
      AtomicLong progress = new AtomicLong();
      long n = CopyReader.copy(c, ExportStatement.copyCsv(sql), copying, progress::set);
      copying.finish();

      assertThat(n).isEqualTo(rows.size());
      assertThat(progress.get()).isEqualTo(rows.size() / 1_000 * 1_000L);
      assertThat(copied.toString(StandardCharsets.UTF_8))
          .isEqualTo(written.toString(StandardCharsets.UTF_8));
      assertThat(copied.toByteArray()).isEqualTo(written.toByteArray());
    }
  }

  /**
   * A failure while rows still stream (a progress listener that stops the export, a client gone) is
   * thrown as it is, after the COPY is cancelled: the connection answers its next statement.
   */
  @ParameterizedTest
  @ValueSource(strings = {"progress", "write"})
  void aFailureMidwayCancelsTheCopyAndLeavesTheConnectionUsable(String where) throws Exception {
    List<ExportColumn> columns = List.of(ExportColumn.of("n", ColumnKind.TEXT, "n"));
    String copy =
        ExportStatement.copyCsv(
            Sql.text("select n::text from generate_series(1, ").bind(500_000).append(") n"));
    OutputStream out =
        new OutputStream() {
          long bytes;

          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            bytes += len;
            if (where.equals("write") && bytes > 200_000) {
              throw new IOException("the client went away");
            }
          }
        };
    LongConsumer progress =
        n -> {
          if (where.equals("progress") && n >= 3_000) {
            throw new IllegalStateException("the job's claim is lost");
          }
        };
    try (Connection c = db.dataSource().getConnection()) {
      CsvRowWriter writer = new CsvRowWriter(out, false);
      writer.begin(columns);
      assertThatThrownBy(() -> CopyReader.copy(c, copy, writer, progress))
          .hasMessage(where.equals("write") ? "the client went away" : "the job's claim is lost");
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("select 41 + 1")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }

  /**
   * The COPY route's instants (the text of their UTC time, or a custom date-time's stored ISO text,
   * formatted by the writer) are byte for byte what {@code to_char} of the same instants writes in
   * every date format; so are the cursor route's stored ISO texts (rearranged in SQL), and every
   * value the stored text's guard turns away or parses.
   */
  @ParameterizedTest
  @EnumSource(DateFormat.class)
  void copiedInstantsAreWhatToCharWrites(DateFormat format) throws Exception {
    Random random = new Random(20261207L);
    List<String> times = new ArrayList<>();
    times.add("2026-02-18T13:04:05.123456Z");
    times.add("2026-02-18T00:00:00Z");
    times.add("2026-02-18T12:00:00.5Z");
    times.add("0001-01-01T00:00:00Z");
    times.add("9999-12-31T23:59:59.999999Z");
    times.add("infinity");
    times.add(null);
    long first = Instant.parse("1990-01-01T00:00:00Z").getEpochSecond() * 1_000_000;
    long span = 60L * 365 * 24 * 3600 * 1_000_000;
    for (int i = 0; i < 2_000; i++) {
      long micros = first + (long) (random.nextDouble() * span);
      // Whole seconds and fractions with trailing zeros, which PostgreSQL's text trims.
      micros -= micros % (long) Math.pow(10, random.nextInt(7));
      times.add(Instant.EPOCH.plus(micros, java.time.temporal.ChronoUnit.MICROS).toString());
    }
    // Custom date-times as stored (Times.iso) and as hand-edited: another offset, no fraction, a
    // near-miss of the shape, text the guard turns away, nothing.
    List<String> custom = new ArrayList<>();
    for (String t : times) {
      custom.add(
          t == null || t.equals("infinity") ? t : org.leadport.json.Times.iso(Instant.parse(t)));
    }
    custom.addAll(
        List.of(
            "2026-02-18T13:04:05+02:00",
            "2026-02-18T13:04:05Z",
            "2026-02-18T13:04:05.12345Z",
            "2026-02-18T23:30:00-05:00",
            "=HYPERLINK(\"x\")",
            "2026-02-18",
            ""));
    String table = "copy_times_" + format.name().toLowerCase(java.util.Locale.ROOT);
    try (Connection c = db.dataSource().getConnection()) {
      try (Statement s = c.createStatement()) {
        s.execute("create table " + table + " (n int primary key, t timestamptz, v text)");
      }
      try (PreparedStatement ps =
          c.prepareStatement("insert into " + table + " values (?, ?::timestamptz, ?)")) {
        for (int n = 0; n < custom.size(); n++) {
          ps.setInt(1, n);
          ps.setString(2, n < times.size() ? times.get(n) : null);
          ps.setString(3, custom.get(n));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Sql iso = Sql.text("v");
      Sql parsed = Sql.text("case when v ~ '^\\d{4}-\\d\\d-\\d\\dT' then v::timestamptz end");
      List<ExportColumn> columns =
          List.of(
              ExportColumn.of("t", ColumnKind.DATETIME, "t"),
              new ExportColumn("v", ColumnKind.DATETIME, parsed, "v", iso));
      String from = " from " + table + " order by n";

      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      ByteArrayOutputStream cursor = new ByteArrayOutputStream();
      Sql old = Sql.text("select ").append(format.sql(Sql.text("t"))).append(", ");
      Sql stored = old.append(format.stored(iso, parsed)).append(from);
      old = old.append(format.sql(parsed)).append(from);
      written(c, old, columns, format, expected);
      written(c, stored, columns, format, cursor);

      ByteArrayOutputStream copied = new ByteArrayOutputStream();
      CsvRowWriter copying = new CsvRowWriter(copied, false, format);
      copying.begin(columns);
      Sql raw =
          Sql.text("select ")
              .append(DateFormat.utcText(Sql.text("t")))
              .append(", ")
              .append(DateFormat.storedUtcText(iso, parsed))
              .append(from);
      long n = CopyReader.copy(c, ExportStatement.copyCsv(raw), copying, x -> {});
      copying.finish();

      assertThat(n).isEqualTo(custom.size());
      String want = expected.toString(StandardCharsets.UTF_8);
      assertThat(want).contains(",\r\n").contains("2026-02-18");
      assertThat(cursor.toString(StandardCharsets.UTF_8)).isEqualTo(want);
      assertThat(copied.toString(StandardCharsets.UTF_8)).isEqualTo(want);
    }
  }

  /** The rows of {@code sql} by the cursor route: values formatted by PostgreSQL. */
  private static void written(
      Connection c, Sql sql, List<ExportColumn> columns, DateFormat format, OutputStream out)
      throws Exception {
    try (CsvRowWriter writer = new CsvRowWriter(out, false, format);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql.inlined())) {
      writer.begin(columns);
      String[] values = new String[columns.size()];
      while (rs.next()) {
        for (int i = 0; i < values.length; i++) {
          values[i] = rs.getString(i + 1);
        }
        writer.row(values);
      }
      writer.finish();
    }
  }

  private static String value(Random random) {
    StringBuilder s = new StringBuilder();
    int pieces = random.nextInt(5);
    for (int i = 0; i < pieces; i++) {
      s.append(PIECES[random.nextInt(PIECES.length)]);
    }
    return s.toString();
  }

  /** Each literal compares equal, in SQL, to the same value bound. */
  @Test
  void literalsMeanTheirBoundValues() throws Exception {
    Object[][] cases = {
      {"it's \\ E'x' 'quoted' \"double\" é 😀 :p0 $$", "varchar"},
      {"", "varchar"},
      {42, "int4"},
      {-9_000_000_000L, "int8"},
      {new BigDecimal("-12345678901234567890.000123"), "numeric"},
      {true, "bool"},
      {false, "bool"},
      {Timestamp.from(Instant.parse("2026-12-02T10:55:32.123456Z")), "timestamptz"},
      {Timestamp.from(Instant.parse("0001-01-01T00:00:00Z")), "timestamptz"},
      {Timestamp.from(Instant.parse("-0044-03-15T12:00:00Z")), "timestamptz"},
      {java.sql.Date.valueOf(LocalDate.of(2024, 2, 29)), "date"},
    };
    try (Connection c = db.dataSource().getConnection()) {
      for (Object[] test : cases) {
        Object value = test[0];
        String type = (String) test[1];
        String literal = Sql.value(value).inlined();
        try (PreparedStatement ps =
            c.prepareStatement("select (" + literal + ")::" + type + " = ?::" + type)) {
          // java.time for the bound side: the driver writes an old java.sql.Timestamp in the
          // Julian calendar, PostgreSQL (and the literal) count in the proleptic Gregorian one.
          ps.setObject(
              1,
              switch (value) {
                case Timestamp t -> t.toInstant().atOffset(ZoneOffset.UTC);
                case java.sql.Date d -> d.toLocalDate();
                default -> value;
              });
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).as("%s as %s", literal, type).isTrue();
          }
        }
      }
    }
  }
}
