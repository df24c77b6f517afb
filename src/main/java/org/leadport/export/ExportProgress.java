package org.leadport.export;

import org.leadport.export.writer.ExportRoute;
import org.leadport.query.ChangePosition;

/**
 * Hears how far an export got. Called on the exporting thread; a callback may throw to stop the
 * export (an async job whose claim was lost, say), which then writes nothing more.
 */
public interface ExportProgress {
  /** Progress that nobody listens to. */
  ExportProgress NONE =
      new ExportProgress() {
        @Override
        public void total(long rows) {}

        @Override
        public void rows(long done) {}
      };

  /** How many rows the export will write, known before the first. */
  void total(long rows);

  /** How many rows have been written so far. */
  void rows(long done);

  /** The route the rows are read by, known before the first (the writer picked it). */
  default void route(ExportRoute route) {}

  /**
   * The change feed position of the export's snapshot, known before the first row: the feed from it
   * holds exactly the changes the export did not see (docs/changes.md). Whole exports only.
   */
  default void snapshot(ChangePosition position) {}
}
