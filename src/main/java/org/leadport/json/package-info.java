/** JSON reading and writing shared by every surface: strict input, dates and times. */
@NullMarked
package org.leadport.json;

import org.jspecify.annotations.NullMarked;
