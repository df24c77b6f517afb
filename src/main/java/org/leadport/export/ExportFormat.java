package org.leadport.export;

import java.io.OutputStream;

/** The file formats exports are written in, each with its writer. */
public enum ExportFormat {
  CSV("text/csv; charset=utf-8", "csv"),
  /** One JSON array of rows or lead documents. */
  JSON("application/json", "json"),
  /** Newline-delimited JSON: one row or lead document a line, for streaming consumers. */
  JSONL("application/x-ndjson", "jsonl");

  private final String contentType;
  private final String extension;

  ExportFormat(String contentType, String extension) {
    this.contentType = contentType;
    this.extension = extension;
  }

  public String contentType() {
    return contentType;
  }

  public String extension() {
    return extension;
  }

  /** Whether this format can hold a lead as one nested document. */
  public boolean documents() {
    return this == JSON || this == JSONL;
  }

  /** A writer of rows of columns in this format over {@code out}. */
  public RowWriter writer(OutputStream out, ExportOptions options) {
    return switch (this) {
      case CSV -> new CsvRowWriter(out, options.bom());
      case JSON -> new JsonRowWriter(out, false);
      case JSONL -> new JsonRowWriter(out, true);
    };
  }

  /** A writer of nested documents; only for formats whose {@link #documents()} is true. */
  public DocumentWriter documentWriter(OutputStream out) {
    return switch (this) {
      case JSON -> new JsonRowWriter(out, false);
      case JSONL -> new JsonRowWriter(out, true);
      case CSV -> throw new IllegalStateException("CSV holds no nested documents");
    };
  }
}
