package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.LeadportException;

class HubSpotLabelsTest {
  /**
   * The Exports API's {@code language} codes, written out here rather than taken from the class.
   */
  private static final List<String> CODES =
      List.of("DE", "EN", "ES", "FI", "FR", "IT", "JA", "NL", "PL", "PT", "SV");

  private static final String RESOURCE = "org/leadport/surface/hubspot/labels";

  /**
   * The labels each language shares with English, on purpose: the same word is the right one. Any
   * other label equal to English is a missed translation.
   */
  private static final Map<String, Set<String>> SAME_AS_ENGLISH =
      Map.of(
          "DE", Set.of("contacts.name", "companies.medium", "deals.pipeline"), // Name, Medium
          "ES", Set.of("enum.bool.false"), // No
          "FI", Set.of(),
          "FR", Set.of("companies.description", "companies.source"), // Description, Source
          "IT", Set.of("enum.bool.false"), // No
          "JA", Set.of(),
          "NL", Set.of("companies.medium", "enum.status_type.active"), // Medium, Open
          "PL", Set.of("companies.medium"), // Medium
          "PT", Set.of(),
          "SV", Set.of("companies.medium", "deals.pipeline")); // Medium, Pipeline

  /** At least this share of a translation's labels differs from English. */
  private static final double MIN_TRANSLATED = 0.9;

  /** Properties that are aliases of one Leadport field, and so share a label. */
  private static final Map<HubSpotObject, Set<Set<String>>> ALIASES =
      Map.of(
          HubSpotObject.COMPANIES,
          Set.of(),
          HubSpotObject.CONTACTS,
          Set.of(
              Set.of("lastmodifieddate", "hs_lastmodifieddate"),
              Set.of("associatedcompanyid", "associations.company")),
          HubSpotObject.DEALS,
          Set.of(Set.of("associatedcompanyid", "associations.company")));

  static List<String> languages() {
    return CODES;
  }

  static List<String> translations() {
    return CODES.stream().filter(c -> !c.equals("EN")).toList();
  }

  @Test
  void languagesAreTheExportApis() {
    assertThat(HubSpotLabels.LANGUAGES).isEqualTo(CODES);
  }

  // ---- completeness ----

