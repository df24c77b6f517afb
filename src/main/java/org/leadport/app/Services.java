package org.leadport.app;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.function.Consumer;
import org.leadport.export.ExportMetrics;
import org.leadport.export.Exporter;
import org.leadport.export.RowSource;
import org.leadport.files.DownloadSigner;
import org.leadport.files.FileStore;
import org.leadport.jobs.DownloadLinks;
import org.leadport.jobs.ExportBudget;
import org.leadport.jobs.ExportJobs;
import org.leadport.jobs.JobHousekeeping;
import org.leadport.jobs.JobRepository;
import org.leadport.jobs.JobState;
import org.leadport.jobs.JobSubmissions;
import org.leadport.leads.LeadService;
import org.leadport.mail.DoneEmails;
import org.leadport.mail.SmtpMailer;
import org.leadport.mail.SmtpUrl;
import org.leadport.mail.WebhookDisabledEmails;
import org.leadport.query.ChangeCursors;
import org.leadport.query.KeysetCursor;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.ChangeLog;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Database;
import org.leadport.store.LeadRepository;
import org.leadport.store.ListRepository;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.StatusRepository;
import org.leadport.store.WorkspaceRepository;
import org.leadport.webhooks.DeliveryLog;
import org.leadport.webhooks.DeliveryQueue;
import org.leadport.webhooks.Destinations;
import org.leadport.webhooks.DisabledNotice;
import org.leadport.webhooks.WebhookEndpoints;
import org.leadport.webhooks.WebhookEvents;

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
    DownloadLinks downloadLinks,
    PrometheusMeterRegistry metrics,
    ExportMetrics exportMetrics,
    ChangeLog changes,
    ChangeCursors changeCursors,
    Webhooks webhooks) {

  /**
   * The webhook parts: endpoints, the delivery queue and log, the events, and the SSRF guard.
   *
   * @param destinations where deliveries may go (LEADPORT_WEBHOOK_ALLOW_PRIVATE)
   */
  public record Webhooks(
      WebhookEndpoints endpoints,
      DeliveryQueue queue,
      DeliveryLog log,
      WebhookEvents events,
      Destinations destinations) {}

  /**
   * Wires a server on {@code db}, with exports reading from {@code reads} (the primary itself, or a
   * streaming replica of it).
   */
  public static Services create(
      Settings settings, Database db, Database reads, Clock clock, FileStore files) {
    var jdbi = db.jdbi();
    var statuses = new StatusRepository(jdbi, clock);
    var fields = new CustomFieldRepository(jdbi, clock);
    var leads = new LeadRepository(jdbi);
    var timeouts = settings.exports().resilience();
    var jobs = new JobRepository(jdbi, clock);
    PrometheusMeterRegistry metrics = metrics(jobs);
    var exportMetrics = new ExportMetrics(metrics);
    var changes = new ChangeLog(jdbi, settings.changesRetention());
    var exporter =
        new Exporter(
            new RowSource(
                reads.jdbi(), changes, timeouts.segmentTimeout(), timeouts.exportTimeout()),
            fields,
            exportMetrics);
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
        new ExportJobs(
            jobs,
            new JobSubmissions(jdbi, clock),
            exporter,
            files,
            exports.quota(),
            exports.smtpUrl() != null,
            new ExportBudget(jdbi, clock, exports.limits().exportRowsQuota()),
            exports.resilience().jobAttempts()),
        new DownloadLinks(
            new DownloadSigner(settings.secret(), clock),
            exports.downloadTtl(),
            settings.publicUrl()),
        metrics,
        exportMetrics,
        changes,
        new ChangeCursors(settings.secret(), "changes"),
        new Webhooks(
            new WebhookEndpoints(jdbi, clock, settings.webhooks().overlap()),
            new DeliveryQueue(jdbi, clock),
            new DeliveryLog(
                jdbi, clock, new KeysetCursor(settings.secret(), "webhooks.deliveries")),
            new WebhookEvents(clock),
            new Destinations(settings.webhooks().allowPrivate())));
  }

  /**
   * Who hears that a webhook endpoint was disabled: an email to its key's address with {@code
   * LEADPORT_SMTP_URL}, no one without.
   */
  public DisabledNotice webhookNotice() {
    String url = settings.exports().smtpUrl();
    if (url == null) {
      return DisabledNotice.NONE;
    }
    return new WebhookDisabledEmails(apiKeys, workspaces, new SmtpMailer(SmtpUrl.parse(url)));
  }

  /**
   * The done emails of a server listening on {@code port} (the base of links when no public URL is
   * configured): none without {@code LEADPORT_SMTP_URL}.
   */
  public Consumer<String> doneEmails(int port) {
    String url = settings.exports().smtpUrl();
    if (url == null) {
      return id -> {};
    }
    return new DoneEmails(
        housekeeping,
        apiKeys,
        workspaces,
        downloadLinks,
        new SmtpMailer(SmtpUrl.parse(url)),
        "http://localhost:" + port,
        new DoneEmails.PartLinks(jobs.parts(), StatusPaths::of));
  }

  /** The process's meters: the JVM's, and the export queue's depth read when scraped. */
  private static PrometheusMeterRegistry metrics(JobRepository jobs) {
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(metrics);
    new JvmThreadMetrics().bindTo(metrics);
    new ProcessorMetrics().bindTo(metrics);
    @SuppressWarnings("resource") // closed with the registry
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(metrics);
    for (JobState state : new JobState[] {JobState.QUEUED, JobState.RUNNING}) {
      Gauge.builder("leadport.export.queue", jobs, j -> j.countIn(state))
          .description("Async export jobs queued or running, in every workspace")
          .tag("state", state.wireName())
          .register(metrics);
    }
    return metrics;
  }
}
