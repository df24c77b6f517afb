/** The admin API: workspaces, API keys and seeding, behind the admin token. */
@NullMarked
package org.leadport.surface.admin;

import org.jspecify.annotations.NullMarked;
