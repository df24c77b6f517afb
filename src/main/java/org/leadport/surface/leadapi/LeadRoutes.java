package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.leads.LeadJson;
import org.leadport.leads.LeadService;
import org.leadport.query.LeadFilter;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;

/** The native lead API: create, bulk create, get, patch, soft delete and list. */
public final class LeadRoutes {
  private static final Set<String> LIST_PARAMS = listParams();

  private final LeadService leads;
  private final Guard guard;

  public LeadRoutes(LeadService leads, Guard guard) {
    this.leads = leads;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.post("/api/v1/leads", guard.scope(Scope.LEADS_WRITE, this::create));
    r.post("/api/v1/leads/bulk", guard.scope(Scope.LEADS_WRITE, this::bulk));
    r.get("/api/v1/leads", guard.scope(Scope.LEADS_READ, this::list));
    r.get("/api/v1/leads/{id}", guard.scope(Scope.LEADS_READ, this::get));
    r.patch("/api/v1/leads/{id}", guard.scope(Scope.LEADS_WRITE, this::patch));
    r.delete("/api/v1/leads/{id}", guard.scope(Scope.LEADS_WRITE, this::delete));
  }

  private void create(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    var lead = leads.create(p.workspaceId(), Bodies.json(ctx, Bodies.SMALL));
    ctx.header("Location", "/api/v1/leads/" + lead.id());
    Responses.json(ctx, 201, LeadJson.of(lead));
  }

  private void bulk(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    List<String> ids = leads.createAll(p.workspaceId(), Bodies.jsonArrayOrNdjson(ctx, Bodies.BULK));
    ObjectNode body = Json.object();
    body.put("count", ids.size());
    ArrayNode array = body.putArray("ids");
    ids.forEach(array::add);
    Responses.json(ctx, 201, body);
  }

  private void get(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Responses.json(ctx, 200, LeadJson.of(leads.get(p.workspaceId(), ctx.pathParam("id"))));
  }

  private void patch(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    var lead = leads.patch(p.workspaceId(), ctx.pathParam("id"), Bodies.json(ctx, Bodies.SMALL));
    Responses.json(ctx, 200, LeadJson.of(lead));
  }

  private void delete(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    leads.delete(p.workspaceId(), ctx.pathParam("id"));
    Responses.noContent(ctx);
  }

  private void list(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, LIST_PARAMS);
    LeadFilter filter = LeadFilter.fromParams(ctx::queryParam);
    int limit = Requests.intQuery(ctx, "limit", 1, 200, 100);
    LeadService.Page page = leads.list(p.workspaceId(), filter, ctx.queryParam("cursor"), limit);
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    page.leads().forEach(l -> data.add(LeadJson.of(l)));
    body.put("has_more", page.nextCursor() != null);
    body.put("next_cursor", page.nextCursor());
    Responses.json(ctx, 200, body);
  }

  private static Set<String> listParams() {
    Set<String> s = new HashSet<>(LeadFilter.PARAMS);
    s.add("cursor");
    s.add("limit");
    return Set.copyOf(s);
  }
}
