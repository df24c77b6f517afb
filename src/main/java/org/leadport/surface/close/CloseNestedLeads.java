package org.leadport.surface.close;

import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;

/**
 * The validation of Leadport's extension {@code nested} on Close's lead export
 * (docs/close-exports.md, docs/parquet.md): a Parquet export of leads as the JSON's lead documents,
 * in LIST and STRUCT columns, rather than a row of columns per lead; and the two includes whose
 * rules it changes. Close's own rules for the other options stay in {@link CloseExportRequests}.
 * Stateless.
 */
final class CloseNestedLeads {
  private CloseNestedLeads() {}

  /**
   * Checks that {@code nested} goes with the type and format, and that {@code include_activities}
   * and {@code include_custom_objects} go with the export's documents: lead documents, nested by
   * their format (JSON, JSONL) or by the extension.
   *
   * @throws org.leadport.LeadportException a 400 on the first option that does not go
   */
  static void check(
      boolean nested,
      RowType rows,
      ExportFormat format,
      boolean activities,
      boolean customObjects) {
    if (nested && (rows != RowType.LEADS || !format.nestsWhenAsked())) {
      throw CloseExportRequests.onlyWith(
          "nested",
          "the leads type with the parquet format (json and jsonl leads are nested already)");
    }
    boolean nestedLeads = rows == RowType.LEADS && format.documents();
    if (activities && !nestedLeads && !nested) {
      throw CloseExportRequests.onlyWith(
          "include_activities", "the leads type with the json format");
    }
    if (customObjects && nested) {
      // Leadport keeps no custom objects: an always empty list has no element type to declare.
      throw CloseExportRequests.onlyWith("include_custom_objects", "the json and jsonl formats");
    }
    if (customObjects && !nestedLeads) {
      throw CloseExportRequests.onlyWith(
          "include_custom_objects", "the leads type with the json format");
    }
  }
}
