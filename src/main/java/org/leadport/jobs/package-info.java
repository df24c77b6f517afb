/**
 * The fenced export job queue: submissions, leases, workers, the export job handler and delivery.
 */
@NullMarked
package org.leadport.jobs;

import org.jspecify.annotations.NullMarked;
