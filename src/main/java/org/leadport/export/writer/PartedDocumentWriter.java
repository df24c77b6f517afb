package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Splits nested documents (a lead export's JSON superset) into parts of at most {@code
 * documentsPerPart} documents (or fewer, when {@link PartedRowWriter.Parts#full()} says a part is
 * full), each a whole file of the format: a JSON array, or NDJSON lines. The document counterpart
 * of {@link PartedRowWriter}: a part's rows are its documents. A document starts with each {@link
 * #generator()} or {@link #document} call. Not thread-safe.
 */
public final class PartedDocumentWriter implements DocumentWriter {
  private final PartSplitter<DocumentWriter> parts;

  /**
   * @param documentsPerPart documents per part; 0 for one part however many come
   */
  public PartedDocumentWriter(
      ExportFormat format, long documentsPerPart, PartedRowWriter.Parts parts) {
    this.parts =
        new PartSplitter<>(
            new PartSplitter.Kind<>() {
              @Override
              public DocumentWriter open(java.io.OutputStream out) throws IOException {
                DocumentWriter w = format.documentWriter(out);
                w.begin();
                return w;
              }

              @Override
              public void finish(DocumentWriter writer) throws IOException {
                writer.finish();
              }

              @Override
              public void close(DocumentWriter writer) throws IOException {
                writer.close();
              }
            },
            documentsPerPart,
            parts);
  }

  @Override
  public void begin() throws IOException {
    parts.begin();
  }

  @Override
  public void document(JsonNode document) throws IOException {
    parts.advance().document(document);
  }

  /** The generator of the next document's part: each call is one document. */
  @Override
  public JsonGenerator generator() throws IOException {
    return parts.advance().generator();
  }

  @Override
  public void finish() throws IOException {
    parts.finish();
  }

  @Override
  public void close() throws IOException {
    parts.close();
  }
}
