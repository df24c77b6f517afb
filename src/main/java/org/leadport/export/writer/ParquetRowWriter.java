package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ExportColumn;

/**
 * Parquet exports of rows, streamed ({@link ParquetStream}): typed, nullable columns ({@link
 * ParquetSchema}), zstd-compressed pages ({@link ZstdPages}) with dictionaries where they fit, and
 * row groups of at most {@link ParquetStream#ROW_GROUP_BYTES} bytes, each written to the output as
 * soon as it is full, so the heap a writer holds is bounded by one row group whatever the row count
 * (docs/parquet.md). The underlying stream is never closed. Not thread-safe; one per export.
 */
public final class ParquetRowWriter implements RowWriter {
  private final OutputStream out;
  private final ParquetStream.Settings settings;
  private @Nullable ParquetWriter<String[]> writer;

  public ParquetRowWriter(OutputStream out) {
    this(out, ParquetStream.Settings.defaults());
  }

  /** With another codec or row group size, for measurements and tests. */
  ParquetRowWriter(
      OutputStream out,
      CompressionCodecFactory codecs,
      CompressionCodecName codec,
      long rowGroupBytes) {
    this(out, codecs, codec, rowGroupBytes, ParquetStream.Layout.DEFAULT);
  }

  /** With another codec, row group size or page layout, for measurements and tests. */
  ParquetRowWriter(
      OutputStream out,
      CompressionCodecFactory codecs,
      CompressionCodecName codec,
      long rowGroupBytes,
      ParquetStream.Layout layout) {
    this(out, new ParquetStream.Settings(codecs, codec, rowGroupBytes, layout));
  }

  private ParquetRowWriter(OutputStream out, ParquetStream.Settings settings) {
    this.out = out;
    this.settings = settings;
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    ParquetSchema schema = new ParquetSchema(columns);
    writer =
        ParquetStream.open(
            out,
            new ParquetStream.Records<String[]>() {
              @Override
              public MessageType message() {
                return schema.message();
              }

              @Override
              public void write(RecordConsumer record, String[] values) {
                schema.write(record, values);
              }
            },
            settings);
  }

  @Override
  public void row(String[] values) throws IOException {
    open().write(values);
  }

  /** Writes the last row group and the footer. */
  @Override
  public void finish() throws IOException {
    open().close();
    out.flush();
  }

  private ParquetWriter<String[]> open() {
    ParquetWriter<String[]> w = writer;
    if (w == null) {
      throw new IllegalStateException("the Parquet file is not open: begin() first");
    }
    return w;
  }
}
