/**
 * Where an export's bytes go: the Sink interface and the Segment it is opened with (what a segment
 * holds, known before its first row). A sink only receives bytes.
 */
@NullMarked
package org.leadport.export.sink;

import org.jspecify.annotations.NullMarked;
