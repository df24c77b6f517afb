package org.leadport.surface.hubspot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.export.column.LabelBundle;

/**
 * The labels of a HubSpot CRM export file in one of the languages of the Exports API's {@code
 * language} parameter: the header of each standard property, the labels of enumeration values, and
 * the headers of the associated-object columns.
 *
 * <p>The texts live in the resource bundle {@code org/leadport/surface/hubspot/labels*.properties}
 * (English is the base bundle; its head comment documents the keys). Bundles are read by {@link
 * LabelBundle}: strict UTF-8, never falling back to the JVM's default locale, so {@code EN} is
 * English on a German JVM too. Each language is loaded once, when the class is initialised, into an
 * unmodifiable map: instances are immutable and safe to share between threads.
 *
 * <p>Only labels are this class's concern: {@code exportInternalValuesOptions} ({@code NAMES},
 * {@code VALUES}) is the caller's, which then simply does not ask for a label.
 */
final class HubSpotLabels {
  /** The enumeration of an opportunity's status type: {@code active}, {@code won}, {@code lost}. */
  static final String STATUS_TYPE = "status_type";

  /**
   * The enumeration of an opportunity's value period: {@code one_time}, {@code monthly}, {@code
   * annual}.
   */
  static final String VALUE_PERIOD = "value_period";

  /** The values of bool properties: {@code true}, {@code false}. */
  static final String BOOL = "bool";

  /** The codes the Exports API's {@code language} takes, in the order error messages list them. */
  static final List<String> LANGUAGES =
      List.of("DE", "EN", "ES", "FI", "FR", "IT", "JA", "NL", "PL", "PT", "SV");

  /** The base name of the resource bundle. */
  static final String BUNDLE = "org.leadport.surface.hubspot.labels";

  private static final Pattern CODE = Pattern.compile("[A-Za-z]{2}");

  /**
   * Codes that HubSpot's official clients send for a language of {@link #LANGUAGES}: the {@code
   * language} enum of {@code @hubspot/api-client} has {@code PT_BR}, not the seed's {@code PT}.
   */
  private static final Map<String, String> ALIASES = Map.of("PT_BR", "PT");

  private static final Map<String, HubSpotLabels> ALL = loadAll();

  private final String language;
  private final Locale locale;
  private final Map<String, String> labels;

  private HubSpotLabels(String language, Locale locale, Map<String, String> labels) {
    this.language = language;
    this.locale = locale;
    this.labels = labels;
  }

  /**
   * The labels of {@code language}, one of {@link #LANGUAGES} in any case ({@code de}, {@code DE},
   * {@code De}).
   *
   * @throws LeadportException a 400 {@code invalid_parameter} on {@code language} for anything
   *     else, null included
   */
  static HubSpotLabels of(String language) {
    // ASCII letters only: "fı" (dotless i) upper-cases to "FI" but is no language code.
    String code =
        language == null || !language.matches("[A-Za-z_]{1,10}")
            ? language
            : ALIASES.getOrDefault(language.toUpperCase(Locale.ROOT), language);
    HubSpotLabels labels =
        code == null || !CODE.matcher(code).matches()
            ? null
            : ALL.get(code.toUpperCase(Locale.ROOT));
    if (labels == null) {
      throw LeadportException.invalid(
          "language", "language must be one of " + String.join(", ", LANGUAGES) + ".");
    }
    return labels;
  }

  /** The language code, upper case: {@code DE}, {@code EN}, ... */
  String language() {
    return language;
  }

  /** The locale of the language, without a country: {@code de}, {@code en}, {@code ja}, ... */
  Locale locale() {
    return locale;
  }

  /**
   * The header of {@code property} of {@code object}. A standard property has its label in every
   * language; anything else (a custom field, an unknown name) is its own name, in every language.
   */
  String header(HubSpotObject object, String property) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(property, "property");
    return labels.getOrDefault(object.pathName() + "." + property, property);
  }

  /**
   * The label of {@code internalValue} of {@code enumeration} ({@link #STATUS_TYPE}, {@link
   * #VALUE_PERIOD}, {@link #BOOL}): {@code value(STATUS_TYPE, "won")} is "Closed won" in English. A
   * value or enumeration without a label is returned as it is; null stays null.
   */
  @Nullable String value(String enumeration, @Nullable String internalValue) {
    Objects.requireNonNull(enumeration, "enumeration");
    if (internalValue == null) {
      return null;
    }
    return labels.getOrDefault("enum." + enumeration + "." + internalValue, internalValue);
  }

  /**
   * The header of the column of associated {@code associated} records that an export adds: their
   * record IDs ({@code ids}, "Associated Company IDs") or their names ("Associated Company").
   */
  String associationHeader(HubSpotObject associated, boolean ids) {
    Objects.requireNonNull(associated, "associated");
    // Every bundle (labels*.properties) names both columns of every object.
    return Objects.requireNonNull(
        labels.get("assoc." + associated.pathName() + (ids ? ".ids" : ".names")));
  }

  @Override
  public String toString() {
    return "HubSpotLabels[" + language + "]";
  }

  private static Map<String, HubSpotLabels> loadAll() {
    Map<String, HubSpotLabels> all = new LinkedHashMap<>();
    for (String code : LANGUAGES) {
      all.put(code, load(code));
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * Reads the labels of {@code code} (one of {@link #LANGUAGES}) from the bundle, past the class's
   * own cache; {@link #of} is the way in, this is for tests. Fails when the language's own bundle
   * is missing rather than giving English in its stead.
   */
  static HubSpotLabels load(String code) {
    Locale locale = Locale.of(code.toLowerCase(Locale.ROOT));
    return new HubSpotLabels(
        code,
        locale,
        LabelBundle.load(BUNDLE, locale.getLanguage(), "en", HubSpotLabels.class.getClassLoader()));
  }
}
