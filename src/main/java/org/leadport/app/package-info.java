/** Wiring: settings, the services a process holds, and the process itself. */
@NullMarked
package org.leadport.app;

import org.jspecify.annotations.NullMarked;
