package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.sink.FastGzip;
import org.leadport.export.sink.Segment;
import org.leadport.export.writer.DocumentWriter;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.RowWriter;
import org.leadport.json.Json;

/**
 * {@link StoreParts} writes every part as the job's file is written: a nested export's further
 * parts compress and store on a thread of their own, as its sink's stream does for part 1.
 */
class StorePartsTest {
  /** A stored part: its bytes, the threads that wrote them, whether it was closed (published). */
  private static final class Stored extends ByteArrayOutputStream {
    final Set<Thread> writers = ConcurrentHashMap.newKeySet();
    volatile boolean closed;

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writers.add(Thread.currentThread());
      super.write(b, off, len);
    }

    @Override
    public synchronized void write(int b) {
      writers.add(Thread.currentThread());
      super.write(b);
    }

    @Override
    public void close() {
      closed = true;
    }

    String gunzipped() throws IOException {
      try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(toByteArray()))) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
  }

  private final List<Stored> stored = new ArrayList<>();
  private final ByteArrayOutputStream first = new ByteArrayOutputStream();
  private final JobOutput job =
      new JobOutput(
          first,
          n -> {
            Stored part = new Stored();
            stored.add(part);
            return part;
          });

  private static DocumentWriter documents(StoreParts layout, OutputStream sink) throws IOException {
    return layout.documentWriter(ExportFormat.JSONL, List.of(), new Segment(false, null), sink);
  }

  /** The threads that fed each part's compressor, by part (2, 3, …). */
  private final List<Set<Thread>> compressing = new ArrayList<>();

  /** Gzip, as Close's parts are, noting the threads that hand it bytes to compress. */
  private OutputStream gzip(OutputStream stored) throws IOException {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    compressing.add(threads);
    return new FilterOutputStream(new FastGzip(stored)) {
      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        threads.add(Thread.currentThread());
        out.write(b, off, len);
      }

      @Override
      public void write(int b) throws IOException {
        threads.add(Thread.currentThread());
        out.write(b);
      }
    };
  }

  @Test
  void aNestedExportsFurtherPartsAreCompressedOffTheWritersThread() throws IOException {
    StoreParts layout = new StoreParts(job, new PartLimits(2, 1L << 30), this::gzip);
    try (DocumentWriter w = documents(layout, first)) {
      w.begin();
      for (int i = 1; i <= 5; i++) {
        w.document(Json.object().put("n", i));
      }
      w.finish();
    }
    assertThat(stored).hasSize(2);
    assertThat(stored.get(0).gunzipped()).isEqualTo("{\"n\":3}\n{\"n\":4}\n");
    assertThat(stored.get(1).gunzipped()).isEqualTo("{\"n\":5}\n");
    assertThat(stored).allSatisfy(part -> assertThat(part.closed).isTrue());
    // Every byte each part compressed came from a thread of the part's own, not the writer's.
    assertThat(compressing).hasSize(2);
    for (Set<Thread> threads : compressing) {
      assertThat(threads).hasSize(1).doesNotContain(Thread.currentThread());
      assertThat(threads.iterator().next().getName()).isEqualTo("export-hand-off");
    }
    assertThat(compressing.get(0)).doesNotContainAnyElementsOf(compressing.get(1));
    assertThat(layout.parted()).isTrue();
  }

  @Test
  void aHandedOffPartStoppedHalfWayIsAbandonedUnclosedAndItsThreadEnded() throws IOException {
    StoreParts layout = new StoreParts(job, new PartLimits(2, 1L << 30), stored -> stored);
    try (DocumentWriter w = documents(layout, first)) {
      w.begin();
      for (int i = 1; i <= 3; i++) {
        w.document(Json.object().put("n", i));
      }
      // The export stops here: no finish.
    }
    assertThat(stored).hasSize(1);
    Stored part = stored.get(0);
    assertThat(part.closed).isFalse();
    // The thread handed its last bytes over before it ended, so nothing writes into the upload
    // while the run drops it.
    assertThat(part.toString(StandardCharsets.UTF_8)).isEqualTo("{\"n\":3}");
    assertThat(part.writers).hasSize(1).doesNotContain(Thread.currentThread());
    assertThat(part.writers.iterator().next().isAlive()).isFalse();
  }

  @Test
  void aFlatExportsPartsAreWrittenOnTheWritersThreadAsItsOneFileIs() throws IOException {
    StoreParts layout = new StoreParts(job, new PartLimits(1, 1L << 30), stored -> stored);
    try (RowWriter w =
        layout.writer(ExportFormat.CSV, ExportOptions.DEFAULT, new Segment(false, null), first)) {
      w.begin(List.of());
      w.row(new String[0]);
      w.row(new String[0]);
      w.finish();
    }
    assertThat(stored).hasSize(1);
    assertThat(stored.get(0).closed).isTrue();
    assertThat(stored.get(0).writers).containsExactly(Thread.currentThread());
  }
}
