package org.leadport.surface.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.leadport.LeadportException;
import org.leadport.export.ExportSpec;
import org.leadport.export.column.ColumnSpec;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.json.JsonInput;
import org.leadport.model.CustomField;
import org.leadport.query.FieldRef;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.query.SortTerm;
import org.leadport.query.ValueType;

/**
 * Reads a HubSpot export request (docs/hubspot-exports.md) into an {@link ExportSpec}: the object
 * type and its rows, VIEW (a CRM search request) or LIST (a list's leads), the properties as
 * columns with labels in the request's language (or internal names and values when asked), and one
 * associated object type. Not thread-safe; one per request.
 */
final class HubSpotExportRequests {
  static final Set<String> KEYS =
      Set.of(
          "exportType",
          "format",
          "exportName",
          "language",
          "objectType",
          "objectProperties",
          "associatedObjectType",
          "publicCrmSearchRequest",
          "listId",
          "exportInternalValuesOptions",
          "overrideAssociatedObjectsPerDefinitionPerRowLimit");

  private static final Map<String, ExportFormat> FORMATS =
      Map.of("CSV", ExportFormat.CSV, "XLSX", ExportFormat.XLSX, "XLS", ExportFormat.XLS);

  /** Longest export name, which becomes the file name. */
  static final int MAX_NAME = 200;

  /**
   * A parsed request.
   *
   * @param name the file name without extension
   */
  record Parsed(ExportSpec spec, String name, HubSpotObject object) {}

  /** The workspace's lists, as LIST exports name them. */
  interface Lists {
    /** The Leadport id of the list whose ILS list id is {@code ilsId}. */
    Optional<String> byIlsId(long ilsId);

    /** {@code id} when it is one of the workspace's lists. */
    Optional<String> byId(String id);
  }

  private final String workspaceId;
  private final List<CustomField> customFields;
  private final Lists lists;

  HubSpotExportRequests(String workspaceId, List<CustomField> customFields, Lists lists) {
    this.workspaceId = workspaceId;
    this.customFields = customFields;
    this.lists = lists;
  }

  Parsed parse(JsonNode body) {
    JsonInput in = JsonInput.of(body, "").allowOnly(KEYS);
    String exportType = upper(required(in, "exportType"), "exportType", Set.of("VIEW", "LIST"));
    ExportFormat format =
        java.util.Objects.requireNonNull(
            FORMATS.get(upper(required(in, "format"), "format", FORMATS.keySet())));
    HubSpotObject object = object(required(in, "objectType"), "objectType");
    HubSpotLabels labels =
        HubSpotLabels.of(in.string("language", 10) == null ? "EN" : in.string("language", 10));
    HubSpotDescriptions descriptions = HubSpotDescriptions.of(labels);
    Set<String> internal = internalOptions(in);
    HubSpotProperties properties = HubSpotProperties.of(object, customFields);

    List<String> names = new ArrayList<>(in.strings("objectProperties", 500, 200));
    if (!in.has("objectProperties") || in.isNull("objectProperties")) {
      names.addAll(object.defaults());
    }
    if (names.isEmpty()) {
      throw LeadportException.invalid(
          "objectProperties", "objectProperties must name at least one property.");
    }
    if (new LinkedHashSet<>(names).size() != names.size()) {
      throw LeadportException.invalid(
          "objectProperties", "objectProperties names a property twice.");
    }
    List<ColumnSpec> columns = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      HubSpotProperty p = properties.require(names.get(i), "objectProperties[" + i + "]");
      columns.add(column(object, p, labels, descriptions, internal));
    }
    String associated = in.string("associatedObjectType", 50);
    if (associated != null) {
      HubSpotObject other = object(associated, "associatedObjectType");
      if (other == object) {
        throw LeadportException.invalid(
            "associatedObjectType", "associatedObjectType must differ from objectType.");
      }
      boolean unlimited =
          Boolean.TRUE.equals(in.bool("overrideAssociatedObjectsPerDefinitionPerRowLimit"));
      columns.addAll(HubSpotAssociations.columns(object, other, labels, descriptions, unlimited));
    }

