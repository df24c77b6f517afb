package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;

/**
 * Writes exported objects as nested JSON documents: {@code begin}, {@code document} per object,
 * {@code finish}. A writer of typed columns ({@link #takesRows()}, Parquet) takes each lead
 * document as the rows it is read from instead, typed by its {@link DocumentField}s. Not
 * thread-safe; one per export.
 */
public interface DocumentWriter extends AutoCloseable {
  void begin() throws IOException;

  void document(JsonNode document) throws IOException;

  /**
   * The generator to write the next document with, a complete root value; separators between
   * documents are the writer's. Asked once per document, so a writer that splits documents into
   * parts ({@link PartedDocumentWriter}) counts them.
   */
  JsonGenerator generator() throws IOException;

  /**
   * Whether this writer takes lead documents as their rows ({@link #document(String[], List)})
   * rather than as JSON through {@link #generator()}: a format of typed columns reads the values as
   * the export read them, not their JSON text.
   */
  default boolean takesRows() {
    return false;
  }

  /**
   * One lead document as its rows: the lead's row and its item lists, each item a row, in the order
   * of the writer's {@link DocumentField.Items}. Only when {@link #takesRows()}; the arrays may be
   * reused after the call.
   */
  default void document(String[] lead, List<List<String[]>> items) throws IOException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " takes no rows");
  }

  /** Completes the output; the underlying stream stays open. */
  void finish() throws IOException;

  @Override
  default void close() throws IOException {}
}
