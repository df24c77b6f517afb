/**
 * The synthetic-data generator behind {@code leadport demo}, the admin seed route and the
 * benchmarks: {@link org.leadport.synthetic.SyntheticData} seeds a workspace with deterministic,
 * realistic leads (and their contacts, opportunities, activities and addresses) through COPY. It
 * writes through the {@code store} tables; nothing in {@code store} depends on it.
 */
@NullMarked
package org.leadport.synthetic;

import org.jspecify.annotations.NullMarked;
