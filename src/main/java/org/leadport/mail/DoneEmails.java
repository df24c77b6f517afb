package org.leadport.mail;

import java.util.Optional;
import java.util.function.Consumer;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobHousekeeping;
import org.leadport.jobs.JobState;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.Workspace;
import org.leadport.store.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the done email of a finished job to the address of the key that created it: claims the
 * email first, so however many workers and sweepers are told about a job, one email goes out. A
 * failure to send is recorded on the job and logged, not retried (a retry could send twice).
 * Thread-safe.
 */
public final class DoneEmails implements Consumer<String> {
  private static final Logger LOG = LoggerFactory.getLogger(DoneEmails.class);

  private final JobHousekeeping housekeeping;
  private final ApiKeyRepository apiKeys;
  private final WorkspaceRepository workspaces;
  private final DownloadLinks links;
  private final Mailer mailer;
  private final String base;

  /**
   * @param base the server's URL for links when no public URL is configured
   */
  public DoneEmails(
      JobHousekeeping housekeeping,
      ApiKeyRepository apiKeys,
      WorkspaceRepository workspaces,
      DownloadLinks links,
      Mailer mailer,
      String base) {
    this.housekeeping = housekeeping;
    this.apiKeys = apiKeys;
    this.workspaces = workspaces;
    this.links = links;
    this.mailer = mailer;
    this.base = base;
  }

  @Override
  public void accept(String jobId) {
    Optional<ExportJob> claimed = housekeeping.claimEmail(jobId);
    if (claimed.isEmpty()) {
      return;
    }
    ExportJob job = claimed.get();
    try {
      Optional<String> to =
          job.apiKeyId() == null ? Optional.empty() : apiKeys.email(job.apiKeyId());
      if (to.isEmpty()) {
        housekeeping.emailed(jobId, "the API key that created the export has no email address");
        return;
      }
      String workspace = workspaces.find(job.workspaceId()).map(Workspace::name).orElse("?");
      DoneEmail email =
          job.state() == JobState.SUCCEEDED
              ? DoneEmail.succeeded(
                  to.get(),
                  job.id(),
                  workspace,
                  DownloadLinks.fileName(job),
                  job.rowsDone(),
                  links.link(base, job))
              : DoneEmail.failed(to.get(), job.id(), workspace, job.errorMessage());
      mailer.send(email);
      housekeeping.emailed(jobId, null);
    } catch (MailException | RuntimeException e) {
      LOG.warn("done email of export {} was not sent", jobId, e);
      housekeeping.emailed(jobId, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }
}
