package org.leadport.app;

import java.time.Clock;
import org.leadport.export.Exporter;
import org.leadport.export.RowSource;
import org.leadport.files.DownloadSigner;
import org.leadport.files.FileStore;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportJobs;
import org.leadport.jobs.JobHousekeeping;
import org.leadport.jobs.JobRepository;
import org.leadport.leads.LeadService;
import org.leadport.query.KeysetCursor;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Database;
import org.leadport.store.LeadRepository;
import org.leadport.store.ListRepository;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.StatusRepository;
import org.leadport.store.WorkspaceRepository;

/** Everything a server process is built from, wired once. Thread-safe. */
public record Services(
    Settings settings,
    Clock clock,
    Database database,
    WorkspaceRepository workspaces,
    ApiKeyRepository apiKeys,
    StatusRepository statuses,
    CustomFieldRepository customFields,
    LeadRepository leads,
    ListRepository lists,
    SavedSearchRepository savedSearches,
    LeadService leadService,
    Exporter exporter,
    FileStore files,
    JobRepository jobs,
    JobHousekeeping housekeeping,
    ExportJobs exportJobs,
    DownloadLinks downloadLinks) {

  public static Services create(Settings settings, Database db, Clock clock, FileStore files) {
    var jdbi = db.jdbi();
    var statuses = new StatusRepository(jdbi, clock);
    var fields = new CustomFieldRepository(jdbi, clock);
    var leads = new LeadRepository(jdbi);
    var exporter = new Exporter(new RowSource(jdbi), fields);
    var jobs = new JobRepository(jdbi, clock);
    ExportSettings exports = settings.exports();
    return new Services(
        settings,
        clock,
        db,
        new WorkspaceRepository(jdbi, clock),
        new ApiKeyRepository(jdbi, clock),
        statuses,
        fields,
        leads,
        new ListRepository(jdbi, clock),
        new SavedSearchRepository(jdbi, clock),
        new LeadService(
            leads, statuses, fields, new KeysetCursor(settings.secret(), "leads.list"), clock),
        exporter,
        files,
        jobs,
        new JobHousekeeping(jdbi, clock),
        new ExportJobs(jobs, exporter, files, exports.quota(), exports.smtpUrl() != null),
        new DownloadLinks(
            new DownloadSigner(settings.secret(), clock),
            exports.downloadTtl(),
            settings.publicUrl()));
  }
}
