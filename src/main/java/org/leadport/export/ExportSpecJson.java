package org.leadport.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.leadport.export.column.ColumnSpec;
import org.leadport.export.column.DateFormat;
import org.leadport.export.column.ExportNaming;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.column.RowType;
import org.leadport.export.writer.ExportFormat;
import org.leadport.json.Json;
import org.leadport.query.ObjectKind;
import org.leadport.query.QueryJson;
import org.leadport.query.SortTerm;

/**
 * An async export's spec as stored with its job: everything but the sync-only segment, so a worker
 * on any node runs exactly what the request asked. Stateless.
 */
public final class ExportSpecJson {
  private ExportSpecJson() {}

  public static ObjectNode write(ExportSpec spec) {
    if (spec.segmentLimit() != null) {
      throw new IllegalArgumentException("segments of the sync export are never stored");
    }
    ObjectNode o = Json.object();
    o.put("workspace_id", spec.workspaceId());
    o.put("rows", spec.rows().name());
    o.put("format", spec.format().name());
    o.put("root", spec.root().name());
    o.set("query", QueryJson.write(spec.query()));
    o.put("include_deleted", spec.includeDeleted());
    ArrayNode sort = o.putArray("sort");
    for (SortTerm t : spec.sort()) {
      ObjectNode s = sort.addObject();
      s.set("field", QueryJson.writeField(t.field()));
      s.put("descending", t.descending());
    }
    o.put("results_limit", spec.resultsLimit());
    ExportOptions opt = spec.options();
    ObjectNode options = o.putObject("options");
    options.put("date_format", opt.dateFormat().name());
    if (opt.fields() != null) {
      ArrayNode fields = options.putArray("fields");
      opt.fields().forEach(fields::add);
    }
    options.put("activities", opt.activities());
    options.put("smart_fields", opt.smartFields());
    options.put("addresses", opt.addresses());
    options.put("custom_objects", opt.customObjects());
    options.put("bom", opt.bom());
    if (opt.flat()) {
      options.put("flat", true);
    }
    if (opt.nested()) {
      options.put("nested", true);
    }
    if (!opt.headers().isEmpty()) {
      ObjectNode headers = options.putObject("headers");
      new java.util.TreeMap<>(opt.headers()).forEach(headers::put);
    }
    if (opt.naming() != ExportNaming.NATIVE) {
      options.put("naming", opt.naming().name());
    }
    if (opt.columns() != null) {
      ArrayNode columns = options.putArray("columns");
      for (ColumnSpec c : opt.columns()) {
        ObjectNode col = columns.addObject();
        col.put("header", c.header());
        col.set("field", QueryJson.writeField(c.field()));
        col.put("scale", c.scale());
        ObjectNode labels = col.putObject("labels");
        new java.util.TreeMap<>(c.labels()).forEach(labels::put);
        if (c.description() != null) {
          col.put("description", c.description());
        }
      }
    }
    return o;
  }

  public static ExportSpec read(JsonNode o) {
    List<SortTerm> sort = new ArrayList<>();
    for (JsonNode s : o.get("sort")) {
      sort.add(
          new SortTerm(QueryJson.readField(s.get("field")), s.get("descending").booleanValue()));
    }
    JsonNode opt = o.get("options");
    List<String> fields = null;
    if (opt.hasNonNull("fields")) {
      fields = new ArrayList<>();
      for (JsonNode f : opt.get("fields")) {
        fields.add(f.asText());
      }
    }
    List<ColumnSpec> columns = null;
    if (opt.hasNonNull("columns")) {
      columns = new ArrayList<>();
      for (JsonNode c : opt.get("columns")) {
        java.util.Map<String, String> labels = new java.util.HashMap<>();
        c.get("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
        columns.add(
            new ColumnSpec(
                c.get("header").asText(),
                QueryJson.readField(c.get("field")),
                c.get("scale").intValue(),
                labels,
                // Absent in jobs stored before columns asked for by field had descriptions.
                c.hasNonNull("description") ? c.get("description").asText() : null));
      }
    }
    java.util.Map<String, String> headers = new java.util.HashMap<>();
    opt.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
    JsonNode limit = o.get("results_limit");
    return new ExportSpec(
        o.get("workspace_id").asText(),
        RowType.valueOf(o.get("rows").asText()),
        ExportFormat.valueOf(o.get("format").asText()),
        ObjectKind.valueOf(o.get("root").asText()),
        QueryJson.read(o.get("query")),
        o.get("include_deleted").booleanValue(),
        sort,
        limit == null || limit.isNull() ? null : limit.longValue(),
        null,
        null,
        ExportOptions.builder()
            .dateFormat(DateFormat.valueOf(opt.get("date_format").asText()))
            .fields(fields)
            .activities(opt.get("activities").booleanValue())
            .smartFields(opt.get("smart_fields").booleanValue())
            .addresses(opt.get("addresses").booleanValue())
            .customObjects(opt.get("custom_objects").booleanValue())
            .bom(opt.get("bom").booleanValue())
            .columns(columns)
            .flat(opt.path("flat").asBoolean(false))
            .nested(opt.path("nested").asBoolean(false))
            .headers(headers)
            .naming(ExportNaming.valueOf(opt.path("naming").asText(ExportNaming.NATIVE.name())))
            .build());
  }
}
