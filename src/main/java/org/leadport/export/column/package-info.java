/**
 * An export's columns and options: which columns a row type has (ExportColumns, with the custom
 * fields' in CustomFieldColumns), columns asked for by field (FieldColumns), which show under which
 * names (ColumnNames), their kinds, the caller's options (fields, date format, naming, language),
 * header labels in eleven languages and the smart fields. Below the writers and the statement,
 * which both read them.
 */
@NullMarked
package org.leadport.export.column;

import org.jspecify.annotations.NullMarked;
