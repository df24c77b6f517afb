/** The CRM API shapes Leadport speaks, one sub-package each. */
@NullMarked
package org.leadport.surface;

import org.jspecify.annotations.NullMarked;
