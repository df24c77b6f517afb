/** Where finished export files live (local disk or S3) and their signed download links. */
@NullMarked
package org.leadport.files;

import org.jspecify.annotations.NullMarked;
