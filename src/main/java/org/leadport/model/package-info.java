/**
 * Values every layer shares: identifiers ({@link org.leadport.model.Ids}) and custom field
 * definitions ({@link org.leadport.model.CustomField}).
 */
@NullMarked
package org.leadport.model;

import org.jspecify.annotations.NullMarked;
