package org.leadport.export.writer;

import java.io.OutputStream;
import java.util.List;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportOptions;

/**
 * The file formats exports are written in: each with its writer and its rules (typed cells, which
 * honour {@code date_format}, which are zipped when large), written here once.
 */
public enum ExportFormat {
  CSV("text/csv; charset=utf-8", "csv"),
  /** One JSON array of rows or lead documents. */
  JSON("application/json", "json"),
  /** Newline-delimited JSON: one row or lead document a line, for streaming consumers. */
  JSONL("application/x-ndjson", "jsonl"),
  /** Office Open XML workbook, streamed; typed cells, a new sheet every 1,048,575 rows. */
  XLSX("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
  /** Excel 97–2003 workbook, built in memory: at most {@link XlsRowWriter#MAX_ROWS} rows. */
  XLS("application/vnd.ms-excel", "xls"),
  /**
   * Apache Parquet: typed, nullable columns, zstd-compressed, streamed in row groups
   * (docs/parquet.md). Rows of columns, or lead documents as LIST and STRUCT columns when the
   * export asks for them ({@link #nestsWhenAsked()}).
   */
  PARQUET("application/vnd.apache.parquet", "parquet");

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

  /** Whether this format holds a lead as one nested document unless an export asks for rows. */
  public boolean documents() {
    return this == JSON || this == JSONL;
  }

  /**
   * Whether this format holds a lead as one nested document when an export asks for it ({@link
   * ExportOptions#nested()}), and rows of columns otherwise: Parquet, whose {@code format} means
   * rows everywhere, as a warehouse table loads them.
   */
  public boolean nestsWhenAsked() {
    return this == PARQUET;
  }

  /**
   * Whether this format is a spreadsheet workbook with typed cells: numbers, dates and instants are
   * cells of their type (instants in UTC), not text.
   */
  public boolean typed() {
    return this == XLSX || this == XLS;
  }

  /**
   * Whether instants in rows of this format are written as the export's {@code date_format} says;
   * typed cells and Parquet's typed columns read them as Leadport's own format and write them as
   * dates of their own.
   */
  public boolean honoursDateFormat() {
    return !typed() && this != PARQUET;
  }

  /** How this format's rows write instants, given the export's options. */
  public DateFormat dateFormat(ExportOptions options) {
    return honoursDateFormat() ? options.dateFormat() : DateFormat.RFC3339_MICROS;
  }

  /**
   * Whether a large file of this format is zipped when its delivery zips large files (HubSpot's CSV
   * over 2 MB); the other formats compress themselves (XLSX) or are small (XLS).
   */
  public boolean zipsWhenLarge() {
    return this == CSV;
  }

  /**
   * Whether this format's bytes are compressed already (XLSX is a zip, Parquet's pages are zstd),
   * so that compressing the file again costs CPU and gains nothing.
   */
  public boolean compressesItself() {
    return this == XLSX || this == PARQUET;
  }

  /** A writer of rows of columns in this format over {@code out}. */
  public RowWriter writer(OutputStream out, ExportOptions options) {
    return switch (this) {
      case CSV -> new CsvRowWriter(out, options.bom(), dateFormat(options));
      case JSON -> new JsonRowWriter(out, false);
      case JSONL -> new JsonRowWriter(out, true);
      case XLSX -> new XlsxRowWriter(out, XlsxRowWriter.MAX_ROWS_PER_SHEET);
      case XLS -> new XlsRowWriter(out, XlsRowWriter.MAX_ROWS_PER_SHEET);
      case PARQUET -> new ParquetRowWriter(out);
    };
  }

  /** A writer of nested documents; only for formats whose {@link #documents()} is true. */
  public DocumentWriter documentWriter(OutputStream out) {
    return documentWriter(out, List.of());
  }

  /**
   * A writer of nested documents of {@code shape} (which only a format of typed columns needs);
   * only for formats whose {@link #documents()} or {@link #nestsWhenAsked()} is true.
   */
  public DocumentWriter documentWriter(OutputStream out, List<DocumentField> shape) {
    return switch (this) {
      case JSON -> new JsonRowWriter(out, false);
      case JSONL -> new JsonRowWriter(out, true);
      case PARQUET -> {
        if (shape.isEmpty()) {
          throw new IllegalStateException("Parquet documents need their shape");
        }
        yield new ParquetDocumentWriter(out, shape);
      }
      case CSV, XLSX, XLS -> throw new IllegalStateException(name() + " holds no nested documents");
    };
  }
}
