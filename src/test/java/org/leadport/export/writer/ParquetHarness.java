package org.leadport.export.writer;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.leadport.export.column.ExportColumn;

/**
 * Not a test: measures the Parquet writer with each page codec on {@link XlsHeapHarness}'s typical
 * 25-column lead rows, written to a counting sink: rows/s, file size, and the heap's peak, for the
 * library choice in docs/parquet.md. Codecs: {@code zstd} (Leadport's, aircompressor in pure Java),
 * {@code zstd-jni} and {@code snappy} (native libraries, found by reflection so that the build does
 * not depend on them: put their jars on the class path), {@code none}; {@code fill} only makes the
 * rows, the cost to subtract; {@code csv} writes them as CSV for comparison.
 *
 * <pre>
 * ./mvnw -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) \
 *     org.leadport.export.writer.ParquetHarness zstd 1000000
 * </pre>
 */
public final class ParquetHarness {
  private ParquetHarness() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("file")) {
      ParquetFileHarness.main(args);
      return;
    }
    String codec = args.length > 0 ? args[0] : "zstd";
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int level = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    // One warm-up pass of a tenth, so the JIT has compiled the loop before the measured one.
    run(codec, rows / 10, level, false);
    run(codec, rows, level, true);
  }

  private static void run(String codec, long rows, int level, boolean print) throws Exception {
    ByteCounter sink = new ByteCounter();
    RowWriter writer =
        switch (codec) {
          case "fill" -> null;
          case "csv" -> new CsvRowWriter(sink, false);
          case "zstd" -> new ParquetRowWriter(sink);
          case "none" ->
              new ParquetRowWriter(
                  sink,
                  new Reflective(null, null, CompressionCodecName.UNCOMPRESSED),
                  CompressionCodecName.UNCOMPRESSED,
                  ParquetStream.ROW_GROUP_BYTES);
          case "zstd-jni" ->
              new ParquetRowWriter(
                  sink,
                  new Reflective(
                      MethodHandles.lookup()
                          .findStatic(
                              Class.forName("com.github.luben.zstd.Zstd"),
                              "compress",
                              MethodType.methodType(byte[].class, byte[].class, int.class)),
                      level,
                      CompressionCodecName.ZSTD),
                  CompressionCodecName.ZSTD,
                  ParquetStream.ROW_GROUP_BYTES);
          case "snappy" ->
              new ParquetRowWriter(
                  sink,
                  new Reflective(
                      MethodHandles.lookup()
                          .findStatic(
                              Class.forName("org.xerial.snappy.Snappy"),
                              "compress",
                              MethodType.methodType(byte[].class, byte[].class)),
                      null,
                      CompressionCodecName.SNAPPY),
                  CompressionCodecName.SNAPPY,
                  ParquetStream.ROW_GROUP_BYTES);
          default -> throw new IllegalArgumentException("unknown codec " + codec);
        };
    List<ExportColumn> columns = XlsHeapHarness.columns();
    long start = System.nanoTime();
    if (writer != null) {
      writer.begin(columns);
    }
    String[] v = new String[columns.size()];
    long held = 0;
    for (long i = 0; i < rows; i++) {
      XlsHeapHarness.fill(v, i);
      if (writer != null) {
        writer.row(v);
      }
      if (print && i % (rows / 4) == rows / 4 - 1) {
        // What the writer holds at a quarter, a half...: the heap in use after a full GC.
        long gcStart = System.nanoTime();
        held = Math.max(held, usedAfterGc());
        start += System.nanoTime() - gcStart;
      }
    }
    if (writer != null) {
      writer.finish();
      writer.close();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long gcMillis = 0;
    for (java.lang.management.GarbageCollectorMXBean gc :
        ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += gc.getCollectionTime();
    }
    if (print) {
      System.out.printf(
          Locale.ROOT,
          "%s rows=%,d file=%,d bytes; %.2f s, %,.0f rows/s; heap held at most %,d MB"
              + " (after full GCs), max %,d MB; GC time so far %,d ms%n",
          codec,
          rows,
          sink.bytes,
          seconds,
          rows / seconds,
          held >> 20,
          Runtime.getRuntime().maxMemory() >> 20,
          gcMillis);
    }
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 2; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * Pages compressed by a static {@code byte[] compress(byte[][, level])} method, or not at all.
   */
  private record Reflective(MethodHandle compress, Integer level, CompressionCodecName name)
      implements CompressionCodecFactory, CompressionCodecFactory.BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      if (compress == null) {
        return bytes;
      }
      try {
        java.io.ByteArrayOutputStream page = new java.io.ByteArrayOutputStream();
        bytes.writeAllTo(page);
        byte[] in = page.toByteArray();
        return BytesInput.from(
            level == null ? (byte[]) compress.invoke(in) : (byte[]) compress.invoke(in, level));
      } catch (IOException | RuntimeException e) {
        throw e;
      } catch (Throwable e) {
        throw new IOException(e);
      }
    }

    @Override
    public CompressionCodecName getCodecName() {
      return name;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
      return this;
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void release() {}
  }
}
