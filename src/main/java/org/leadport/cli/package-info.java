/** The command line: serve, demo, seed and the export client. */
@NullMarked
package org.leadport.cli;

import org.jspecify.annotations.NullMarked;
