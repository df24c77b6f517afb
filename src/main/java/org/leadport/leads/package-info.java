/** Leads as the native API sees them: the catalogue, JSON shape, parsing and the service. */
@NullMarked
package org.leadport.leads;

import org.jspecify.annotations.NullMarked;
