package org.leadport.mail;

/**
 * A done email that was not sent. Checked, so that each caller decides what a lost email means for
 * it; the message names the export and the server (never a password). Not thread-safe, like any
 * exception.
 */
public final class MailException extends Exception {
  private static final long serialVersionUID = 1L;

  public MailException(String message, Throwable cause) {
    super(message, cause);
  }
}
