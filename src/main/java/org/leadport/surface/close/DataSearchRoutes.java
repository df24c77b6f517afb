package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.app.Services;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.leads.LeadJson;
import org.leadport.query.Fields;
import org.leadport.query.KeysetCursor;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.SqlFragment;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Lead;
import org.leadport.store.LeadRepository.SortKey;
import org.leadport.store.SavedSearchRepository.SavedSearch;
import org.leadport.store.Scope;

/**
 * Close's advanced filtering search, {@code POST /api/v1/data/search/}: a query, sort and paging
 * answered with {@code {"data":[…],"cursor":…}}.
 */
public final class DataSearchRoutes {
  /** Largest page. */
  static final int MAX_PAGE = 200;

  /** Largest query body: queries past 64 KB are refused before parsing. */
  static final long MAX_BODY = 64 * 1024;

  private static final Set<String> KEYS =
      Set.of("query", "sort", "results_limit", "_fields", "_limit", "cursor", "include_counts");

  private final Services services;
  private final Guard guard;
  private final KeysetCursor cursors;

  public DataSearchRoutes(Services services, Guard guard) {
    this.services = services;
    this.guard = guard;
    this.cursors = new KeysetCursor(services.settings().secret(), "close.data_search");
  }

  public void register(RoutesConfig r) {
    r.post("/api/v1/data/search/", guard.scope(Scope.LEADS_READ, this::search));
    r.post("/api/v1/data/search", guard.scope(Scope.LEADS_READ, this::search));
  }

  private void search(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonInput in = JsonInput.of(Bodies.json(ctx, MAX_BODY), "").allowOnly(KEYS);
    String ws = p.workspaceId();
    CloseQueryParser parser =
        new CloseQueryParser(
            new Fields(services.customFields().list(ws)),
            services.clock(),
            id -> services.savedSearches().find(ws, id).map(SavedSearch::query));
    JsonInput queryNode = in.object("query");
    Query query = queryNode == null ? new Query.All() : parser.parse(queryNode.node(), "query");
    Long resultsLimit = in.integer("results_limit", 1, Integer.MAX_VALUE);
    Long pageSize = in.integer("_limit", 1, MAX_PAGE);
    int limit = pageSize == null ? 100 : pageSize.intValue();
    Set<String> projection = projection(in);
    String fingerprint = fingerprint(in);
    long offset = 0;
    String cursor = in.string("cursor", 1_000);
    if (cursor != null) {
      offset = cursors.decodeOffset(cursor, ws, fingerprint, "cursor");
    }
    int page = limit;
    if (resultsLimit != null) {
      page = (int) Math.max(0, Math.min(limit, resultsLimit - offset));
    }

    SqlFragment where = new SqlFragment();
    String condition = new QueryCompiler(where).lead(query, "l");
    List<SortKey> sort = sort(in, parser, where);
    List<String> ids =
        page == 0
            ? List.of()
            : services.leads().searchIds(ws, where, condition, sort, offset, page + 1);
    // No next page once results_limit is reached, even when more leads match.
    boolean full = ids.size() > page;
    boolean more = full && (resultsLimit == null || offset + page < resultsLimit);
    List<Lead> leads = services.leads().findAll(ws, full ? ids.subList(0, page) : ids);

    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    for (Lead l : leads) {
      ObjectNode json = LeadJson.of(l);
      if (projection != null) {
        json.retain(projection);
      }
      data.add(json);
    }
    body.put("cursor", more ? cursors.encodeOffset(offset + page, ws, fingerprint) : null);
    if (Boolean.TRUE.equals(in.bool("include_counts"))) {
      SqlFragment countWhere = new SqlFragment();
      String countCondition = new QueryCompiler(countWhere).lead(query, "l");
      long total = services.leads().searchCount(ws, countWhere, countCondition);
      body.putObject("count")
          .put("total", resultsLimit == null ? total : Math.min(total, resultsLimit));
    }
    Responses.json(ctx, 200, body);
  }

  private static List<SortKey> sort(JsonInput in, CloseQueryParser parser, SqlFragment where) {
    List<SortKey> out = new ArrayList<>();
    for (SortTerm t : parser.sort(in)) {
      out.add(new SortKey(t.expression(where, "l"), t.descending()));
    }
    return out;
  }

  /** The lead keys to keep, from {@code _fields} as {@code {"lead":[…]}} or a plain array. */
  private static Set<String> projection(JsonInput in) {
    JsonNode fields = in.node().get("_fields");
    if (fields == null || fields.isNull()) {
      return null;
    }
    String path = "_fields";
    if (fields.isObject()) {
      JsonInput obj = JsonInput.of(fields, path).allowOnly(Set.of("lead"));
      return validated(obj.strings("lead", 100, 100), obj.pathOf("lead"));
    }
    if (fields.isArray()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < fields.size(); i++) {
        if (!fields.get(i).isTextual()) {
          throw LeadportException.invalid(
              path + "[" + i + "]", path + "[" + i + "] must be a string.");
        }
        names.add(fields.get(i).textValue());
      }
      return validated(names, path);
    }
    throw LeadportException.invalid(
        path, "_fields must be an object such as {\"lead\": [\"id\", \"display_name\"]}.");
  }

  private static Set<String> validated(List<String> names, String path) {
    for (String n : names) {
      if (!LeadJson.FIELDS.contains(n)) {
        throw LeadportException.invalid(
            path,
            "Unknown lead field "
                + n
                + " in "
                + path
                + "; valid fields are "
                + new java.util.TreeSet<>(LeadJson.FIELDS)
                + ".");
      }
    }
    return new HashSet<>(names);
  }

  /** What a cursor is bound to: everything in the request but the cursor and page size. */
  private static String fingerprint(JsonInput in) {
    ObjectNode copy = in.node().deepCopy();
    copy.remove("cursor");
    copy.remove("_limit");
    return Json.text(copy);
  }
}
