/**
 * PostgreSQL: the JDBI repositories, Flyway migrations, the catalogues of a lead's fields ({@link
 * org.leadport.store.LeadField}) and of its items' ({@link org.leadport.store.ItemKind}), and the
 * searches' statements.
 */
@NullMarked
package org.leadport.store;

import org.jspecify.annotations.NullMarked;
