package org.leadport.mail;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJob;
import org.leadport.jobs.JobHousekeeping;
import org.leadport.jobs.JobPart;
import org.leadport.jobs.JobParts;
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
  private final @Nullable PartLinks parts;

  /**
   * What the email of an export in parts lists: its parts, and the path of the job's status on its
   * surface (where fresh links are read once the email's expire).
   */
  public record PartLinks(JobParts parts, Function<ExportJob, String> statusPath) {}

  /**
   * Emails that give an export in parts no link (the job's own is a 409 then) but say to read its
   * status.
   *
   * @param base the server's URL for links when no public URL is configured
   */
  public DoneEmails(
      JobHousekeeping housekeeping,
      ApiKeyRepository apiKeys,
      WorkspaceRepository workspaces,
      DownloadLinks links,
      Mailer mailer,
      String base) {
    this(housekeeping, apiKeys, workspaces, links, mailer, base, null);
  }

  /**
   * @param base the server's URL for links when no public URL is configured
   * @param parts lists the parts of an export in parts, each with its link; null to list none
   */
  public DoneEmails(
      JobHousekeeping housekeeping,
      ApiKeyRepository apiKeys,
      WorkspaceRepository workspaces,
      DownloadLinks links,
      Mailer mailer,
      String base,
      @Nullable PartLinks parts) {
    this.housekeeping = housekeeping;
    this.apiKeys = apiKeys;
    this.workspaces = workspaces;
    this.links = links;
    this.mailer = mailer;
    this.base = base;
    this.parts = parts;
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
              ? succeeded(to.get(), job, workspace)
              : DoneEmail.failed(to.get(), job.id(), workspace, job.errorMessage());
      mailer.send(email);
      housekeeping.emailed(jobId, null);
    } catch (MailException | RuntimeException e) {
      LOG.warn("done email of export {} was not sent", jobId, e);
      housekeeping.emailed(jobId, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  /**
   * The email of a succeeded export: its link, or for an export in parts (whose own link is a 409)
   * every part with a link minted now, or no link at all when its parts cannot be listed here.
   */
  private DoneEmail succeeded(String to, ExportJob job, String workspace) {
    String fileName = DownloadLinks.fileName(job);
    if (!job.parted()) {
      return DoneEmail.succeeded(
          to, job.id(), workspace, fileName, job.rowsDone(), links.link(base, job));
    }
    List<JobPart> published = parts == null ? List.of() : parts.parts().of(job.id());
    if (parts == null || published.isEmpty() || !job.downloadable()) {
      return DoneEmail.succeeded(to, job.id(), workspace, fileName, job.rowsDone(), null);
    }
    List<DoneEmail.Part> listed =
        published.stream()
            .map(p ->
                new DoneEmail.Part(
                    p.n(), p.rows(), p.bytes(), p.sha256(), links.partLink(base, job, p)))
            .toList();
    return DoneEmail.inParts(
        to,
        job.id(),
        workspace,
        fileName,
        job.rowsDone(),
        new DoneEmail.Parts(listed, links.url(base, parts.statusPath().apply(job))));
  }
}
