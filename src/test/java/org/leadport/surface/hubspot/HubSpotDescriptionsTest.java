package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
  private static final List<String> CODES =
      List.of("DE", "EN", "ES", "FI", "FR", "IT", "JA", "NL", "PL", "PT", "SV");

  private static final String RESOURCE = "org/leadport/surface/hubspot/descriptions";

  /** The properties whose internal values (VALUES) are not what their labels are. */
  private static final Set<String> VALUE_VARIANTS =
      Set.of(
          "companies.hs_lead_status.values",
          "contacts.hs_lead_status.values",
          "deals.dealstage.values");

  static List<String> languages() {
    return CODES;
  }

  static List<String> translations() {
    return CODES.stream().filter(c -> !c.equals("EN")).toList();
  }

  @Test
  void languagesAreTheLabels() {
    assertThat(HubSpotLabels.LANGUAGES).isEqualTo(CODES);
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyKeyOfTheBaseIsInTheLanguagesOwnFileAndNonBlank(String code) {
    Map<String, String> base = file("EN");
    Map<String, String> own = file(code);
    // The language's own file, not its bundle: a bundle would find missing keys in the base.
    assertThat(own.keySet()).isEqualTo(base.keySet());
    own.forEach((key, text) ->
        assertThat(text)
            .as("%s %s", code, key)
            .isNotBlank()
            .isEqualTo(text.strip())
            .doesNotContain("\uFFFD", "Ã", "\\u", "{", "}"));
  }

  @ParameterizedTest
  @MethodSource("languages")
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
  @MethodSource("languages")
  void aVariantDiffersFromThePropertysOwnDescription(String code) {
    Map<String, String> own = file(code);
    for (String key : VALUE_VARIANTS) {
      String property = key.substring(0, key.length() - HubSpotDescriptions.VALUES.length());
      assertThat(own.get(key)).as("%s %s", code, key).isNotEqualTo(own.get(property));
    }
  }

  @ParameterizedTest
  @MethodSource("translations")
  void aTranslationDiffersFromEnglishEverywhere(String code) {
    Map<String, String> english = file("EN");
    Map<String, String> own = file(code);
    Set<String> same =
        own.keySet().stream()
            .filter(k -> own.get(k).equals(english.get(k)))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(same).as("%s descriptions equal to English", code).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("languages")
  void theLoadedLanguageIsTheFile(String code) {
    // Past the cache, and without falling back to English for a missing language.
    assertThat(HubSpotDescriptions.load(code).texts()).isEqualTo(file(code));
  }

  private static Map<String, String> file(String code) {
    String name =
        RESOURCE + (code.equals("EN") ? "" : "_" + code.toLowerCase(Locale.ROOT)) + ".properties";
    Properties p = new Properties();
    try (InputStream in = HubSpotDescriptionsTest.class.getClassLoader().getResourceAsStream(name);
        Reader r =
            new InputStreamReader(
                java.util.Objects.requireNonNull(in, name),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
