package org.leadport.export.column;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;

/**
 * Column headers of the documented column sets ({@link ExportColumns}) in eleven languages, from
 * the resource bundle {@code org/leadport/export/labels*.properties} (English is the base bundle;
 * its head comment documents the keys). Each language is loaded once; instances are immutable.
 */
public final class ExportLabels {
  /** The language codes, in the order lists show them. */
  public static final List<String> LANGUAGES =
      List.of("de", "en", "es", "fi", "fr", "it", "ja", "nl", "pl", "pt", "sv");

  /** The base name of the resource bundle. */
  static final String BUNDLE = "org.leadport.export.labels";

  private static final String CUSTOM = "custom.";

  private static final Map<String, ExportLabels> ALL = loadAll();

  private final String language;
  private final Map<String, String> labels;

  private ExportLabels(String language, Map<String, String> labels) {
    this.language = language;
    this.labels = labels;
  }

  /** The labels of {@code language}, one of {@link #LANGUAGES}, or empty for anything else. */
  public static Optional<ExportLabels> of(@Nullable String language) {
    return Optional.ofNullable(language == null ? null : ALL.get(language));
  }

  /**
   * The labels of {@code word}, a request's {@code param}.
   *
   * @throws LeadportException 400 naming the languages when {@code word} is none of them
   */
  public static ExportLabels required(String param, String word) {
    return of(word)
        .orElseThrow(() ->
            LeadportException.invalid(
                param, param + " must be one of " + String.join(", ", LANGUAGES) + "."));
  }

  /**
   * The language a stored request's {@code language} names in either case (HubSpot's are upper
   * case), or English when it names none: the language of an export job's labels and descriptions.
   */
  public static String languageOf(@Nullable String word) {
    return word == null
        ? "en"
        : of(word.toLowerCase(Locale.ROOT)).map(l -> l.language).orElse("en");
  }

  /** English, the labels of the options a client shows. */
  public static ExportLabels english() {
    return Objects.requireNonNull(ALL.get("en"), "en");
  }

  public String language() {
    return language;
  }

  /** The language's name in itself: {@code Deutsch}, {@code English}, ... */
  public String name() {
    return Objects.requireNonNull(labels.get("language.name"), "language.name");
  }

  /**
   * The header of {@code column} of {@code rows}: its label, a custom field's own name ({@code
   * custom.Industry} is {@code Industry}), or the column's name when it has no label.
   */
  public String header(RowType rows, String column) {
    Objects.requireNonNull(column, "column");
    if (column.startsWith(CUSTOM)) {
      return column.substring(CUSTOM.length());
    }
    return labels.getOrDefault(key(rows, column), column);
  }

  /**
   * The headers of {@code columns} of {@code rows} by column name; a label some earlier column
   * already has (a custom field named like a standard label) keeps its column's name instead, so
   * headers stay distinct.
   */
  public Map<String, String> headers(RowType rows, List<String> columns) {
    Map<String, String> out = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (String c : columns) {
      String header = header(rows, c);
      out.put(c, taken.add(header) ? header : c);
      taken.add(c);
    }
    return out;
  }

  /** Whether {@code column} of {@code rows} has a label of its own (tests check coverage). */
  boolean has(RowType rows, String column) {
    return labels.containsKey(key(rows, column));
  }

  /** Every key of this language's bundle (tests compare languages). */
  Set<String> keys() {
    return labels.keySet();
  }

  private static String key(RowType rows, String column) {
    return rows.name().toLowerCase(Locale.ROOT) + "." + column;
  }

  private static Map<String, ExportLabels> loadAll() {
    Map<String, ExportLabels> all = new LinkedHashMap<>();
    for (String code : LANGUAGES) {
      all.put(
          code,
          new ExportLabels(
              code, LabelBundle.load(BUNDLE, code, "en", ExportLabels.class.getClassLoader())));
    }
    return Collections.unmodifiableMap(all);
  }
}
