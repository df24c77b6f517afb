package org.leadport.app;

import io.javalin.config.RoutesConfig;
import org.leadport.http.Downloads;
import org.leadport.http.Guard;
import org.leadport.http.StreamSlots;
import org.leadport.jobs.ChangeHandoff;
import org.leadport.leads.ChangeFeed;
import org.leadport.query.KeysetCursor;
import org.leadport.store.ExportLogRepository;
import org.leadport.store.ObjectSearchRepository;
import org.leadport.surface.admin.AdminRoutes;
import org.leadport.surface.close.CloseExportRoutes;
import org.leadport.surface.close.CloseSchemaRoutes;
import org.leadport.surface.close.DataSearchRoutes;
import org.leadport.surface.close.SavedQueryCheck;
import org.leadport.surface.console.ConsoleExportRoutes;
import org.leadport.surface.console.ConsoleRoutes;
import org.leadport.surface.console.ConsoleSchemaRoutes;
import org.leadport.surface.hubspot.CrmSearchRoutes;
import org.leadport.surface.hubspot.HubSpotExportRoutes;
import org.leadport.surface.hubspot.HubSpotSchemaRoutes;
import org.leadport.surface.jsonapi.ContactExportRoutes;
import org.leadport.surface.jsonapi.ExportLogSchemaRoutes;
import org.leadport.surface.jsonapi.FilterParsers;
import org.leadport.surface.leadapi.CatalogRoutes;
import org.leadport.surface.leadapi.ChangeRoutes;
import org.leadport.surface.leadapi.LeadRoutes;
import org.leadport.surface.leadapi.ListRoutes;
import org.leadport.surface.leadapi.WebhookRoutes;
import org.leadport.surface.roofkit.SyncExportRoutes;
import org.leadport.surface.roofkit.SyncSchemaRoutes;

/**
 * The route table: every surface's routes, each route class given only the services it uses, in the
 * order they are matched. A new surface is one line here (docs/architecture.md).
 */
final class RouteTable {
  private RouteTable() {}

  /**
   * Registers every surface's routes.
   *
   * @param streams the workspaces' open streams, shared by the surfaces that stream
   */
  static void register(RoutesConfig r, Services s, Guard guard, StreamSlots streams) {
    Settings settings = s.settings();
    ExportSettings exports = settings.exports();
    ObjectSearchRepository objects = new ObjectSearchRepository(s.database().jdbi());
    new OpenApiRoutes().register(r);
    new AdminRoutes(s.workspaces(), s.apiKeys(), s.database(), guard).register(r);
    // Before the lead routes, whose /api/v1/leads/{id} would otherwise match "export".
    new SyncExportRoutes(
            s.exporter(),
            s.exportMetrics(),
            new KeysetCursor(settings.secret(), "leads.export"),
            s.changeCursors(),
            guard,
            s.clock(),
            streams,
            s.exportJobs().budget())
        .register(r);
    new SyncSchemaRoutes(s.exporter(), guard).register(r);
    new LeadRoutes(s.leadService(), guard).register(r);
    new ChangeRoutes(new ChangeFeed(s.database().jdbi(), s.changes(), s.changeCursors()), guard)
        .register(r);
    new CatalogRoutes(s.statuses(), s.customFields(), guard).register(r);
    new DataSearchRoutes(
            s.leads(),
            objects,
            s.customFields(),
            s.savedSearches(),
            new KeysetCursor(settings.secret(), "close.data_search"),
            s.clock(),
            exports.quota(),
            exports.limits().exportRowsQuota(),
            guard)
        .register(r);
    Downloads downloads = new Downloads(s.jobs(), s.files(), s.downloadLinks(), s.exporter());
    downloads.register(r);
    ChangeHandoff handoff = new ChangeHandoff(s.exportJobs(), s.changeCursors());
    new CloseExportRoutes(
            s.exportJobs(),
            s.customFields(),
            s.savedSearches(),
            s.clock(),
            exports.quota(),
            exports.limits().exportRowsQuota(),
            guard,
            downloads,
            handoff)
        .register(r);
    new CloseSchemaRoutes(
            s.exportJobs(),
            s.exporter(),
            exports.quota(),
            exports.limits().exportRowsQuota(),
            guard)
        .register(r);
    new HubSpotExportRoutes(
            s.exportJobs(),
            s.customFields(),
            s.lists(),
            new HubSpotExportRoutes.FileLimits(exports.zipOverBytes(), exports.rowsPerFile()),
            guard,
            downloads,
            handoff)
        .register(r);
    new HubSpotSchemaRoutes(s.exportJobs(), s.exporter(), guard).register(r);
    new ConsoleExportRoutes(
            s.exportJobs(), s.customFields(), s.statuses(), s.apiKeys(), guard, downloads, handoff)
        .register(r);
    new ConsoleSchemaRoutes(s.exportJobs(), s.exporter(), guard).register(r);
    new CrmSearchRoutes(
            s.leads(),
            objects,
            s.customFields(),
            new KeysetCursor(settings.secret(), "hubspot.crm_search"),
            guard)
        .register(r);
    // Saved searches hold Close queries: the Close parser checks them, handed over as a function
    // so that neither surface imports the other.
    SavedQueryCheck savedQueries =
        new SavedQueryCheck(s.customFields(), s.savedSearches(), s.clock());
    new ListRoutes(s.lists(), s.savedSearches(), s.leads(), guard, savedQueries::check).register(r);
    ExportLogRepository exportLogs = new ExportLogRepository(s.database().jdbi(), s.clock());
    new ContactExportRoutes(
            exportLogs,
            new FilterParsers(s.customFields(), s.statuses(), s.lists()),
            s.exporter(),
            s.exportJobs().budget(),
            s.apiKeys(),
            settings.publicUrl(),
            guard,
            streams)
        .register(r);
    new ExportLogSchemaRoutes(exportLogs, s.exporter(), guard).register(r);
    Services.Webhooks webhooks = s.webhooks();
    new WebhookRoutes(webhooks.endpoints(), webhooks.log(), webhooks.destinations(), guard)
        .register(r);
    new ConsoleRoutes().register(r);
  }
}
