/**
 * Row writers: one class per format turning rows into bytes (CSV, JSON, NDJSON, XLSX, XLS,
 * Parquet), the format catalogue (ExportFormat) and its rules, file layouts and the parts wrapper
 * (PartedRowWriter), formula safety. A writer chooses the route its rows arrive by
 * (RowWriter#takesCopy).
 */
@NullMarked
package org.leadport.export.writer;

import org.jspecify.annotations.NullMarked;
