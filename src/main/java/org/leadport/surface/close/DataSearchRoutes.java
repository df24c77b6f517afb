package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.app.Services;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.query.Fields;
import org.leadport.query.KeysetCursor;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.QueryCompiler;
import org.leadport.query.SortTerm;
import org.leadport.query.SqlFragment;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomField;
import org.leadport.store.LeadRepository.SortKey;
import org.leadport.store.ObjectSearchRepository;
import org.leadport.store.SavedSearchRepository.SavedSearch;
import org.leadport.store.Scope;

/**
 * Close's advanced filtering search, {@code POST /api/v1/data/search/}: a query, sort and paging
 * answered with {@code {"data":[…],"cursor":…}}. It finds leads, or contacts or opportunities when
 * the query's {@code object_type} names them; each item is {@code {"__object_type","id"}}, or with
 * {@code _fields} the object's named keys under Close's names ({@link CloseObjects}).
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
  private final ObjectSearchRepository objects;

  public DataSearchRoutes(Services services, Guard guard) {
    this.services = services;
    this.guard = guard;
    this.cursors = new KeysetCursor(services.settings().secret(), "close.data_search");
    this.objects = new ObjectSearchRepository(services.database().jdbi());
  }

  public void register(RoutesConfig r) {
    CloseErrors errors = new CloseErrors(services.settings().exports().quota());
    r.post("/api/v1/data/search/", errors.wrap(guard.scope(Scope.LEADS_READ, this::search)));
    r.post("/api/v1/data/search", errors.wrap(guard.scope(Scope.LEADS_READ, this::search)));
  }

  private void search(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonInput in = JsonInput.of(Bodies.json(ctx, MAX_BODY), "").allowOnly(KEYS);
    String ws = p.workspaceId();
    List<CustomField> customFields = services.customFields().list(ws);
    CloseQueryParser parser =
        new CloseQueryParser(
            new Fields(customFields),
            services.clock(),
            id -> services.savedSearches().find(ws, id).map(SavedSearch::query));
    JsonInput queryNode = in.object("query");
    ObjectKind kind =
        CloseQueryParser.searched(queryNode == null ? null : queryNode.node(), "query");
    Query query =
        queryNode == null ? new Query.All() : parser.parse(queryNode.node(), "query", kind);
    Long resultsLimit = in.integer("results_limit", 1, Integer.MAX_VALUE);
    Long pageSize = in.integer("_limit", 1, MAX_PAGE);
    int limit = pageSize == null ? 100 : pageSize.intValue();
    Set<String> projection = projection(in, kind, customFields);
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
    String alias = kind == ObjectKind.LEAD ? "l" : ObjectSearchRepository.ALIAS;
    List<SortTerm> sortTerms = parser.sort(in, kind);

    SqlFragment where = new SqlFragment();
    String condition = new QueryCompiler(where).root(query, kind, alias);
    List<SortKey> sort = new ArrayList<>();
    for (SortTerm t : sortTerms) {
      sort.add(new SortKey(t.expression(where, alias), t.descending()));
    }
    List<String> ids = List.of();
    if (page > 0) {
      ids =
          kind == ObjectKind.LEAD
              ? services.leads().searchIds(ws, where, condition, sort, offset, page + 1)
              : objects.searchIds(ws, kind, where, condition, sort, offset, page + 1);
    }
    // No next page once results_limit is reached, even when more leads match.
    boolean full = ids.size() > page;
    boolean more = full && (resultsLimit == null || offset + page < resultsLimit);
    List<String> found = full ? ids.subList(0, page) : ids;

    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    if (projection == null) {
      found.forEach(id -> data.add(CloseObjects.reference(kind, id)));
    } else {
      for (ObjectNode o : load(ws, kind, found)) {
        data.add(CloseObjects.project(o, projection));
      }
    }
    body.put("cursor", more ? cursors.encodeOffset(offset + page, ws, fingerprint) : null);
    if (Boolean.TRUE.equals(in.bool("include_counts"))) {
      SqlFragment countWhere = new SqlFragment();
      String countCondition = new QueryCompiler(countWhere).root(query, kind, alias);
      long total =
          kind == ObjectKind.LEAD
              ? services.leads().searchCount(ws, countWhere, countCondition)
              : objects.searchCount(ws, kind, countWhere, countCondition);
      body.putObject("count")
          .put("total", resultsLimit == null ? total : Math.min(total, resultsLimit));
    }
    Responses.json(ctx, 200, body);
  }

  /** The objects of {@code ids} under Close's names, in that order. */
  private List<ObjectNode> load(String ws, ObjectKind kind, List<String> ids) {
    List<ObjectNode> out = new ArrayList<>(ids.size());
    switch (kind) {
      case LEAD -> services.leads().findAll(ws, ids).forEach(l -> out.add(CloseObjects.lead(l)));
      case CONTACT -> objects.contacts(ws, ids).forEach(c -> out.add(CloseObjects.contact(c)));
      case OPPORTUNITY ->
          objects.opportunities(ws, ids).forEach(o -> out.add(CloseObjects.opportunity(o)));
      default -> throw new IllegalStateException("not searched: " + kind);
    }
    return out;
  }

  /**
   * The keys to keep of the searched kind, from {@code _fields} as {@code {"lead":[…]}} (by object
   * type, as Close takes it) or a plain array; null without {@code _fields}.
   */
  private static @Nullable Set<String> projection(
      JsonInput in, ObjectKind kind, List<CustomField> customFields) {
    JsonNode fields = in.node().get("_fields");
    if (fields == null || fields.isNull()) {
      return null;
    }
    Set<String> ids = new java.util.HashSet<>();
    customFields.forEach(f -> ids.add(f.id()));
    String path = "_fields";
    if (fields.isObject()) {
      JsonInput obj = JsonInput.of(fields, path).allowOnly(Set.copyOf(CloseObjects.WORDS.values()));
      // A search answers with leads, contacts or opportunities, each of which has its word.
      String word = Objects.requireNonNull(CloseObjects.WORDS.get(kind));
      if (!obj.has(word)) {
        throw LeadportException.invalid(
            path,
            "_fields names no "
                + word
                + " fields, and this query returns "
                + word
                + "s: add \""
                + word
                + "\": [\"id\", …].");
      }
      return CloseObjects.fields(kind, obj.strings(word, 100, 100), ids, obj.pathOf(word));
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
      return CloseObjects.fields(kind, names, ids, path);
    }
    throw LeadportException.invalid(
        path, "_fields must be an object such as {\"lead\": [\"id\", \"display_name\"]}.");
  }

  /** What a cursor is bound to: everything in the request but the cursor and page size. */
  private static String fingerprint(JsonInput in) {
    ObjectNode copy = in.node().deepCopy();
    copy.remove("cursor");
    copy.remove("_limit");
    return Json.text(copy);
  }
}
