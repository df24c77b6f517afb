/** The Close surface: data search and the exports API. */
@NullMarked
package org.leadport.surface.close;

import org.jspecify.annotations.NullMarked;
