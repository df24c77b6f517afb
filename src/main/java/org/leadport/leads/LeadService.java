package org.leadport.leads;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.query.KeysetCursor;
import org.leadport.query.LeadFilter;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository;
import org.leadport.store.StatusRepository;

/** The native lead API's operations on one workspace's leads. Thread-safe. */
public final class LeadService {
  /** Most leads one bulk request may create. */
  public static final int MAX_BULK = 10_000;

  private final LeadRepository leads;
  private final StatusRepository statuses;
  private final CustomFieldRepository fields;
  private final KeysetCursor cursors;
  private final Clock clock;

  public LeadService(
      LeadRepository leads,
      StatusRepository statuses,
      CustomFieldRepository fields,
      KeysetCursor cursors,
      Clock clock) {
    this.leads = leads;
    this.statuses = statuses;
    this.fields = fields;
    this.cursors = cursors;
    this.clock = clock;
  }

  /** One page of leads and the cursor of the next page, or null at the end. */
  public record Page(List<Lead> leads, @Nullable String nextCursor) {}

  public Lead create(String workspaceId, JsonNode body) {
    Lead lead = parser(workspaceId).create(body, "", workspaceId, now());
    leads.insertAll(List.of(lead));
    return get(workspaceId, lead.id());
  }

  /** Creates every lead or none: the first invalid item is a 400 naming its index and path. */
  public List<String> createAll(String workspaceId, ArrayNode items) {
    if (items.isEmpty()) {
      throw LeadportException.invalid("", "The bulk body holds no leads.");
    }
    if (items.size() > MAX_BULK) {
      throw LeadportException.invalid(
          "",
          "A bulk request may create at most " + MAX_BULK + " leads; got " + items.size() + ".");
    }
    LeadParser parser = parser(workspaceId);
    Instant now = now();
    List<Lead> parsed = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      parsed.add(parser.create(items.get(i), "[" + i + "]", workspaceId, now));
    }
    leads.insertAll(parsed);
    return parsed.stream().map(Lead::id).toList();
  }

  public Lead get(String workspaceId, String id) {
    return leads.find(workspaceId, id).orElseThrow(() -> LeadportException.notFound("Lead", id));
  }

  public Lead patch(String workspaceId, String id, JsonNode body) {
    Lead old = get(workspaceId, id);
    LeadParser.Patched patched = parser(workspaceId).patch(old, body, now());
    leads.update(patched.lead(), patched.replaced());
    return get(workspaceId, id);
  }

  public void delete(String workspaceId, String id) {
    if (!leads.softDelete(workspaceId, id, now())) {
      throw LeadportException.notFound("Lead", id);
    }
  }

  public Page list(String workspaceId, LeadFilter filter, @Nullable String cursor, int limit) {
    KeysetCursor.Position after =
        cursor == null ? null : cursors.decode(cursor, workspaceId, filter.fingerprint(), "cursor");
    List<Lead> page = leads.page(workspaceId, filter, after, limit + 1);
    if (page.size() <= limit) {
      return new Page(page, null);
    }
    List<Lead> shown = page.subList(0, limit);
    Lead last = shown.get(limit - 1);
    String next =
        cursors.encode(
            new KeysetCursor.Position(last.updatedAt(), last.id()),
            workspaceId,
            filter.fingerprint());
    return new Page(List.copyOf(shown), next);
  }

  private LeadParser parser(String workspaceId) {
    return new LeadParser(new Catalog(statuses.list(workspaceId), fields.list(workspaceId)));
  }

  private Instant now() {
    // Microseconds are what PostgreSQL keeps; truncating here keeps reads equal to writes.
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
