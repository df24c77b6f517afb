package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The descriptions of HubSpot export columns (docs/schema.md): every standard property of every
 * object, the internal-values variants and the association columns are described in every language
 * of the Exports API, each language's own file has exactly the base's keys, and translations are
 * translations.
 */
class HubSpotDescriptionsTest {
  /** The Exports API's languages, as HubSpotLabelsTest writes them out. */
  private static final String LANGUAGES =
      "org.leadport.surface.hubspot.HubSpotLabelsTest#languages";

  private static final String TRANSLATIONS =
      "org.leadport.surface.hubspot.HubSpotLabelsTest#translations";

  private static final String RESOURCE = "org/leadport/surface/hubspot/descriptions";

  /** The properties whose internal values (VALUES) are not what their labels are. */
  private static final Set<String> VALUE_VARIANTS =
      Set.of(
          "companies.hs_lead_status.values",
          "contacts.hs_lead_status.values",
          "deals.dealstage.values");

  @ParameterizedTest
  @MethodSource(LANGUAGES)
  void everyKeyOfTheBaseIsInTheLanguagesOwnFileAndNonBlank(String code) {
    // No placeholders: a description is the same whatever the column is called.
    HubSpotBundleFiles.assertCompleteAndClean(RESOURCE, code, "{", "}");
  }

  @ParameterizedTest
  @MethodSource(LANGUAGES)
  void everyStandardPropertyHasADescription(String code) {
    Map<String, String> own = file(code);
    HubSpotDescriptions descriptions = HubSpotDescriptions.of(HubSpotLabels.of(code));
    for (HubSpotObject object : HubSpotObject.values()) {
      for (String property : HubSpotProperties.standard(object).keySet()) {
        String key = object.pathName() + "." + property;
        assertThat(own).as("%s has %s", code, key).containsKey(key);
        assertThat(descriptions.property(object, property, false))
            .as("%s %s", code, key)
            .isEqualTo(own.get(key));
        assertThat(descriptions.property(object, property, true))
            .as("%s %s with internal values", code, key)
            .isEqualTo(own.getOrDefault(key + HubSpotDescriptions.VALUES, own.get(key)));
      }
      for (boolean ids : new boolean[] {true, false}) {
        assertThat(descriptions.association(object, ids))
            .isEqualTo(own.get("assoc." + object.pathName() + (ids ? ".ids" : ".names")));
      }
    }
  }

  @Test
  void everyKeyIsAStandardPropertyAVariantOrAnAssociation() {
    Set<String> expected = new TreeSet<>(VALUE_VARIANTS);
    for (HubSpotObject object : HubSpotObject.values()) {
      HubSpotProperties.standard(object)
          .keySet()
          .forEach(p -> expected.add(object.pathName() + "." + p));
      expected.add("assoc." + object.pathName() + ".ids");
      expected.add("assoc." + object.pathName() + ".names");
    }
    assertThat(file("EN").keySet()).isEqualTo(expected);
  }

  @Test
  void aCustomFieldHasNoDescriptionOfItsOwn() {
    // Described from its definition by the schema (ExportSchema), in every language.
    assertThat(
            HubSpotDescriptions.of(HubSpotLabels.of("EN"))
                .property(HubSpotObject.COMPANIES, "seats", false))
        .isNull();
  }

  @ParameterizedTest
  @MethodSource(LANGUAGES)
  void aVariantDiffersFromThePropertysOwnDescription(String code) {
    Map<String, String> own = file(code);
    for (String key : VALUE_VARIANTS) {
      String property = key.substring(0, key.length() - HubSpotDescriptions.VALUES.length());
      assertThat(own.get(key)).as("%s %s", code, key).isNotEqualTo(own.get(property));
    }
  }

  @ParameterizedTest
  @MethodSource(TRANSLATIONS)
  void aTranslationDiffersFromEnglishEverywhere(String code) {
    Set<String> same = HubSpotBundleFiles.sameAsEnglish(RESOURCE, code);
    assertThat(same).as("%s descriptions equal to English", code).isEmpty();
  }

  @ParameterizedTest
  @MethodSource(LANGUAGES)
  void theLoadedLanguageIsTheFile(String code) {
    // Past the cache, and without falling back to English for a missing language.
    assertThat(HubSpotDescriptions.load(code).texts()).isEqualTo(file(code));
  }

  private static Map<String, String> file(String code) {
    return HubSpotBundleFiles.read(RESOURCE, code);
  }
}
