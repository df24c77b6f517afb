package org.leadport.surface.jsonapi;

import org.leadport.query.Fields;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.ListRepository;
import org.leadport.store.StatusRepository;

/**
 * Makes the JSON:API filter parser of a workspace as it is now (its custom fields, statuses and
 * lists): when a log is created and again each time it is rendered. Thread-safe.
 */
public final class FilterParsers {
  private final CustomFieldRepository customFields;
  private final StatusRepository statuses;
  private final ListRepository lists;

  public FilterParsers(
      CustomFieldRepository customFields, StatusRepository statuses, ListRepository lists) {
    this.customFields = customFields;
    this.statuses = statuses;
    this.lists = lists;
  }

  /** A filter parser for the workspace as it is now. */
  JsonApiFilterParser of(String ws) {
    return new JsonApiFilterParser(
        ws, new Fields(customFields.list(ws)), () -> statuses.list(ws), () -> lists.list(ws));
  }
}
