/**
 * Leadport: the one exception family every package throws ({@link org.leadport.LeadportException}).
 */
@NullMarked
package org.leadport;

import org.jspecify.annotations.NullMarked;
