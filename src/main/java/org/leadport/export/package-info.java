/**
 * The export pipeline: the spec a surface hands over (ExportSpec), the statement built from it
 * (ExportStatement), the row source that runs it in one snapshot (RowSource) and the Exporter that
 * joins them to a writer and a sink. See docs/architecture.md.
 */
@NullMarked
package org.leadport.export;

import org.jspecify.annotations.NullMarked;
