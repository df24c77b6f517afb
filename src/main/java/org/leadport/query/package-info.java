/** The one query model (conditions, fields, sort terms) and its compilation to SQL. */
@NullMarked
package org.leadport.query;

import org.jspecify.annotations.NullMarked;
