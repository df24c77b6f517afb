package org.leadport.files;

import java.io.IOException;

/**
 * The file store failed to take a file (unwritable or full directory, unreachable bucket): an
 * {@link IOException} that says the storage failed, not the export, so the job can say so.
 */
public final class StorageException extends IOException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, IOException cause) {
    super(message, cause);
  }
}
