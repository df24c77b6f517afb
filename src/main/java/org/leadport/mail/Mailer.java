package org.leadport.mail;

/**
 * Sends done emails and the notices that a webhook was disabled. The caller decides whether one is
 * wanted; there is no do-nothing mailer. Implementations are thread-safe.
 */
public interface Mailer {

  /**
   * Sends one email and returns once the mail server has accepted it.
   *
   * @throws MailException when it was not accepted: the server could not be reached in time,
   *     refused the login, the sender or the recipient
   */
  void send(DoneEmail email) throws MailException;

  /**
   * Sends the email that a webhook endpoint was disabled, as {@link #send(DoneEmail)} does.
   *
   * @throws MailException when it was not accepted
   */
  void send(WebhookDisabledEmail email) throws MailException;
}
