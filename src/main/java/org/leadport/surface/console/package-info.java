/** The web console's own routes: its catalogue and exports. */
@NullMarked
package org.leadport.surface.console;

import org.jspecify.annotations.NullMarked;
