package org.leadport.export.column;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.leads.LeadJson;
import org.leadport.model.CustomField;

/**
 * Which of an export's columns or document fields show, and under which names: the options' naming
 * ({@link ExportNaming}), the fields asked for (checked, in the caller's order) and the headers
 * that replace column names. Stateless.
 */
public final class ColumnNames {
  private ColumnNames() {}

  /**
   * The columns under the options' naming, narrowed to {@code options.fields()} (in that order)
   * when given, with the options' headers.
   *
   * @throws LeadportException 400 naming the valid fields when a field is unknown
   */
  static List<ExportColumn> shown(
      List<ExportColumn> columns,
      ExportOptions options,
      List<CustomField> customFields,
      boolean tombstones) {
    return relabel(
        select(named(columns, options.naming(), customFields, tombstones), options.fields()),
        options.headers());
  }

  /**
   * The columns under {@code naming}: Close's names its timestamps {@code date_*}, has no {@code
   * deleted_at}, and keys custom fields by id ({@code custom.cf_…}) rather than by name.
   */
  private static List<ExportColumn> named(
      List<ExportColumn> columns,
      ExportNaming naming,
      List<CustomField> customFields,
      boolean tombstones) {
    if (naming == ExportNaming.NATIVE) {
      return columns;
    }
    Map<String, String> customIds = new HashMap<>();
    customFields.forEach(f -> customIds.put("custom." + f.name(), "custom." + f.id()));
    List<ExportColumn> out = new ArrayList<>(columns.size());
    for (ExportColumn c : columns) {
      if (!naming.shows(c.header(), tombstones)) {
        continue;
      }
      String header = customIds.getOrDefault(c.header(), naming.name(c.header()));
      out.add(c.renamed(header));
    }
    return out;
  }

  /** The columns with the headers of {@code headers} where it names them. */
  private static List<ExportColumn> relabel(
      List<ExportColumn> columns, Map<String, String> headers) {
    if (headers.isEmpty()) {
      return columns;
    }
    List<ExportColumn> out = new ArrayList<>(columns.size());
    for (ExportColumn c : columns) {
      String header = headers.get(c.header());
      out.add(header == null ? c : c.renamed(header));
    }
    return out;
  }

  private static List<ExportColumn> select(List<ExportColumn> all, @Nullable List<String> fields) {
    if (fields == null) {
      return all;
    }
    Map<String, ExportColumn> byName = new LinkedHashMap<>();
    all.forEach(c -> byName.put(c.header(), c));
    List<ExportColumn> out = new ArrayList<>(fields.size());
    for (int i = 0; i < fields.size(); i++) {
      ExportColumn c = byName.get(fields.get(i));
      if (c == null) {
        throw unknown(fields.get(i), i, byName.keySet());
      }
      out.add(c);
    }
    return out;
  }

  /**
   * Checks {@code options.fields()} against the top-level keys of a nested lead document: the
   * native lead JSON (under the options' naming: Close's also takes {@code custom.cf_…}),
   * activities only when included, plus the smart fields and custom objects when asked for.
   *
   * @throws LeadportException 400 naming the valid fields when a field is unknown
   */
  public static void checkDocumentFields(ExportOptions options, List<CustomField> customFields) {
    List<String> fields = options.fields();
    if (fields == null) {
      return;
    }
    Set<String> valid = new TreeSet<>();
    ExportNaming naming = options.naming();
    for (String key : LeadJson.FIELDS) {
      if (naming.shows(key)) {
        valid.add(naming.name(key));
      }
    }
    if (naming == ExportNaming.CLOSE) {
      customFields.forEach(f -> valid.add("custom." + f.id()));
    }
    if (!options.activities()) {
      valid.remove("activities");
    }
    if (options.smartFields()) {
      valid.addAll(SmartFields.NAMES);
    }
    if (options.customObjects()) {
      valid.add("custom_objects");
    }
    for (int i = 0; i < fields.size(); i++) {
      if (!valid.contains(fields.get(i))) {
        throw unknown(fields.get(i), i, valid);
      }
    }
  }

  private static LeadportException unknown(String field, int i, Collection<String> valid) {
    return LeadportException.invalid(
        "fields[" + i + "]",
        "Unknown field "
            + field
            + " in fields["
            + i
            + "]; valid fields are "
            + String.join(", ", valid)
            + ".");
  }
}
