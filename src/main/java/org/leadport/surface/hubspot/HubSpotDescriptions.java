package org.leadport.surface.hubspot;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.LabelBundle;

/**
 * What each column of a HubSpot CRM export holds, in one of the languages of the Exports API's
 * {@code language} parameter: the descriptions of the export's column schema (docs/schema.md). The
 * export's request chooses them, as it chooses its headers ({@link HubSpotLabels}), and they are
 * stored with the task, so a task's schema reads the same however long it waits.
 *
 * <p>The texts live in the resource bundle {@code
 * org/leadport/surface/hubspot/descriptions*.properties} (English is the base bundle; its head
 * comment documents the keys), read by {@link LabelBundle} once per language when the class is
 * initialised. Instances are immutable and safe to share between threads.
 */
final class HubSpotDescriptions {
  /** The base name of the resource bundle. */
  static final String BUNDLE = "org.leadport.surface.hubspot.descriptions";

  /** The key suffix of a property's description when it is exported with its internal values. */
  static final String VALUES = ".values";

  private static final Map<String, HubSpotDescriptions> ALL = loadAll();

  private final Map<String, String> texts;

  private HubSpotDescriptions(Map<String, String> texts) {
    this.texts = texts;
  }

  /** The descriptions in the language of {@code labels}, which has checked the code. */
  static HubSpotDescriptions of(HubSpotLabels labels) {
    // Every language of HubSpotLabels.LANGUAGES is loaded.
    return Objects.requireNonNull(ALL.get(labels.language()));
  }

  /**
   * The description of the standard property {@code property} of {@code object}, or null for any
   * other (a custom field, which is described from its definition).
   *
   * @param internalValues whether the column holds internal values ({@code
   *     exportInternalValuesOptions} {@code VALUES}); a property whose values then differ from its
   *     labels has a description of its own for them
   */
  @Nullable String property(HubSpotObject object, String property, boolean internalValues) {
    Objects.requireNonNull(object, "object");
    Objects.requireNonNull(property, "property");
    String key = object.pathName() + "." + property;
    if (internalValues && texts.containsKey(key + VALUES)) {
      return texts.get(key + VALUES);
    }
    return texts.get(key);
  }

  /**
   * The description of the column of associated {@code associated} records that an export adds:
   * their record IDs ({@code ids}) or their names.
   */
  String association(HubSpotObject associated, boolean ids) {
    Objects.requireNonNull(associated, "associated");
    // Every bundle (descriptions*.properties) describes both columns of every object.
    return Objects.requireNonNull(
        texts.get("assoc." + associated.pathName() + (ids ? ".ids" : ".names")));
  }

  private static Map<String, HubSpotDescriptions> loadAll() {
    Map<String, HubSpotDescriptions> all = new LinkedHashMap<>();
    for (String code : HubSpotLabels.LANGUAGES) {
      all.put(code, load(code));
    }
    return Collections.unmodifiableMap(all);
  }

  /**
   * Reads the descriptions of {@code code} (one of {@link HubSpotLabels#LANGUAGES}) from the
   * bundle, past the class's own cache: for tests. Fails when the language's own bundle is missing
   * rather than giving English in its stead.
   */
  static HubSpotDescriptions load(String code) {
    return new HubSpotDescriptions(
        LabelBundle.load(
            BUNDLE,
            code.toLowerCase(Locale.ROOT),
            "en",
            HubSpotDescriptions.class.getClassLoader()));
  }

  /** Every key and text, for tests. */
  Map<String, String> texts() {
    return texts;
  }
}
