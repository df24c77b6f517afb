/** The RoofKit surface: synchronous segmented exports. */
@NullMarked
package org.leadport.surface.roofkit;

import org.jspecify.annotations.NullMarked;
