package org.leadport.export.writer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;

/** {@link PartedDocumentWriter} splitting nested documents into whole JSON or NDJSON files. */
class PartedDocumentWriterTest {
  /** Parts kept in memory, with the documents each was told it holds. */
  private static final class Memory implements PartedRowWriter.Parts {
    final List<ByteArrayOutputStream> parts = new ArrayList<>();
    final List<Long> rows = new ArrayList<>();
    final List<Integer> closed = new ArrayList<>();
    final List<Integer> abandoned = new ArrayList<>();
    boolean finished;

    @Override
    public OutputStream open(int n) {
      assertThat(n).isEqualTo(parts.size() + 1);
      ByteArrayOutputStream part =
          new ByteArrayOutputStream() {
            @Override
            public void close() {
              closed.add(n);
            }
          };
      parts.add(part);
      return part;
    }

    @Override
    public void abandoned(int n, OutputStream part) {
      assertThat(part).isSameAs(parts.get(n - 1));
      abandoned.add(n);
    }

    @Override
    public void ended(int n, long documents) {
      assertThat(n).isEqualTo(rows.size() + 1);
      rows.add(documents);
    }

    @Override
    public void finish() {
      finished = true;
    }

    List<String> texts() {
      return parts.stream().map(p -> p.toString(StandardCharsets.UTF_8)).toList();
    }
  }

  /** Five documents, the odd ones through the generator as LeadDocuments writes them. */
  private static Memory write(ExportFormat format, long perPart) throws IOException {
    Memory parts = new Memory();
    try (PartedDocumentWriter w = new PartedDocumentWriter(format, List.of(), perPart, parts)) {
      w.begin();
      for (int i = 1; i <= 5; i++) {
        if (i % 2 == 1) {
          JsonGenerator json = w.generator();
          json.writeStartObject();
          json.writeNumberField("n", i);
          json.writeEndObject();
        } else {
          w.document(Json.object().put("n", i));
        }
      }
      w.finish();
    }
    return parts;
  }

  @Test
  void ndjsonPartsAreWholeLinesCountedInDocuments() throws IOException {
    Memory parts = write(ExportFormat.JSONL, 2);
    assertThat(parts.texts())
        .containsExactly("{\"n\":1}\n{\"n\":2}\n", "{\"n\":3}\n{\"n\":4}\n", "{\"n\":5}\n");
    assertThat(parts.rows).containsExactly(2L, 2L, 1L);
    assertThat(parts.finished).isTrue();
  }

  @Test
  void jsonPartsAreEachOneArray() throws IOException {
    Memory parts = write(ExportFormat.JSON, 2);
    assertThat(parts.texts())
        .containsExactly("[{\"n\":1},{\"n\":2}]", "[{\"n\":3},{\"n\":4}]", "[{\"n\":5}]");
    assertThat(parts.rows).containsExactly(2L, 2L, 1L);
  }

  /**
   * An export stopped mid-part (failed, canceled) must not close that part's stream: closing ends a
   * part, and a store publishes a part whose stream closes, so a half part would pass for whole.
   */
  @Test
  void aPartStoppedHalfWayIsAbandonedNotClosed() throws IOException {
    Memory parts = new Memory();
    try (PartedDocumentWriter w =
        new PartedDocumentWriter(ExportFormat.JSON, List.of(), 2, parts)) {
      w.begin();
      for (int i = 1; i <= 3; i++) {
        w.document(Json.object().put("n", i));
      }
    }
    assertThat(parts.closed).containsExactly(1);
    assertThat(parts.rows).containsExactly(2L);
    assertThat(parts.abandoned).containsExactly(2);
    assertThat(parts.finished).isFalse();
    assertThat(parts.texts()).containsExactly("[{\"n\":1},{\"n\":2}]", "[{\"n\":3}");
  }

  @Test
  void noLimitIsOneFileAsTheFormatsOwnWriterWritesIt() throws IOException {
    Memory parts = write(ExportFormat.JSON, 0);
    assertThat(parts.texts())
        .containsExactly("[{\"n\":1},{\"n\":2},{\"n\":3},{\"n\":4},{\"n\":5}]");
    Memory none = new Memory();
    try (PartedDocumentWriter w = new PartedDocumentWriter(ExportFormat.JSON, List.of(), 2, none)) {
      w.begin();
      w.finish();
    }
    assertThat(none.texts()).containsExactly("[]");
    assertThat(none.rows).containsExactly(0L);
  }
}