  @ParameterizedTest
  @MethodSource("languages")
  void everyKeyOfTheBaseIsInTheLanguagesOwnFileAndNonBlank(String code) {
    HubSpotBundleFiles.assertCompleteAndClean(RESOURCE, code);
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyStandardPropertyHasALabel(String code) {
    Map<String, String> own = file(code);
    HubSpotLabels labels = HubSpotLabels.of(code);
    for (HubSpotObject object : HubSpotObject.values()) {
      for (String property : HubSpotProperties.standard(object).keySet()) {
        String key = object.pathName() + "." + property;
        assertThat(own).as("%s has %s", code, key).containsKey(key);
        assertThat(labels.header(object, property)).as("%s %s", code, key).isEqualTo(own.get(key));
      }
    }
  }

  @Test
  void everyPropertyKeyIsAStandardProperty() {
    // No stale keys: a key for a property that no longer exists would shadow a custom field.
    for (String key : file("EN").keySet()) {
      if (key.startsWith("enum.") || key.startsWith("assoc.")) {
        continue;
      }
      int dot = key.indexOf('.');
      HubSpotObject object = HubSpotObject.fromPath(key.substring(0, dot)).orElseThrow();
      assertThat(HubSpotProperties.standard(object)).as(key).containsKey(key.substring(dot + 1));
    }
  }

  @Test
  void enumerationsAndAssociationsHaveTheirKeys() {
    Set<String> keys = new TreeSet<>(file("EN").keySet());
    assertThat(keys.stream().filter(k -> k.startsWith("enum.")))
        .containsExactlyInAnyOrder(
            "enum.status_type.active",
            "enum.status_type.won",
            "enum.status_type.lost",
            "enum.value_period.one_time",
            "enum.value_period.monthly",
            "enum.value_period.annual",
            "enum.bool.true",
            "enum.bool.false");
    assertThat(keys.stream().filter(k -> k.startsWith("assoc.")))
        .containsExactlyInAnyOrder(
            "assoc.companies.ids",
            "assoc.companies.names",
            "assoc.contacts.ids",
            "assoc.contacts.names",
            "assoc.deals.ids",
            "assoc.deals.names");
  }

  @ParameterizedTest
  @MethodSource("languages")
  void theApiAnswersEveryLabelOfTheFile(String code) {
    HubSpotLabels labels = HubSpotLabels.of(code);
    file(code)
        .forEach((key, label) -> {
          String[] part = key.split("\\.", 2);
          String answer;
          if (part[0].equals("enum")) {
            String[] e = part[1].split("\\.", 2);
            answer = labels.value(e[0], e[1]);
          } else if (part[0].equals("assoc")) {
            String[] a = part[1].split("\\.", 2);
            answer =
                labels.associationHeader(
                    HubSpotObject.fromPath(a[0]).orElseThrow(), a[1].equals("ids"));
          } else {
            answer = labels.header(HubSpotObject.fromPath(part[0]).orElseThrow(), part[1]);
          }
          assertThat(answer).as("%s %s", code, key).isEqualTo(label);
        });
  }

  // ---- translations are translations ----

  @ParameterizedTest
  @MethodSource("translations")
  void aTranslationDiffersFromEnglishSaveListedWords(String code) {
    Map<String, String> own = file(code);
    Set<String> same = HubSpotBundleFiles.sameAsEnglish(RESOURCE, code);
    assertThat(same).as("%s labels equal to English", code).isEqualTo(SAME_AS_ENGLISH.get(code));
    assertThat(1.0 - (double) same.size() / own.size())
        .as("%s share of translated labels", code)
        .isGreaterThanOrEqualTo(MIN_TRANSLATED);
  }

  @ParameterizedTest
  @MethodSource("languages")
  void headersOfAnObjectAreDistinctSaveAliases(String code) {
    HubSpotLabels labels = HubSpotLabels.of(code);
    Set<String> assoc = new TreeSet<>();
    for (HubSpotObject o : HubSpotObject.values()) {
      assoc.add(labels.associationHeader(o, true));
      assoc.add(labels.associationHeader(o, false));
    }
    assertThat(assoc).as("%s association headers", code).hasSize(6);
    for (HubSpotObject object : HubSpotObject.values()) {
      Map<String, Set<String>> byLabel = new TreeMap<>();
      for (String property : HubSpotProperties.standard(object).keySet()) {
        byLabel
            .computeIfAbsent(labels.header(object, property), l -> new TreeSet<>())
            .add(property);
      }
      Set<Set<String>> shared =
          byLabel.values().stream().filter(s -> s.size() > 1).collect(Collectors.toSet());
      assertThat(shared).as("%s %s shared labels", code, object).isEqualTo(ALIASES.get(object));
      // An export of this object with an association must not repeat a header either.
      assertThat(byLabel.keySet())
          .as("%s %s vs associations", code, object)
          .doesNotContainAnyElementsOf(assoc);
    }
  }

  @ParameterizedTest
  @MethodSource("languages")
  void valuesOfAnEnumerationAreDistinct(String code) {
    HubSpotLabels labels = HubSpotLabels.of(code);
    assertThat(
            List.of(
                labels.value(HubSpotLabels.STATUS_TYPE, "active"),
                labels.value(HubSpotLabels.STATUS_TYPE, "won"),
                labels.value(HubSpotLabels.STATUS_TYPE, "lost")))
        .doesNotHaveDuplicates();
    assertThat(
            List.of(
                labels.value(HubSpotLabels.VALUE_PERIOD, "one_time"),
                labels.value(HubSpotLabels.VALUE_PERIOD, "monthly"),
                labels.value(HubSpotLabels.VALUE_PERIOD, "annual")))
        .doesNotHaveDuplicates();
    assertThat(labels.value(HubSpotLabels.BOOL, "true"))
        .isNotEqualTo(labels.value(HubSpotLabels.BOOL, "false"));
  }

  @Test
  void japaneseIsInJapaneseScript() {
    file("JA")
        .forEach((key, label) ->
            assertThat(label.codePoints().anyMatch(HubSpotLabelsTest::japanese))
                .as("JA %s: %s", key, label)
                .isTrue());
  }

  private static boolean japanese(int cp) {
    Character.UnicodeScript s = Character.UnicodeScript.of(cp);
    return s == Character.UnicodeScript.HIRAGANA
        || s == Character.UnicodeScript.KATAKANA
        || s == Character.UnicodeScript.HAN;
  }

  // ---- exact labels ----

  @ParameterizedTest(name = "{0} {1} {2}.{3} = {4}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
          EN | header | companies | hs_object_id              | Record ID
          EN | header | companies | name                      | Company name
          EN | header | companies | domain                    | Company Domain Name
          EN | header | companies | website                   | Website URL
          EN | header | companies | description               | Description
          EN | header | companies | hs_lead_status            | Lead Status
          EN | header | companies | createdate                | Create Date
          EN | header | companies | hs_lastmodifieddate       | Last Modified Date
          EN | header | contacts  | name                      | Name
          EN | header | contacts  | email                     | Email
          EN | header | contacts  | phone                     | Phone Number
          EN | header | contacts  | jobtitle                  | Job Title
          EN | header | contacts  | company                   | Company Name
          EN | header | contacts  | lastmodifieddate          | Last Modified Date
          EN | header | deals     | dealname                  | Deal Name
          EN | header | deals     | amount                    | Amount
          EN | header | deals     | closedate                 | Close Date
          EN | header | deals     | dealstage                 | Deal Stage
          EN | header | deals     | hs_is_closed              | Is Deal Closed?
          EN | value  | status_type | active                  | Open
          EN | value  | status_type | won                     | Closed won
          EN | value  | status_type | lost                    | Closed lost
          EN | value  | value_period | one_time               | One-time
          EN | value  | bool      | true                      | Yes
          EN | value  | bool      | false                     | No
          EN | assoc  | companies | ids                       | Associated Company IDs
          EN | assoc  | companies | names                     | Associated Company
          EN | assoc  | contacts  | ids                       | Associated Contact IDs
          EN | assoc  | contacts  | names                     | Associated Contacts
          EN | assoc  | deals     | ids                       | Associated Deal IDs
          EN | assoc  | deals     | names                     | Associated Deals
          DE | header | companies | createdate                | Erstellungsdatum
          DE | header | deals     | dealstage                 | Deal-Phase
          DE | header | contacts  | hs_additional_emails      | Zusätzliche E-Mail-Adressen
          DE | value  | status_type | won                     | Abgeschlossen und gewonnen
          DE | value  | bool      | false                     | Nein
          DE | assoc  | companies | ids                       | Zugeordnete Unternehmens-IDs
          ES | header | deals     | dealname                  | Nombre del negocio
          ES | header | deals     | hs_is_closed              | ¿El negocio está cerrado?
          ES | value  | status_type | lost                    | Cerrado perdido
          ES | assoc  | contacts  | names                     | Contactos asociados
          FI | header | companies | hs_lastmodifieddate       | Viimeisimmän muokkauksen päivämäärä
          FI | header | contacts  | jobtitle                  | Tehtävänimike
          FI | value  | bool      | true                      | Kyllä
          FI | assoc  | deals     | names                     | Liitetyt kaupat
          FR | header | companies | name                      | Nom de l'entreprise
          FR | header | deals     | amount                    | Montant
          FR | value  | status_type | won                     | Fermée gagnée
          FR | assoc  | deals     | ids                       | ID des transactions associées
          IT | header | deals     | hs_deal_stage_probability | Probabilità della trattativa
          IT | header | contacts  | phone                     | Numero di telefono
          IT | value  | value_period | one_time               | Una tantum
          IT | assoc  | companies | names                     | Azienda associata
          JA | header | companies | createdate                | 作成日
          JA | header | deals     | dealname                  | 取引名
          JA | header | contacts  | email                     | Eメール
          JA | value  | status_type | won                     | 成約
          JA | value  | status_type | lost                    | 失注
          JA | value  | bool      | true                      | はい
          JA | assoc  | contacts  | ids                       | 関連付けられたコンタクトのID
          NL | header | contacts  | jobtitle                  | Functietitel
          NL | header | deals     | closedate                 | Sluitingsdatum
          NL | value  | bool      | false                     | Nee
          NL | assoc  | deals     | names                     | Gekoppelde deals
          PL | header | deals     | hs_deal_stage_probability | Prawdopodobieństwo transakcji
          PL | header | contacts  | name                      | Imię i nazwisko
          PL | value  | value_period | monthly                | Miesięcznie
          PL | assoc  | companies | ids                       | Identyfikatory powiązanych firm
          PT | header | deals     | closedate                 | Data de fechamento
          PT | header | companies | medium                    | Mídia
          PT | value  | bool      | false                     | Não
          PT | assoc  | contacts  | names                     | Contatos associados
          SV | header | companies | createdate                | Skapandedatum
          SV | header | contacts  | email                     | E-post
          SV | value  | status_type | active                  | Öppen
          SV | assoc  | companies | ids                       | Associerade företags-ID:n
          """)
  void spotChecks(String code, String kind, String first, String second, String expected) {
    HubSpotLabels labels = HubSpotLabels.of(code);
    String actual =
        switch (kind) {
          case "header" -> labels.header(HubSpotObject.fromPath(first).orElseThrow(), second);
          case "value" -> labels.value(first, second);
          case "assoc" ->
              labels.associationHeader(
                  HubSpotObject.fromPath(first).orElseThrow(), second.equals("ids"));
          default -> throw new IllegalArgumentException(kind);
        };
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void nonAsciiLabelsRoundTripExactly() throws IOException {
    // Escapes, so the check does not lean on the encoding this test file is compiled with.
    Map<String, String[]> expected =
        Map.of(
            "DE",
                new String[] {"contacts.hs_additional_emails", "Zus\u00e4tzliche E-Mail-Adressen"},
            "JA", new String[] {"companies.createdate", "\u4f5c\u6210\u65e5"},
            "PL",
                new String[] {
                  "deals.hs_deal_stage_probability", "Prawdopodobie\u0144stwo transakcji"
                },
            "SV", new String[] {"enum.status_type.active", "\u00d6ppen"});
    for (Map.Entry<String, String[]> e : expected.entrySet()) {
      String code = e.getKey();
      String key = e.getValue()[0];
      String label = e.getValue()[1];
      HubSpotLabels labels = HubSpotLabels.of(code);
      String[] part = key.split("\\.", 3);
      String answer =
          part[0].equals("enum")
              ? labels.value(part[1], part[2])
              : labels.header(
                  HubSpotObject.fromPath(part[0]).orElseThrow(),
                  key.substring(part[0].length() + 1));
      assertThat(answer).as(code).isEqualTo(label);
      // And the file holds the text as UTF-8 bytes, not \\u escapes nor Latin-1.
      assertThat(new String(bytes(code), StandardCharsets.UTF_8))
          .as(code)
          .contains(key + "=" + label + "\n");
    }
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyFileIsStrictUtf8(String code) {
    byte[] b = bytes(code);
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
    } catch (CharacterCodingException e) {
      throw new AssertionError(code + " is not UTF-8", e);
    }
    assertThat(
            b.length >= 3
                && (b[0] & 0xFF) == 0xEF
                && (b[1] & 0xFF) == 0xBB
                && (b[2] & 0xFF) == 0xBF)
        .as("%s starts with a byte order mark", code)
        .isFalse();
  }

  // ---- codes ----

  @ParameterizedTest
  @ValueSource(strings = {"de", "DE", "De", "dE"})
  void codesAreCaseInsensitive(String code) {
    assertThat(HubSpotLabels.of(code)).isSameAs(HubSpotLabels.of("DE"));
    assertThat(HubSpotLabels.of(code).language()).isEqualTo("DE");
  }

  @ParameterizedTest
  @MethodSource("languages")
  void everyCodeInLowerCase(String code) {
    HubSpotLabels labels = HubSpotLabels.of(code.toLowerCase(Locale.ROOT));
    assertThat(labels.language()).isEqualTo(code);
    assertThat(labels.locale()).isEqualTo(Locale.of(code.toLowerCase(Locale.ROOT)));
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "XX", "E", "ENG", "en-US", "en_US", "English", " de", "de ", "fı"})
  void otherLanguagesAre400(String code) {
    assertThatThrownBy(() -> HubSpotLabels.of(code))
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_parameter");
              assertThat(e.param()).isEqualTo("language");
              assertThat(e.getMessage())
                  .isEqualTo("language must be one of DE, EN, ES, FI, FR, IT, JA, NL, PL, PT, SV.");
            });
  }

  // ---- fallbacks ----

  @ParameterizedTest
  @MethodSource("languages")
  void unknownNamesAndValuesAreThemselves(String code) {
    HubSpotLabels labels = HubSpotLabels.of(code);
    assertThat(labels.header(HubSpotObject.COMPANIES, "Contract Renewal"))
        .isEqualTo("Contract Renewal");
    assertThat(labels.header(HubSpotObject.COMPANIES, "cf_8a1b")).isEqualTo("cf_8a1b");
    // A name standard on one object type only is not labelled on another.
    assertThat(labels.header(HubSpotObject.CONTACTS, "domain")).isEqualTo("domain");
    assertThat(labels.header(HubSpotObject.COMPANIES, "dealname")).isEqualTo("dealname");
    assertThat(labels.value(HubSpotLabels.STATUS_TYPE, "paused")).isEqualTo("paused");
    assertThat(labels.value("priority", "won")).isEqualTo("won");
    assertThat(labels.value(HubSpotLabels.BOOL, "TRUE")).isEqualTo("TRUE");
    assertThat(labels.value(HubSpotLabels.BOOL, null)).isNull();
  }

  // ---- the JVM's default locale ----

  @Test
  void aGermanJvmStillGivesEnglishForEn() {
    Locale saved = Locale.getDefault();
    ClassLoader loader = HubSpotLabels.class.getClassLoader();
    try {
      Locale.setDefault(Locale.GERMANY);
      ResourceBundle.clearCache(loader);
      // The trap: the default Control falls back to the default locale's bundle for English.
      assertThat(ResourceBundle.getBundle(HubSpotLabels.BUNDLE, Locale.ENGLISH, loader).getLocale())
          .isEqualTo(Locale.GERMAN);

      ResourceBundle.clearCache(loader);
      HubSpotLabels fresh = HubSpotLabels.load("EN");
      assertThat(fresh.header(HubSpotObject.COMPANIES, "createdate")).isEqualTo("Create Date");
      assertThat(fresh.value(HubSpotLabels.BOOL, "true")).isEqualTo("Yes");
      assertThat(fresh.locale()).isEqualTo(Locale.ENGLISH);
      assertThat(HubSpotLabels.of("en").header(HubSpotObject.DEALS, "dealstage"))
          .isEqualTo("Deal Stage");
      assertThat(HubSpotLabels.load("FR").header(HubSpotObject.DEALS, "amount"))
          .isEqualTo("Montant");
    } finally {
      Locale.setDefault(saved);
      ResourceBundle.clearCache(loader);
    }
  }

  @Test
  void aTurkishJvmStillReadsCodesWithAnI() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.forLanguageTag("tr-TR"));
      assertThat(HubSpotLabels.of("fi").language()).isEqualTo("FI");
      assertThat(HubSpotLabels.of("it").language()).isEqualTo("IT");
      assertThat(HubSpotLabels.load("IT").header(HubSpotObject.DEALS, "amount"))
          .isEqualTo("Importo");
    } finally {
      Locale.setDefault(saved);
    }
  }

  // ---- helpers ----

  /** A language's own file, as strict UTF-8. */
  private static Map<String, String> file(String code) {
    return HubSpotBundleFiles.read(RESOURCE, code);
  }

  private static byte[] bytes(String code) {
    return HubSpotBundleFiles.bytes(RESOURCE, code);
  }

  /** {@code @hubspot/api-client} sends PT_BR for the seed's PT; its other extra codes stay 400. */
  @Test
  void takesTheNodeClientsPtBrForPt() {
    assertThat(HubSpotLabels.of("PT_BR")).isSameAs(HubSpotLabels.of("PT"));
    assertThat(HubSpotLabels.of("pt_br").language()).isEqualTo("PT");
    for (String code : List.of("ZH_TW", "DA_DK", "NO", "PT_PT", "_PT")) {
      assertThatThrownBy(() -> HubSpotLabels.of(code)).isInstanceOf(LeadportException.class);
    }
  }
}
