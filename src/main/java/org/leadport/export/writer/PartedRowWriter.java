package org.leadport.export.writer;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.leadport.export.column.ExportColumn;
import org.leadport.export.column.ExportOptions;

/**
 * Splits rows into files ("parts") of at most {@code rowsPerPart} rows (or fewer, when {@link
 * Parts#full()} says a part is full), each a complete file of the format with its own header,
 * written one after the other through a fresh writer of the format (after Spring Batch's {@code
 * MultiResourceItemWriter}: this wrapper counts the rows and opens the next part; {@link
 * PartSplitter} keeps the count, as it does for {@link PartedDocumentWriter}'s documents). Takes
 * COPY rows when the format's writer does: COPY sends one row a message, so COPY rows are counted
 * as they come. Not thread-safe.
 */
public final class PartedRowWriter extends PartedWriter<RowWriter> implements RowWriter {
  /** Where the parts go; closing a part's stream ends that part, {@link #abandoned} drops it. */
  public interface Parts {
    /** The stream of part {@code n} (1, 2, …), opened when its first row (or its header) comes. */
    OutputStream open(int n) throws IOException;

    /** After the last part is closed: completes whatever holds the parts. */
    default void finish() throws IOException {}

    /**
     * Whether the current part is full by its own measure (its bytes, say), checked before each
     * row: a part that is full ends before the next row, so a part holds at least one row and ends
     * at the first row boundary after its limit. Never full by default.
     */
    default boolean full() {
      return false;
    }

    /** Part {@code n} is complete with {@code rows} rows; called just before its stream closes. */
    default void ended(int n, long rows) throws IOException {}

    /**
     * Part {@code n} will never be complete: the export stopped (failed, was canceled) while it was
     * written, and its stream {@code part} is handed back unclosed. Closing a part's stream ends
     * the part (a store's part is published then), so a part stopped half-way must be dropped
     * instead. By default the stream is closed, which suits parts that live inside one file that is
     * dropped as a whole (a zip's entries).
     */
    default void abandoned(int n, OutputStream part) throws IOException {
      part.close();
    }
  }

  /** The export's columns, known at {@link #begin}: every part's header. */
  private final List<ExportColumn> columns;

  /**
   * @param rowsPerPart rows per part; 0 for one part however many rows come
   */
  public PartedRowWriter(
      ExportFormat format, ExportOptions options, long rowsPerPart, Parts parts) {
    this(format, options, rowsPerPart, parts, new ArrayList<>());
  }

  private PartedRowWriter(
      ExportFormat format,
      ExportOptions options,
      long rowsPerPart,
      Parts parts,
      List<ExportColumn> columns) {
    super(
        PartSplitter.rows(
            out -> {
              RowWriter w = format.writer(out, options);
              w.begin(List.copyOf(columns));
              return w;
            },
            rowsPerPart,
            parts));
    this.columns = columns;
  }

  @Override
  public void begin(List<ExportColumn> cols) throws IOException {
    columns.clear();
    columns.addAll(cols);
    parts.begin();
  }

  @Override
  public void row(String[] values) throws IOException {
    parts.advance().row(values);
  }

  /** As the format's writer: every part is written by one. */
  @Override
  public boolean takesCopy() {
    return parts.current().takesCopy();
  }

  @Override
  public void copyRow(byte[] row) throws IOException {
    parts.advance().copyRow(row);
  }
}
