/**
 * The "export done" email: what it says ({@link org.leadport.mail.DoneEmail}), where it goes
 * ({@link org.leadport.mail.SmtpUrl}, from {@code LEADPORT_SMTP_URL}) and how it is sent ({@link
 * org.leadport.mail.SmtpMailer}). Whether to send at all is the caller's decision.
 */
@NullMarked
package org.leadport.mail;

import org.jspecify.annotations.NullMarked;
