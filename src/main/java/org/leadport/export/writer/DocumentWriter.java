package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * Writes exported objects as nested JSON documents: {@code begin}, {@code document} per object,
 * {@code finish}. Not thread-safe; one per export.
 */
public interface DocumentWriter extends AutoCloseable {
  void begin() throws IOException;

  void document(JsonNode document) throws IOException;

  /**
   * The generator to write the next documents with, each a complete root value; separators between
   * documents are the writer's.
   */
  JsonGenerator generator();

  /** Completes the output; the underlying stream stays open. */
  void finish() throws IOException;

  @Override
  default void close() throws IOException {}
}
