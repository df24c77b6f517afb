package org.leadport.surface.close;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.model.CustomField;
import org.leadport.query.Fields;
import org.leadport.query.KeysetCursor;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.LeadRepository;
import org.leadport.store.ObjectSearchRepository;
import org.leadport.store.SavedSearchRepository;
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

  private final LeadRepository leads;
  private final ObjectSearchRepository objects;
  private final CustomFieldRepository customFields;
  private final SavedSearchRepository savedSearches;
  private final KeysetCursor cursors;
  private final Clock clock;
  private final int exportQuota;
  private final long exportRowsQuota;
  private final Guard guard;

  /**
   * @param cursors the keyset cursors of this endpoint (purpose {@code close.data_search})
   * @param exportQuota async exports per workspace per rolling 24 h, for the error shape this
   *     surface shares with its exports
   */
  public DataSearchRoutes(
      LeadRepository leads,
      ObjectSearchRepository objects,
      CustomFieldRepository customFields,
      SavedSearchRepository savedSearches,
      KeysetCursor cursors,
      Clock clock,
      int exportQuota,
      long exportRowsQuota,
      Guard guard) {
    this.leads = leads;
    this.objects = objects;
    this.customFields = customFields;
    this.savedSearches = savedSearches;
    this.cursors = cursors;
    this.clock = clock;
    this.exportQuota = exportQuota;
    this.exportRowsQuota = exportRowsQuota;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    CloseErrors errors = new CloseErrors(exportQuota, exportRowsQuota);
    r.post("/api/v1/data/search/", errors.wrap(guard.scope(Scope.LEADS_READ, this::search)));
    r.post("/api/v1/data/search", errors.wrap(guard.scope(Scope.LEADS_READ, this::search)));
  }

  private void search(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    JsonInput in = JsonInput.of(Bodies.json(ctx, MAX_BODY), "").allowOnly(KEYS);
    String ws = p.workspaceId();
    List<CustomField> customFields = this.customFields.list(ws);
    CloseQueryParser parser =
        new CloseQueryParser(
            new Fields(customFields),
            clock,
            id -> savedSearches.find(ws, id).map(SavedSearch::query));
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
    List<SortTerm> sort = parser.sort(in, kind);
    List<String> ids = page > 0 ? searchIds(ws, kind, query, sort, offset, page + 1) : List.of();
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
      long total =
          kind == ObjectKind.LEAD
              ? leads.searchCount(ws, query)
              : objects.searchCount(ws, kind, query);
      body.putObject("count")
          .put("total", resultsLimit == null ? total : Math.min(total, resultsLimit));
    }
    Responses.json(ctx, 200, body);
  }

  /** Ids of the searched kind's matches, from the repository that holds that kind. */
  private List<String> searchIds(
      String ws, ObjectKind kind, Query query, List<SortTerm> sort, long offset, int limit) {
    return kind == ObjectKind.LEAD
        ? leads.searchIds(ws, query, sort, offset, limit)
        : objects.searchIds(ws, kind, query, sort, offset, limit);
  }

  /** The objects of {@code ids} under Close's names, in that order. */
  private List<ObjectNode> load(String ws, ObjectKind kind, List<String> ids) {
    List<ObjectNode> out = new ArrayList<>(ids.size());
    switch (kind) {
      case LEAD -> leads.findAll(ws, ids).forEach(l -> out.add(CloseObjects.lead(l)));
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
