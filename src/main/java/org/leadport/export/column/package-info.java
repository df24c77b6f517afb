/**
 * An export's columns and options: which columns a row type has (ExportColumns), their kinds, the
 * caller's options (fields, date format, naming, language), header labels in eleven languages and
 * the smart fields. Below the writers and the statement, which both read them.
 */
@NullMarked
package org.leadport.export.column;

import org.jspecify.annotations.NullMarked;
