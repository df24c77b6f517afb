package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.sink.Segment;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.RowWriter;

/**
 * {@link ZipPacking} streaming one file as it is, a large CSV as a zip, and a split export as a zip
 * of parts, all into the one stream.
 */
class ZipPackingTest {
  private static final List<ExportColumn> COLUMNS =
      List.of(ExportColumn.of("id", ColumnKind.TEXT, "l.id"));

  /** Writes {@code rows} COPY rows (or rows of values) through the packing's writer. */
  private static byte[] write(ZipPacking packing, ExportFormat format, long counted, int rows)
      throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w =
        packing.writer(format, ExportOptions.DEFAULT, new Segment(false, null, counted), out)) {
      w.begin(COLUMNS);
      for (int i = 0; i < rows; i++) {
        if (w.takesCopy()) {
          w.copyRow(("row" + i + "\n").getBytes(StandardCharsets.UTF_8));
        } else {
          w.row(new String[] {"row" + i});
        }
      }
      w.finish();
    }
    return out.toByteArray();
  }

  private static String csv(int from, int to) {
    StringBuilder s = new StringBuilder("id\r\n");
    for (int i = from; i < to; i++) {
      s.append("row").append(i).append("\r\n");
    }
    return s.toString();
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> out = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        out.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  @Test
  void moreRowsThanAFileHoldsArePartsInOneZip() throws IOException {
    ZipPacking packing = new ZipPacking("contacts", 3, 2_000_000);
    byte[] file = write(packing, ExportFormat.CSV, 7, 7);
    assertThat(unzip(file))
        .containsExactly(
            Map.entry("contacts-1.csv", csv(0, 3)),
            Map.entry("contacts-2.csv", csv(3, 6)),
            Map.entry("contacts-3.csv", csv(6, 7)));
    assertThat(packing.file(ExportFormat.CSV))
        .isEqualTo(new JobHandler.FileInfo("contacts.zip", "application/zip", null));
  }

  @Test
  void everyZipEndsWithTheSchemaAndAPlainFileHasNone() throws IOException {
    byte[] schema = "{\"columns\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThat(
            unzip(write(new ZipPacking("contacts", 3, 2_000_000, schema), ExportFormat.CSV, 4, 4)))
        .containsExactly(
            Map.entry("contacts-1.csv", csv(0, 3)),
            Map.entry("contacts-2.csv", csv(3, 4)),
            Map.entry(ZipPacking.SCHEMA, "{\"columns\":[]}"));
    String plain = csv(0, 500);
    int size = plain.getBytes(StandardCharsets.UTF_8).length;
    assertThat(unzip(write(new ZipPacking("c", 0, size - 1, schema), ExportFormat.CSV, 500, 500)))
        .containsExactly(Map.entry("c.csv", plain), Map.entry("schema.json", "{\"columns\":[]}"));
    assertThat(
            new String(
                write(new ZipPacking("c", 0, size, schema), ExportFormat.CSV, 500, 500),
                StandardCharsets.UTF_8))
        .isEqualTo(plain);
  }

  @Test
  void aSmallFileIsWrittenAsItIs() throws IOException {
    ZipPacking packing = new ZipPacking("deals", 3, 1_000);
    assertThat(new String(write(packing, ExportFormat.CSV, 3, 3), StandardCharsets.UTF_8))
        .isEqualTo(csv(0, 3));
    assertThat(packing.file(ExportFormat.CSV))
        .isEqualTo(new JobHandler.FileInfo("deals.csv", "text/csv; charset=utf-8", null));
  }

  @Test
  void aCsvOverTheLimitIsTheOneEntryOfAZip() throws IOException {
    String plain = csv(0, 500);
    int size = plain.getBytes(StandardCharsets.UTF_8).length;
    // Exactly at the limit it stays plain; one byte over, it is zipped.
    ZipPacking at = new ZipPacking("companies", 0, size);
    assertThat(new String(write(at, ExportFormat.CSV, 500, 500), StandardCharsets.UTF_8))
        .isEqualTo(plain);
    assertThat(at.file(ExportFormat.CSV).name()).isEqualTo("companies.csv");
    ZipPacking over = new ZipPacking("companies", 0, size - 1);
    assertThat(unzip(write(over, ExportFormat.CSV, 500, 500)))
        .containsExactly(Map.entry("companies.csv", plain));
    assertThat(over.file(ExportFormat.CSV))
        .isEqualTo(new JobHandler.FileInfo("companies.zip", "application/zip", null));
  }

  /** Held in memory only up to the limit: past it the zip streams on before the last row. */
  @Test
  void aLargeCsvStreamsOnceOverTheLimit() throws IOException {
    ZipPacking packing = new ZipPacking("companies", 0, 1_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RowWriter w =
        packing.writer(ExportFormat.CSV, ExportOptions.DEFAULT, new Segment(false, null, 1), out)) {
      w.begin(COLUMNS);
      for (int i = 0; out.size() == 0; i++) {
        assertThat(i).as("rows written before the first zipped bytes").isLessThan(500_000);
        w.copyRow(("row " + i * 7919L * 104729L + "\n").getBytes(StandardCharsets.UTF_8));
      }
      assertThat(new String(out.toByteArray(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
      w.finish();
    }
  }

  /**
   * A job stored with a size over what a node may hold (before the setting was bounded, a bench
   * stored Long.MAX_VALUE and held a whole 1,000,000-row file in a 256 MB heap) is held only up to
   * {@link Delivery#MAX_HELD_BYTES}, then zipped.
   */
  @Test
  void noFileIsHeldInMemoryBeyondTheBoundWhateverTheJobSays() throws IOException {
    ZipPacking packing = new ZipPacking("companies", 0, Long.MAX_VALUE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long written = 0;
    try (RowWriter w =
        packing.writer(ExportFormat.CSV, ExportOptions.DEFAULT, new Segment(false, null, 1), out)) {
      w.begin(COLUMNS);
      for (int i = 0; out.size() == 0; i++) {
        assertThat(written)
            .as("bytes held before the first zipped ones")
            .isLessThanOrEqualTo(Delivery.MAX_HELD_BYTES);
        byte[] row = ("row " + i * 7919L * 104729L + "\n").getBytes(StandardCharsets.UTF_8);
        w.copyRow(row);
        written += row.length;
      }
      assertThat(new String(out.toByteArray(), 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("PK");
      w.finish();
    }
    assertThat(packing.file(ExportFormat.CSV).name()).isEqualTo("companies.zip");
  }

  @Test
  void aFileOfAnotherFormatIsNotZippedForItsSize() throws IOException {
    ZipPacking packing = new ZipPacking("deals", 1_000, 10);
    byte[] file = write(packing, ExportFormat.JSONL, 100, 100);
    assertThat(new String(file, StandardCharsets.UTF_8)).startsWith("{").hasLineCount(100);
    assertThat(packing.file(ExportFormat.JSONL).contentType()).isEqualTo("application/x-ndjson");
  }

  @Test
  void moreRowsThanCountedFailRatherThanWriteAWrongFile() {
    ZipPacking packing = new ZipPacking("deals", 2, 1_000);
    assertThatThrownBy(() -> write(packing, ExportFormat.CSV, 2, 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("more rows than it counted");
    assertThatThrownBy(() -> write(packing, ExportFormat.CSV, -1, 1))
        .isInstanceOf(IllegalStateException.class);
  }
}
