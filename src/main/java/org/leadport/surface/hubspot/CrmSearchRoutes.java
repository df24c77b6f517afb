package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.query.Fields;
import org.leadport.query.KeysetCursor;
import org.leadport.query.ObjectKind;
import org.leadport.query.SortTerm;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository;
import org.leadport.store.ObjectSearchRepository;
import org.leadport.store.ObjectSearchRepository.ContactRow;
import org.leadport.store.ObjectSearchRepository.OpportunityRow;
import org.leadport.store.Scope;

/**
 * HubSpot's CRM search, {@code POST /crm/v3/objects/{contacts|companies|deals}/search}: companies
 * are leads, contacts their contacts, deals their opportunities. Answers {@code
 * {"total","results":[…],"paging":{"next":{"after"}}}}; every error in HubSpot's shape.
 */
public final class CrmSearchRoutes {
  /** Largest request body. */
  static final long MAX_BODY = 64 * 1024;

  private final LeadRepository leads;
  private final ObjectSearchRepository objects;
  private final CustomFieldRepository customFields;
  private final KeysetCursor cursors;
  private final Guard guard;

  /**
   * @param cursors the keyset cursors of this endpoint (purpose {@code hubspot.crm_search})
   */
  public CrmSearchRoutes(
      LeadRepository leads,
      ObjectSearchRepository objects,
      CustomFieldRepository customFields,
      KeysetCursor cursors,
      Guard guard) {
    this.leads = leads;
    this.objects = objects;
    this.customFields = customFields;
    this.cursors = cursors;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    var handler = HubSpotErrors.wrap(guard.scope(Scope.LEADS_READ, this::search));
    r.post("/crm/v3/objects/{objectType}/search", handler);
    r.post("/crm/v3/objects/{objectType}/search/", handler);
  }

  private void search(Context ctx, Principal p) {
    String type = ctx.pathParam("objectType");
    HubSpotObject object =
        HubSpotObject.fromPath(type)
            .orElseThrow(() ->
                new LeadportException(
                    404,
                    "object_type_not_found",
                    "Unable to infer object type from: "
                        + type
                        + ". Leadport searches contacts, companies and deals.",
                    "objectType"));
    Requests.allowQueryParams(ctx, Set.of());
    JsonNode body = Bodies.json(ctx, MAX_BODY);
    String ws = p.workspaceId();
    HubSpotProperties properties = HubSpotProperties.of(object, customFields.list(ws));
    HubSpotSearchParser.Request req = new HubSpotSearchParser(object, properties).parse(body);

    String fingerprint = fingerprint(object, body);
    long offset =
        req.after() == null ? 0 : cursors.decodeOffset(req.after(), ws, fingerprint, "after");
    int limit = req.limit();

    List<SortTerm> sort = sort(req, object.kind());
    List<String> ids;
    long total;
    if (object == HubSpotObject.COMPANIES) {
      ids = leads.searchIds(ws, req.query(), sort, offset, limit + 1);
      total = leads.searchCount(ws, req.query());
    } else {
      ids = objects.searchIds(ws, object.kind(), req.query(), sort, offset, limit + 1);
      total = objects.searchCount(ws, object.kind(), req.query());
    }
    boolean more = ids.size() > limit;
    List<String> page = more ? ids.subList(0, limit) : ids;

    ObjectNode out = Json.object();
    out.put("total", total);
    ArrayNode results = out.putArray("results");
    for (Object row : rows(object, ws, page)) {
      results.add(result(object, row, req.properties()));
    }
    if (more) {
      out.putObject("paging")
          .putObject("next")
          .put("after", cursors.encodeOffset(offset + limit, ws, fingerprint));
    }
    Responses.json(ctx, 200, out);
  }

  /** The sorts asked for, or else creation time; the repositories add the id as the last key. */
  private static List<SortTerm> sort(HubSpotSearchParser.Request req, ObjectKind kind) {
    List<SortTerm> out = new ArrayList<>();
    for (HubSpotSearchParser.Sort s : req.sorts()) {
      out.add(new SortTerm(s.property().field(), s.descending()));
    }
    if (out.isEmpty()) {
      out.add(new SortTerm(Fields.STANDARD.regular(kind, "created_at").orElseThrow(), false));
    }
    return out;
  }

  private List<?> rows(HubSpotObject object, String ws, List<String> ids) {
    return switch (object) {
      case COMPANIES -> leads.findAll(ws, ids);
      case CONTACTS -> objects.contacts(ws, ids);
      case DEALS -> objects.opportunities(ws, ids);
    };
  }

  private static ObjectNode result(
      HubSpotObject object, Object row, Map<String, HubSpotProperty> properties) {
    ObjectNode o = Json.object();
    Instant created;
    Instant updated;
    String id;
    switch (row) {
      case Lead l -> {
        id = l.id();
        created = l.createdAt();
        updated = l.updatedAt();
      }
      case ContactRow c -> {
        id = c.id();
        created = c.createdAt();
        updated = c.updatedAt();
      }
      case OpportunityRow d -> {
        id = d.id();
        created = d.createdAt();
        updated = d.updatedAt();
      }
      default -> throw new IllegalStateException("not a " + object.pathName() + " row: " + row);
    }
    o.put("id", id);
    ObjectNode props = o.putObject("properties");
    properties.forEach((name, p) -> props.put(name, p.render().apply(row)));
    o.put("createdAt", HubSpotValues.iso(created));
    o.put("updatedAt", HubSpotValues.iso(updated));
    o.put("archived", false);
    return o;
  }

  /** What a paging token is bound to: the object type and the request but after and limit. */
  private static String fingerprint(HubSpotObject object, JsonNode body) {
    ObjectNode copy = body.deepCopy();
    copy.remove("after");
    copy.remove("limit");
    return object.pathName() + "\u0000" + Json.text(copy);
  }
}
