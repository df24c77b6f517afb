package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.jspecify.annotations.Nullable;

/**
 * Lead documents as Parquet (docs/parquet.md, "Lead documents"): a row per lead, its scalar members
 * typed columns, its items (contacts, opportunities, addresses, activities) LIST columns of
 * STRUCTs, each shaped by {@link ParquetDocumentSchema}. Streamed as rows are ({@link
 * ParquetStream}, the same pages and row groups as {@link ParquetRowWriter}), so the heap holds
 * about one row group however many leads. The underlying stream is never closed. Not thread-safe;
 * one per export.
 */
final class ParquetDocumentWriter implements DocumentWriter {
  private final OutputStream out;
  private final ParquetDocumentSchema schema;
  private final ParquetStream.Settings settings;
  private @Nullable ParquetWriter<Doc> writer;

  ParquetDocumentWriter(OutputStream out, List<DocumentField> shape) {
    this(out, shape, ParquetStream.ROW_GROUP_BYTES);
  }

  /** With another row group size, for tests. */
  ParquetDocumentWriter(OutputStream out, List<DocumentField> shape, long rowGroupBytes) {
    this.out = out;
    this.schema = new ParquetDocumentSchema(shape);
    this.settings = ParquetStream.Settings.defaults().withRowGroupBytes(rowGroupBytes);
  }

  @Override
  public void begin() throws IOException {
    writer =
        ParquetStream.open(
            out,
            new ParquetStream.Records<Doc>() {
              @Override
              public MessageType message() {
                return schema.message();
              }

              @Override
              public void write(RecordConsumer record, Doc doc) {
                schema.write(record, doc.lead(), doc.items());
              }
            },
            settings);
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
}
