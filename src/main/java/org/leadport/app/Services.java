package org.leadport.app;

import java.time.Clock;
import org.leadport.export.Exporter;
import org.leadport.export.RowSource;
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
    Exporter exporter) {

  public static Services create(Settings settings, Database db, Clock clock) {
    var jdbi = db.jdbi();
    var statuses = new StatusRepository(jdbi, clock);
    var fields = new CustomFieldRepository(jdbi, clock);
    var leads = new LeadRepository(jdbi);
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
        new Exporter(new RowSource(jdbi), fields));
  }
}
