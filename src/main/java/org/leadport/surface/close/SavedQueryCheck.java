package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.leadport.app.Services;
import org.leadport.http.ListRoutes;
import org.leadport.query.Fields;
import org.leadport.store.SavedSearchRepository.SavedSearch;

/**
 * A saved search's query is Close's advanced-filtering query, so it is checked by the parser that
 * {@code POST /api/v1/data/search/} and Close's {@code s_query} use, with the same messages. The
 * saved search being replaced resolves to its new query, so a query that refers to itself is
 * refused as the cycle it would become.
 */
public final class SavedQueryCheck implements ListRoutes.QueryCheck {
  private final Services services;

  public SavedQueryCheck(Services services) {
    this.services = services;
  }

  @Override
  public void check(String workspaceId, @Nullable String savedSearchId, JsonNode query) {
    new CloseQueryParser(
            new Fields(services.customFields().list(workspaceId)),
            services.clock(),
            id ->
                id.equals(savedSearchId)
                    ? Optional.of(query)
                    : services.savedSearches().find(workspaceId, id).map(SavedSearch::query))
        .parse(query, "query");
  }
}
