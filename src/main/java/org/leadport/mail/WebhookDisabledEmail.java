package org.leadport.mail;

import java.util.Objects;

/**
 * The email sent when a webhook endpoint is disabled after persistent failure, to the address of
 * the API key that created it. Immutable; the recipient must be exactly one address, and the
 * endpoint's URL and reason go into the body only, tidied to one line each.
 *
 * @param to the recipient
 * @param endpointId the endpoint's id, such as {@code whep_…} (goes into the subject)
 * @param url where the endpoint sent its deliveries
 * @param reason why it was disabled
 * @param workspaceName the workspace the endpoint belongs to
 */
public record WebhookDisabledEmail(
    String to, String endpointId, String url, String reason, String workspaceName) {

  public WebhookDisabledEmail {
    Addresses.one(to, "to must be exactly one email address without line breaks");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(workspaceName, "workspaceName");
    if (endpointId.isBlank() || Addresses.hasControl(endpointId)) {
      throw new IllegalArgumentException("endpointId must be one line of text");
    }
  }

  /** {@code Your Leadport webhook whep_… was disabled}. */
  public String subject() {
    return "Your Leadport webhook " + endpointId + " was disabled";
  }

  /** The plain-text body, lines separated by {@code \n}. */
  public String body() {
    return "Your Leadport webhook "
        + endpointId
        + " of workspace "
        + oneLine(workspaceName)
        + " was disabled: Leadport no longer delivers events to it.\n\n"
        + "URL: "
        + oneLine(url)
        + "\n"
        + "Reason: "
        + oneLine(reason)
        + "\n\n"
        + "Its delivery log says what each attempt got: GET /api/v1/webhooks/"
        + endpointId
        + "/deliveries. Once the endpoint works again, enable it with POST /api/v1/webhooks/"
        + endpointId
        + "/enable; the messages it missed are still queued and go out then.\n"
        + "\n-- \nLeadport sent this email because a webhook was created with your API key.\n";
  }

  private static String oneLine(String text) {
    return text.codePoints()
        .map(c -> Character.isISOControl(c) ? ' ' : c)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
