package org.leadport.mail;

import java.util.Optional;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.Workspace;
import org.leadport.store.WorkspaceRepository;
import org.leadport.webhooks.DisabledNotice;
import org.leadport.webhooks.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mails the owner of a webhook endpoint that was disabled: to the address of the API key that
 * created it, when it has one. The queue tells this once per disabling, so no claim is needed; a
 * failure to send is logged, not retried. Thread-safe.
 */
public final class WebhookDisabledEmails implements DisabledNotice {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookDisabledEmails.class);

  private final ApiKeyRepository apiKeys;
  private final WorkspaceRepository workspaces;
  private final Mailer mailer;

  public WebhookDisabledEmails(
      ApiKeyRepository apiKeys, WorkspaceRepository workspaces, Mailer mailer) {
    this.apiKeys = apiKeys;
    this.workspaces = workspaces;
    this.mailer = mailer;
  }

  @Override
  public void disabled(Endpoint endpoint) {
    try {
      Optional<String> to =
          endpoint.apiKeyId() == null ? Optional.empty() : apiKeys.email(endpoint.apiKeyId());
      if (to.isEmpty()) {
        LOG.info("webhook {} was disabled; its key has no email address", endpoint.id());
        return;
      }
      String workspace = workspaces.find(endpoint.workspaceId()).map(Workspace::name).orElse("?");
      mailer.send(
          new WebhookDisabledEmail(
              to.get(),
              endpoint.id(),
              endpoint.url(),
              String.valueOf(endpoint.disabledReason()),
              workspace));
    } catch (MailException | RuntimeException e) {
      LOG.warn("the email that webhook {} was disabled was not sent", endpoint.id(), e);
    }
  }
}
