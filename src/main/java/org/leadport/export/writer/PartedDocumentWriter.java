package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * Splits nested documents (a lead export's JSON superset) into parts of at most {@code
 * documentsPerPart} documents (or fewer, when {@link PartedRowWriter.Parts#full()} says a part is
 * full), each a whole file of the format: a JSON array, NDJSON lines, or a Parquet file. The
 * document counterpart of {@link PartedRowWriter}: a part's rows are its documents. A document
 * starts with each {@link #generator()} or {@link #document} call (or, for a format of typed
 * columns, each {@link #document(String[], List)}). Not thread-safe.
 */
public final class PartedDocumentWriter extends PartedWriter<DocumentWriter>
    implements DocumentWriter {
  private final boolean takesRows;

  /**
   * @param documentsPerPart documents per part; 0 for one part however many come
   */
  public PartedDocumentWriter(
      ExportFormat format,
      List<DocumentField> shape,
      long documentsPerPart,
      PartedRowWriter.Parts parts) {
    super(
        PartSplitter.documents(
            out -> {
              DocumentWriter w = format.documentWriter(out, shape);
              w.begin();
              return w;
            },
            documentsPerPart,
            parts));
    // As the format's own writer: a format of typed columns (Parquet) takes a document's rows.
    this.takesRows = format.nestsWhenAsked();
  }

  @Override
  public void begin() throws IOException {
    parts.begin();
  }

  @Override
  public void document(JsonNode document) throws IOException {
    parts.advance().document(document);
  }

  @Override
  public boolean takesRows() {
    return takesRows;
  }

  @Override
  public void document(String[] lead, List<List<String[]>> items) throws IOException {
    parts.advance().document(lead, items);
  }

  /** The generator of the next document's part: each call is one document. */
  @Override
  public JsonGenerator generator() throws IOException {
    return parts.advance().generator();
  }
}
