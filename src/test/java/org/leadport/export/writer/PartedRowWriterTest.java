package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;

/** {@link PartedRowWriter} splitting rows, from a cursor or from COPY, into whole files. */
class PartedRowWriterTest {
  private static final List<ExportColumn> COLUMNS =
      List.of(
          ExportColumn.of("id", ColumnKind.TEXT, "l.id"),
          ExportColumn.of("n", ColumnKind.NUMBER, "l.n"));

  /** Parts kept in memory; each records whether it was closed. */
  private static class Memory implements PartedRowWriter.Parts {
    final List<ByteArrayOutputStream> parts = new ArrayList<>();
    final List<Boolean> closed = new ArrayList<>();
    boolean finished;

    @Override
    public OutputStream open(int n) {
      assertThat(n).isEqualTo(parts.size() + 1);
      int i = parts.size();
      closed.add(false);
      ByteArrayOutputStream part =
          new ByteArrayOutputStream() {
            @Override
            public void close() {
              closed.set(i, true);
            }
          };
      parts.add(part);
      return part;
    }

    @Override
    public void finish() {
      assertThat(closed).doesNotContain(false);
      finished = true;
    }

    List<String> texts() {
      return parts.stream().map(p -> p.toString(StandardCharsets.UTF_8)).toList();
    }
  }

  @Test
  void copyRowsAreCountedIntoPartsEachWithItsHeader() throws IOException {
    Memory parts = new Memory();
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 2, parts)) {
      w.begin(COLUMNS);
      assertThat(w.takesCopy()).isTrue();
      for (String row : List.of("a,1\n", "\"b\nc\",2\n", "=d,3\n", "e,4\n", "f,5\n")) {
        w.copyRow(row.getBytes(StandardCharsets.UTF_8));
      }
      w.finish();
    }
    assertThat(parts.texts())
        .containsExactly(
            "id,n\r\na,1\r\n\"b\nc\",2\r\n", "id,n\r\n'=d,3\r\ne,4\r\n", "id,n\r\nf,5\r\n");
    assertThat(parts.closed).containsOnly(true);
    assertThat(parts.finished).isTrue();
  }

  /** A part the export stopped in is handed back unclosed: closing it would end it as whole. */
  @Test
  void aPartStoppedHalfWayIsAbandonedNotClosed() throws IOException {
    List<Integer> abandoned = new ArrayList<>();
    Memory parts =
        new Memory() {
          @Override
          public void abandoned(int n, OutputStream part) {
            abandoned.add(n);
          }
        };
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 2, parts)) {
      w.begin(COLUMNS);
      for (String id : List.of("a", "b", "c")) {
        w.row(new String[] {id, "1"});
      }
    }
    assertThat(parts.closed).containsExactly(true, false);
    assertThat(abandoned).containsExactly(2);
    assertThat(parts.finished).isFalse();
  }

  @Test
  void rowsOfValuesSplitTheSameWay() throws IOException {
    Memory parts = new Memory();
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 2, parts)) {
      w.begin(COLUMNS);
      for (String id : List.of("a", "b\nc", "=d", "e")) {
        w.row(new String[] {id, "1"});
      }
      w.finish();
    }
    // A full last part opens no empty one after it.
    assertThat(parts.texts())
        .containsExactly("id,n\r\na,1\r\n\"b\nc\",1\r\n", "id,n\r\n'=d,1\r\ne,1\r\n");
  }

  @Test
  void noLimitAndNoRowsAreOnePartWithItsHeader() throws IOException {
    Memory parts = new Memory();
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 0, parts)) {
      w.begin(COLUMNS);
      w.finish();
    }
    assertThat(parts.texts()).containsExactly("id,n\r\n");
    parts = new Memory();
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 0, parts)) {
      w.begin(COLUMNS);
      for (int i = 0; i < 1_000; i++) {
        w.copyRow("x,1\n".getBytes(StandardCharsets.UTF_8));
      }
      w.finish();
    }
    assertThat(parts.texts()).hasSize(1);
  }

  @Test
  void aFormatWhoseWriterTakesNoCopyIsReadByCursor() throws IOException {
    Memory parts = new Memory();
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.JSONL, ExportOptions.DEFAULT, 1, parts)) {
      w.begin(COLUMNS);
      assertThat(w.takesCopy()).isFalse();
      w.row(new String[] {"a", "1"});
      w.row(new String[] {"b", "2"});
      w.finish();
    }
    assertThat(parts.texts()).hasSize(2);
  }

  @Test
  void aPartFullByItsBytesEndsAtTheNextRowAndEveryPartReportsItsRows() throws IOException {
    long limit = 100_000;
    List<Long> ended = new ArrayList<>();
    Memory parts =
        new Memory() {
          @Override
          public boolean full() {
            return this.parts.get(this.parts.size() - 1).size() >= limit;
          }

          @Override
          public void ended(int n, long rows) {
            assertThat(n).isEqualTo(ended.size() + 1);
            ended.add(rows);
          }
        };
    String value = "x".repeat(1_000);
    int rows = 1_000;
    try (PartedRowWriter w =
        new PartedRowWriter(ExportFormat.CSV, ExportOptions.DEFAULT, 0, parts)) {
      w.begin(COLUMNS);
      for (int i = 0; i < rows; i++) {
        w.copyRow((value + "," + i + "\n").getBytes(StandardCharsets.UTF_8));
      }
      w.finish();
    }
    List<String> texts = parts.texts();
    assertThat(texts.size()).isGreaterThan(1);
    assertThat(ended).hasSize(texts.size());
    assertThat(ended.stream().mapToLong(Long::longValue).sum()).isEqualTo(rows);
    for (int i = 0; i < texts.size(); i++) {
      String text = texts.get(i);
      assertThat(text).startsWith("id,n\r\n");
      // Header plus its rows: what the part reported.
      assertThat(text.split("\r\n")).hasSize((int) (ended.get(i) + 1));
      if (i < texts.size() - 1) {
        // Cut at the first row boundary once the written bytes reach the limit; a writer's buffer
        // (64 KB for CSV) is the most a part passes it by.
        assertThat((long) text.length()).isBetween(limit, limit + 64 * 1024 + 2_000);
      }
    }
  }
}
