package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;
import org.leadport.json.Json;

/**
 * JSON exports through Jackson's streaming generator: one array of objects, or NDJSON with one
 * object a line. Rows of columns become flat objects whose numbers and booleans are typed; nested
 * documents are written as given. JSON is never altered for spreadsheets. Not thread-safe.
 */
public final class JsonRowWriter implements RowWriter, DocumentWriter {
  private final JsonGenerator json;
  private final boolean lines;
  private SerializedString[] names = new SerializedString[0];
  private ColumnKind[] kinds = new ColumnKind[0];
  private boolean written;

  public JsonRowWriter(OutputStream out, boolean lines) {
    try {
      this.json = Json.MAPPER.getFactory().createGenerator(out);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // The caller owns the stream; the generator must not close it.
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    json.setRootValueSeparator(new SerializedString(lines ? "\n" : ""));
    this.lines = lines;
  }

  @Override
  public void begin(List<ExportColumn> columns) throws IOException {
    names = new SerializedString[columns.size()];
    kinds = new ColumnKind[columns.size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = new SerializedString(columns.get(i).header());
      kinds[i] = columns.get(i).kind();
    }
    begin();
  }

  @Override
  public void begin() throws IOException {
    if (!lines) {
      json.writeStartArray();
    }
  }

  @Override
  public void row(String[] values) throws IOException {
    written = true;
    json.writeStartObject();
    for (int i = 0; i < values.length; i++) {
      json.writeFieldName(names[i]);
      String v = values[i];
      if (v == null) {
        json.writeNull();
      } else {
        switch (kinds[i]) {
          case NUMBER, INTEGER, DECIMAL -> json.writeNumber(new BigDecimal(v));
          case BOOLEAN -> json.writeBoolean(Boolean.parseBoolean(v));
          default -> json.writeString(v);
        }
      }
    }
    json.writeEndObject();
  }

  @Override
  public void document(JsonNode document) throws IOException {
    written = true;
    Json.MAPPER.writeTree(json, document);
  }

  @Override
  public JsonGenerator generator() {
    written = true;
    return json;
  }

  @Override
  public void close() {}

  @Override
  public void finish() throws IOException {
    if (!lines) {
      json.writeEndArray();
    } else if (written) {
      // Every NDJSON record ends with a newline, the last one too; no records, no bytes.
      json.writeRaw('\n');
    }
    json.flush();
  }
}
