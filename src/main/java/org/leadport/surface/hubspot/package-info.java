/** The HubSpot surface: CRM search and the exports API. */
@NullMarked
package org.leadport.surface.hubspot;

import org.jspecify.annotations.NullMarked;
