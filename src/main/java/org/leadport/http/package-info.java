/**
 * The HTTP server and the helpers the surfaces share: authentication, guards, bodies, downloads,
 * errors.
 */
@NullMarked
package org.leadport.http;

import org.jspecify.annotations.NullMarked;
