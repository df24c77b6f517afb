package org.leadport.export;

import java.io.OutputStream;

/** The file formats exports are written in, each with its writer. */
public enum ExportFormat {
  CSV("text/csv; charset=utf-8", "csv");

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

  /** A writer of this format over {@code out}. */
  public RowWriter writer(OutputStream out, ExportSpec spec) {
    return switch (this) {
      case CSV -> new CsvRowWriter(out, spec.bom());
    };
  }
}
