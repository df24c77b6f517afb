/**
 * The native lead API: leads, lists, saved searches, statuses and custom fields
 * (docs/architecture.md).
 */
@NullMarked
package org.leadport.surface.leadapi;

import org.jspecify.annotations.NullMarked;
