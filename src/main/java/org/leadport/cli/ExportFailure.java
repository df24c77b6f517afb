package org.leadport.cli;

/** A failure of {@code leadport export}, reported to the user as {@code error: <message>}. */
final class ExportFailure extends Exception {
  private static final long serialVersionUID = 1L;

  ExportFailure(String message) {
    super(message);
  }

  /** The first message along the cause chain, else the exception's simple name. */
  static String describe(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return e.getClass().getSimpleName();
  }
}
