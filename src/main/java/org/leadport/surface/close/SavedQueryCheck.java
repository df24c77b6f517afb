package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.leadport.query.Fields;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.SavedSearchRepository.SavedSearch;

/**
 * A saved search's query is Close's advanced-filtering query, so it is checked by the parser that
 * {@code POST /api/v1/data/search/} and Close's {@code s_query} use, with the same messages. The
 * saved search being replaced resolves to its new query, so a query that refers to itself is
 * refused as the cycle it would become. The server hands {@link #check} to the native API's saved
 * searches, so neither surface imports the other. Thread-safe.
 */
public final class SavedQueryCheck {
  private final CustomFieldRepository customFields;
  private final SavedSearchRepository savedSearches;
  private final Clock clock;

  public SavedQueryCheck(
      CustomFieldRepository customFields, SavedSearchRepository savedSearches, Clock clock) {
    this.customFields = customFields;
    this.savedSearches = savedSearches;
    this.clock = clock;
  }

  /**
   * Throws a 400 naming the JSON path (under {@code query}) of the first problem.
   *
   * @param savedSearchId the saved search being replaced, or null for a new one
   */
  public void check(String workspaceId, @Nullable String savedSearchId, JsonNode query) {
    new CloseQueryParser(
            new Fields(customFields.list(workspaceId)),
            clock,
            id ->
                id.equals(savedSearchId)
                    ? Optional.of(query)
                    : savedSearches.find(workspaceId, id).map(SavedSearch::query))
        .parse(query, "query");
  }
}
