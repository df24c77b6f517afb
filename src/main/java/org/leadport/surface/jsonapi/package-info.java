/** The JSON:API surface: contact exports and the export log. */
@NullMarked
package org.leadport.surface.jsonapi;

import org.jspecify.annotations.NullMarked;
