package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.RecordConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Lead documents as Parquet (docs/parquet.md, "Lead documents"): a row per lead, its scalar members
 * typed columns, its items (contacts, opportunities, addresses, activities) LIST columns of
 * STRUCTs, each shaped by {@link ParquetDocumentSchema}. Written as {@link ParquetRowWriter} writes
 * rows: streamed front to back into the export's stream, zstd pages ({@link ZstdPages}), row groups
 * of {@link ParquetRowWriter#ROW_GROUP_BYTES} each sent when full, so the heap holds about one row
 * group however many leads; no Hadoop runtime. The underlying stream is never closed. Not
 * thread-safe; one per export.
 */
final class ParquetDocumentWriter implements DocumentWriter {
  private final OutputStream out;
  private final ParquetDocumentSchema schema;
  private final long rowGroupBytes;
  private @Nullable ParquetWriter<Doc> writer;

  ParquetDocumentWriter(OutputStream out, List<DocumentField> shape) {
    this(out, shape, ParquetRowWriter.ROW_GROUP_BYTES);
  }

  /** With another row group size, for tests. */
  ParquetDocumentWriter(OutputStream out, List<DocumentField> shape, long rowGroupBytes) {
    this.out = out;
    this.schema = new ParquetDocumentSchema(shape);
    this.rowGroupBytes = rowGroupBytes;
  }

  @Override
  public void begin() throws IOException {
    writer =
        new Builder(new ParquetRowWriter.StreamFile(out), schema)
            .withConf(new PlainParquetConfiguration())
            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
            .withCodecFactory(new ZstdPages())
            .withCompressionCodec(CompressionCodecName.ZSTD)
            .withRowGroupSize(rowGroupBytes)
            // The flat writer's page layout as this branch's base had it (no dictionaries); when
            // merged with main's ParquetRowWriter.Layout (dictionaries on), take that layout here.
            .withDictionaryEncoding(false)
            .build();
  }

  @Override
  public boolean takesRows() {
    return true;
  }

  @Override
  public void document(String[] lead, List<List<String[]>> items) throws IOException {
    open().write(new Doc(lead, items));
  }

  /** Never called: {@link #takesRows()}. */
  @Override
  public void document(JsonNode document) {
    throw new UnsupportedOperationException("Parquet documents are written from their rows");
  }

  /** Never called: {@link #takesRows()}. */
  @Override
  public JsonGenerator generator() {
    throw new UnsupportedOperationException("Parquet documents are written from their rows");
  }

  /** Writes the last row group and the footer. */
  @Override
  public void finish() throws IOException {
    open().close();
    out.flush();
  }

  private ParquetWriter<Doc> open() {
    ParquetWriter<Doc> w = writer;
    if (w == null) {
      throw new IllegalStateException("the Parquet file is not open: begin() first");
    }
    return w;
  }

  /** One document's rows, as handed over. */
  private record Doc(String[] lead, List<List<String[]>> items) {}

  /** Writes documents as records of the schema. */
  private static final class Documents extends WriteSupport<Doc> {
    private final ParquetDocumentSchema schema;
    private @Nullable RecordConsumer record;

    Documents(ParquetDocumentSchema schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema.message(), Map.of("writer", "Leadport"));
    }

    /** Never called: the writer is configured without Hadoop. */
    @Override
    @Deprecated
    public WriteContext init(Configuration configuration) {
      throw new UnsupportedOperationException("Leadport writes Parquet without Hadoop");
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      record = recordConsumer;
    }

    @Override
    public void write(Doc doc) {
      RecordConsumer r = record;
      if (r == null) {
        throw new IllegalStateException("prepareForWrite was not called");
      }
      schema.write(r, doc.lead(), doc.items());
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Doc, Builder> {
    private final ParquetDocumentSchema schema;

    Builder(OutputFile file, ParquetDocumentSchema schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Doc> getWriteSupport(ParquetConfiguration conf) {
      return new Documents(schema);
    }

    /** Never called: the writer is configured without Hadoop. */
    @Override
    @Deprecated
    protected WriteSupport<Doc> getWriteSupport(Configuration conf) {
      throw new UnsupportedOperationException("Leadport writes Parquet without Hadoop");
    }
  }
}
