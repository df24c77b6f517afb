package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.json.Times;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.LeadRepository;
import org.leadport.store.ListRepository;
import org.leadport.store.ListRepository.LeadList;
import org.leadport.store.SavedSearchRepository;
import org.leadport.store.SavedSearchRepository.SavedSearch;
import org.leadport.store.Scope;

/** Static lead lists with their members, and saved searches. */
public final class ListRoutes {
  /** Most lead ids one membership request may name. */
  public static final int MAX_MEMBERS_PER_REQUEST = 10_000;

  /**
   * Checks a saved search's query as the search that will run it parses it (same parser, same
   * messages), so a query that would fail later is refused when it is saved.
   */
  @FunctionalInterface
  public interface QueryCheck {
    /**
     * Throws a 400 naming the JSON path (under {@code query}) of the first problem.
     *
     * @param savedSearchId the saved search being replaced, or null for a new one
     */
    void check(String workspaceId, @Nullable String savedSearchId, JsonNode query);
  }

  private final ListRepository lists;
  private final SavedSearchRepository savedSearches;
  private final LeadRepository leads;
  private final Guard guard;
  private final QueryCheck queryCheck;

  public ListRoutes(
      ListRepository lists,
      SavedSearchRepository savedSearches,
      LeadRepository leads,
      Guard guard,
      QueryCheck queryCheck) {
    this.lists = lists;
    this.savedSearches = savedSearches;
    this.leads = leads;
    this.guard = guard;
    this.queryCheck = queryCheck;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/lists", guard.scope(Scope.LEADS_READ, this::listLists));
    r.post("/api/v1/lists", guard.scope(Scope.LEADS_WRITE, this::createList));
    r.get("/api/v1/lists/{id}", guard.scope(Scope.LEADS_READ, this::getList));
    r.delete("/api/v1/lists/{id}", guard.scope(Scope.LEADS_WRITE, this::deleteList));
    r.get("/api/v1/lists/{id}/members", guard.scope(Scope.LEADS_READ, this::members));
    r.post("/api/v1/lists/{id}/members", guard.scope(Scope.LEADS_WRITE, this::addMembers));
    r.delete("/api/v1/lists/{id}/members", guard.scope(Scope.LEADS_WRITE, this::removeMembers));
    r.get("/api/v1/saved_searches", guard.scope(Scope.LEADS_READ, this::listSearches));
    r.post("/api/v1/saved_searches", guard.scope(Scope.LEADS_WRITE, this::createSearch));
    r.get("/api/v1/saved_searches/{id}", guard.scope(Scope.LEADS_READ, this::getSearch));
    r.patch("/api/v1/saved_searches/{id}", guard.scope(Scope.LEADS_WRITE, this::patchSearch));
    r.delete("/api/v1/saved_searches/{id}", guard.scope(Scope.LEADS_WRITE, this::deleteSearch));
  }

  private void listLists(Context ctx, Principal p) {
    Resources.list(ctx, lists.list(p.workspaceId()), ListRoutes::json);
  }

  private void createList(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "name");
    Responses.json(ctx, 201, json(lists.create(p.workspaceId(), in.requiredString("name", 200))));
  }

  private void getList(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Responses.json(ctx, 200, json(list(ctx, p)));
  }

  private void deleteList(Context ctx, Principal p) {
    Resources.delete(ctx, id -> lists.delete(p.workspaceId(), id));
  }

  private void members(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of("after", "limit"));
    LeadList list = list(ctx, p);
    int limit = Requests.intQuery(ctx, "limit", 1, 1000, 100);
    List<String> ids = lists.members(list.id(), ctx.queryParam("after"), limit + 1);
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("lead_ids");
    ids.stream().limit(limit).forEach(data::add);
    body.put("has_more", ids.size() > limit);
    Responses.json(ctx, 200, body);
  }

  private void addMembers(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    LeadList list = list(ctx, p);
    List<String> ids = leadIds(ctx);
    Set<String> existing = leads.existing(p.workspaceId(), ids);
    List<String> missing = new ArrayList<>();
    for (String id : ids) {
      if (!existing.contains(id)) {
        missing.add(id);
      }
    }
    if (!missing.isEmpty()) {
      throw LeadportException.invalid(
          "lead_ids",
          "No such leads in this workspace: "
              + String.join(", ", missing.subList(0, Math.min(10, missing.size())))
              + (missing.size() > 10 ? " and " + (missing.size() - 10) + " more" : "")
              + ". Nothing was added.");
    }
    lists.addMembers(list.id(), ids);
    Responses.json(ctx, 200, json(list(ctx, p)));
  }

  private void removeMembers(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    LeadList list = list(ctx, p);
    lists.removeMembers(list.id(), leadIds(ctx));
    Responses.json(ctx, 200, json(list(ctx, p)));
  }

  private static List<String> leadIds(Context ctx) {
    JsonInput in = JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "").allowOnly(Set.of("lead_ids"));
    List<String> ids = in.strings("lead_ids", MAX_MEMBERS_PER_REQUEST, 100);
    if (ids.isEmpty()) {
      throw LeadportException.invalid("lead_ids", "lead_ids must name at least one lead.");
    }
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  private LeadList list(Context ctx, Principal p) {
    return Resources.found(ctx, id -> lists.find(p.workspaceId(), id), "List");
  }

  private void listSearches(Context ctx, Principal p) {
    Resources.list(ctx, savedSearches.list(p.workspaceId()), ListRoutes::json);
  }

  private void createSearch(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "name", "query");
    String name = in.requiredString("name", 200);
    JsonInput query = in.object("query");
    if (query == null) {
      throw LeadportException.invalid("query", "query is required: a search query object.");
    }
    queryCheck.check(p.workspaceId(), null, query.node());
    Responses.json(ctx, 201, json(savedSearches.create(p.workspaceId(), name, query.node())));
  }

  private void getSearch(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    SavedSearch s =
        Resources.found(ctx, id -> savedSearches.find(p.workspaceId(), id), "Saved search");
    Responses.json(ctx, 200, json(s));
  }

  private void patchSearch(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "name", "query");
    String name = Resources.rename(in, "name");
    JsonInput query = in.object("query");
    if (query != null) {
      queryCheck.check(p.workspaceId(), ctx.pathParam("id"), query.node());
    }
    SavedSearch s =
        savedSearches.update(
            p.workspaceId(), ctx.pathParam("id"), name, query == null ? null : query.node());
    Responses.json(ctx, 200, json(s));
  }

  private void deleteSearch(Context ctx, Principal p) {
    Resources.delete(ctx, id -> savedSearches.delete(p.workspaceId(), id));
  }

  static ObjectNode json(LeadList l) {
    ObjectNode o = Json.object();
    o.put("id", l.id());
    o.put("ils_id", l.ilsId());
    o.put("name", l.name());
    o.put("size", l.size());
    o.put("created_at", Times.iso(l.createdAt()));
    o.put("updated_at", Times.iso(l.updatedAt()));
    return o;
  }

  static ObjectNode json(SavedSearch s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("name", s.name());
    o.set("query", s.query());
    o.put("created_at", Times.iso(s.createdAt()));
    o.put("updated_at", Times.iso(s.updatedAt()));
    return o;
  }
}
