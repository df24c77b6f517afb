package org.leadport.surface.admin;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.json.Times;
import org.leadport.store.ApiKeyRepository;
import org.leadport.store.Database;
import org.leadport.store.Scope;
import org.leadport.store.Workspace;
import org.leadport.store.WorkspaceRepository;
import org.leadport.synthetic.SyntheticData;

/** The admin API of PRODUCT §2: workspaces, API keys and synthetic data. */
public final class AdminRoutes {
  /** Most leads one seed request may generate. */
  static final long MAX_SEED_LEADS = 10_000_000;

  private final WorkspaceRepository workspaces;
  private final ApiKeyRepository apiKeys;
  private final Database database;
  private final Guard guard;

  /**
   * @param database where the seed endpoint writes synthetic leads
   */
  public AdminRoutes(
      WorkspaceRepository workspaces, ApiKeyRepository apiKeys, Database database, Guard guard) {
    this.workspaces = workspaces;
    this.apiKeys = apiKeys;
    this.database = database;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.post("/admin/v1/workspaces", guard.admin(this::createWorkspace));
    r.get("/admin/v1/workspaces", guard.admin(this::listWorkspaces));
    r.get("/admin/v1/workspaces/{id}", guard.admin(this::getWorkspace));
    r.patch("/admin/v1/workspaces/{id}", guard.admin(this::patchWorkspace));
    r.post("/admin/v1/workspaces/{id}/api-keys", guard.admin(this::createKey));
    r.delete("/admin/v1/api-keys/{id}", guard.admin(this::deleteKey));
    r.post("/admin/v1/workspaces/{id}/seed", guard.admin(this::seed));
  }

  private void createWorkspace(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonInput in = JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "").allowOnly(Set.of("name"));
    String name = in.requiredString("name", 100);
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw LeadportException.invalid(
          "name",
          "name may hold letters, digits, '.', '_' and '-', starting with a letter or digit.");
    }
    Responses.json(ctx, 201, json(workspaces.create(name)));
  }

  private void listWorkspaces(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of("name"));
    String name = ctx.queryParam("name");
    List<Workspace> all =
        name == null
            ? workspaces.list()
            : workspaces.findByName(name).map(List::of).orElse(List.of());
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    all.forEach(w -> data.add(json(w)));
    Responses.json(ctx, 200, body);
  }

  private void getWorkspace(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    Responses.json(ctx, 200, json(workspace(ctx)));
  }

  private void patchWorkspace(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    String id = ctx.pathParam("id");
    JsonInput in = JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "").allowOnly(Set.of("status"));
    String status = in.oneOf("status", Set.of("active", "suspended"));
    if (status == null) {
      throw LeadportException.invalid("status", "status is required: active or suspended.");
    }
    Workspace.Status s = Workspace.Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    Responses.json(ctx, 200, json(workspaces.setStatus(id, s)));
  }

  private void createKey(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    Workspace ws = workspace(ctx);
    JsonInput in =
        JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "")
            .allowOnly(Set.of("name", "scopes", "email"));
    String name = in.requiredString("name", 200);
    List<String> scopeNames = in.strings("scopes", 10, 50);
    if (scopeNames.isEmpty()) {
      throw LeadportException.invalid(
          "scopes", "scopes is required: any of leads.read, leads.write, leads.export.");
    }
    Set<Scope> scopes = EnumSet.noneOf(Scope.class);
    for (int i = 0; i < scopeNames.size(); i++) {
      String s = scopeNames.get(i);
      scopes.add(
          Scope.fromWireName(s)
              .orElseThrow(() ->
                  LeadportException.invalid(
                      "scopes",
                      "Unknown scope "
                          + s
                          + "; valid scopes are leads.read, leads.write, leads.export.")));
    }
    String email = in.string("email", 320);
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw LeadportException.invalid("email", "email must be an email address.");
    }
    ApiKeyRepository.CreatedKey created = apiKeys.create(ws.id(), name, scopes, email);
    ObjectNode body = Json.object();
    body.put("id", created.key().id());
    body.put("key", created.secret());
    body.put("name", created.key().name());
    body.put("workspace_id", ws.id());
    ArrayNode sc = body.putArray("scopes");
    created.key().scopes().forEach(s -> sc.add(s.wireName()));
    body.put("email", email);
    body.put("created_at", Times.iso(created.key().createdAt()));
    Responses.json(ctx, 201, body);
  }

  private void deleteKey(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    apiKeys.revoke(ctx.pathParam("id"));
    Responses.noContent(ctx);
  }

  private void seed(Context ctx) {
    Requests.allowQueryParams(ctx, Set.of());
    Workspace ws = workspace(ctx);
    JsonInput in =
        JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "").allowOnly(Set.of("leads", "seed"));
    Long leads = in.integer("leads", 1, MAX_SEED_LEADS);
    if (leads == null) {
      throw LeadportException.invalid("leads", "leads is required: how many leads to generate.");
    }
    Long seed = in.integer("seed", Long.MIN_VALUE, Long.MAX_VALUE);
    SyntheticData.Result result =
        SyntheticData.seed(database.jdbi(), ws.id(), leads.intValue(), seed == null ? 42L : seed);
    Responses.json(ctx, 200, result.toJson());
  }

  private Workspace workspace(Context ctx) {
    String id = ctx.pathParam("id");
    return workspaces.find(id).orElseThrow(() -> LeadportException.notFound("Workspace", id));
  }

  static ObjectNode json(Workspace w) {
    ObjectNode o = Json.object();
    o.put("id", w.id());
    o.put("name", w.name());
    o.put("status", w.status().wireName());
    o.put("created_at", Times.iso(w.createdAt()));
    return o;
  }
}