    Query query;
    List<SortTerm> sort = List.of();
    ObjectKind root;
    if (exportType.equals("VIEW")) {
      if (in.has("listId") && !in.isNull("listId")) {
        throw LeadportException.invalid("listId", "listId is for LIST exports, not VIEW.");
      }
      JsonInput search = in.object("publicCrmSearchRequest");
      HubSpotSearchParser.Request request =
          new HubSpotSearchParser(object, properties)
              .parse(search == null ? org.leadport.json.Json.object() : search.node());
      if (search != null && (search.has("after") || search.has("limit"))) {
        throw LeadportException.invalid(
            "publicCrmSearchRequest", "An export has every matching record: no after or limit.");
      }
      query = request.query();
      sort =
          request.sorts().stream()
              .map(s -> new SortTerm(s.property().field(), s.descending()))
              .toList();
      root = object.kind();
    } else {
      if (in.has("publicCrmSearchRequest") && !in.isNull("publicCrmSearchRequest")) {
        throw LeadportException.invalid(
            "publicCrmSearchRequest", "publicCrmSearchRequest is for VIEW exports, not LIST.");
      }
      query = new Query.InList(listId(in));
      root = ObjectKind.LEAD;
    }
    RowType rows =
        switch (object) {
          case COMPANIES -> RowType.LEADS;
          case CONTACTS -> RowType.CONTACTS;
          case DEALS -> RowType.OPPORTUNITIES;
        };
    ExportOptions options =
        ExportOptions.builder().dateFormat(DateFormat.ISO8601).columns(columns).build();
    ExportSpec spec =
        new ExportSpec(
            workspaceId, rows, format, root, query, false, sort, null, null, null, options);
    return new Parsed(spec, name(in, object), object);
  }

  /**
   * One property as a column: its label or internal name, its values' labels, and its description
   * (a custom field's comes from its definition when the schema is read).
   */
  private static ColumnSpec column(
      HubSpotObject object,
      HubSpotProperty p,
      HubSpotLabels labels,
      HubSpotDescriptions descriptions,
      Set<String> internal) {
    // A custom field is named by its internal name, labelled by its own name in every language.
    String header =
        internal.contains("NAMES")
            ? p.name()
            : p.field().customFieldId() != null
                ? p.field().name()
                : labels.header(object, p.name());
    FieldRef field = p.field();
    Map<String, String> valueLabels = Map.of();
    if (!internal.contains("VALUES")) {
      if (field.type() == ValueType.BOOLEAN) {
        valueLabels =
            Map.of("true", labels.value("bool", "true"), "false", labels.value("bool", "false"));
      }
    } else if (p.name().equals("hs_lead_status")) {
      // The internal value of a lead status is its id, as HubSpot's is its internal name; a
      // contact's is its lead's.
      field =
          object == HubSpotObject.COMPANIES
              ? FieldRef.column(ObjectKind.LEAD, "hs_lead_status", ValueType.TEXT, "%s.status_id")
              : FieldRef.column(
                  ObjectKind.CONTACT,
                  "hs_lead_status",
                  ValueType.TEXT,
                  "(select hl.status_id from leads hl where hl.id = %s.lead_id)");
    } else if (p.name().equals("dealstage")) {
      field =
          FieldRef.column(ObjectKind.OPPORTUNITY, "dealstage", ValueType.TEXT, "%s.status_type");
    }
    String description =
        p.field().customFieldId() != null
            ? null
            : descriptions.property(object, p.name(), internal.contains("VALUES"));
    return new ColumnSpec(header, field, p.scale(), valueLabels, description);
  }

  private static Set<String> internalOptions(JsonInput in) {
    Set<String> out = new java.util.HashSet<>();
    List<String> given = in.strings("exportInternalValuesOptions", 2, 10);
    for (int i = 0; i < given.size(); i++) {
      out.add(
          upper(given.get(i), "exportInternalValuesOptions[" + i + "]", Set.of("NAMES", "VALUES")));
    }
    return out;
  }

  /** CONTACT, CONTACTS, contacts or 0-1, and so on. */
  static HubSpotObject object(String given, String param) {
    String name = given.trim().toLowerCase(Locale.ROOT);
    String plural = name.endsWith("s") ? name : name + "s";
    if (plural.equals("companys")) {
      plural = "companies";
    }
    return HubSpotObject.fromPath(plural)
        .or(() -> HubSpotObject.fromPath(name))
        .orElseThrow(() ->
            LeadportException.invalid(
                param,
                param
                    + " must be CONTACT, COMPANY or DEAL (or 0-1, 0-2, 0-3); Leadport has no "
                    + given
                    + "."));
  }

  /**
   * The Leadport id of the list a LIST export names: by its ILS list id (a number, or a string of
   * digits, as HubSpot's clients send it) or by its Leadport id; a 404 when the workspace has none.
   */
  private String listId(JsonInput in) {
    JsonNode v = in.node().get("listId");
    if (v == null || v.isNull()) {
      throw LeadportException.invalid("listId", "listId is required for LIST exports.");
    }
    String given = v.isIntegralNumber() ? v.asText() : v.isTextual() ? v.textValue() : null;
    Optional<String> found;
    if (given != null && given.matches("[1-9][0-9]{0,17}")) {
      found = lists.byIlsId(Long.parseLong(given));
    } else if (given != null && given.startsWith("list_") && given.length() <= 100) {
      found = lists.byId(given);
    } else {
      throw LeadportException.invalid(
          "listId",
          "listId must be a list's ILS list id (its ils_id, such as 1234567) or its Leadport id"
              + " (\"list_…\").");
    }
    return found.orElseThrow(() ->
        new LeadportException(
            404, "list_not_found", "List " + given + " does not exist.", "listId"));
  }

  /**
   * The export's name as the file's name: the user's own characters, but no path separator or
   * control character. Download links and {@code Content-Disposition} encode the rest.
   */
  private static String name(JsonInput in, HubSpotObject object) {
    String given = in.string("exportName", MAX_NAME);
    String name = given == null ? "" : given.replaceAll("[\\p{Cntrl}/\\\\]", "_").trim();
    return name.isEmpty() ? object.pathName() + "-export" : name;
  }

  private static String required(JsonInput in, String key) {
    String v = in.string(key, 50);
    if (v == null) {
      throw LeadportException.invalid(key, key + " is required.");
    }
    return v;
  }

  private static String upper(String v, String param, Set<String> choices) {
    String u = v.trim().toUpperCase(Locale.ROOT);
    if (!choices.contains(u)) {
      throw LeadportException.invalid(
          param, param + " must be one of " + new TreeSet<>(choices) + ", was " + v + ".");
    }
    return u;
  }
}
