/**
 * Signed webhooks: endpoints, the database-backed delivery queue (leases with fencing tokens),
 * Standard Webhooks signing, the delivery worker and its retry policy, and the guard that keeps
 * deliveries off private networks.
 */
@NullMarked
package org.leadport.webhooks;

import org.jspecify.annotations.NullMarked;
