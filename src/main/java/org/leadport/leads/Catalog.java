package org.leadport.leads;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.leadport.model.CustomField;
import org.leadport.store.Status;

/** A workspace's statuses and custom fields, loaded once per request to resolve names. */
public record Catalog(List<Status> statuses, List<CustomField> customFields) {

  public Catalog {
    statuses = List.copyOf(statuses);
    customFields = List.copyOf(customFields);
  }

  public Optional<Status> statusById(String id) {
    return statuses.stream().filter(s -> s.id().equals(id)).findFirst();
  }

  public Optional<Status> statusByLabel(String label) {
    return statuses.stream().filter(s -> s.label().equalsIgnoreCase(label)).findFirst();
  }

  /** The status new leads get when none is named: the first in order, if any. */
  public Optional<Status> defaultStatus() {
    return statuses.stream().findFirst();
  }

  /** A custom field by its id or, failing that, its exact name. */
  public Optional<CustomField> field(String idOrName) {
    return Optional.ofNullable(byId().get(idOrName))
        .or(() -> customFields.stream().filter(f -> f.name().equals(idOrName)).findFirst());
  }

  private Map<String, CustomField> byId() {
    return customFields.stream().collect(Collectors.toMap(CustomField::id, Function.identity()));
  }
}
