package org.leadport.synthetic;

import java.util.List;

/**
 * Word lists for {@link SyntheticRows}. Kept apart so the generator stays readable; the order of
 * every list is part of the seeded output, so append rather than reorder.
 */
final class SyntheticWords {
  private SyntheticWords() {}

  /** A word list written as one {@code |}-separated literal, so it stays compact. */
  private static String[] split(String words) {
    return words.split("\\|", -1);
  }

  static final String[] COMPANY_HEADS =
      split(
          "Northwind|Bluebird|Acorn|Summit|Evergreen|Redwood|Silverline|Brightwater|"
              + "Ironclad|Harbor|Pioneer|Cobalt|Granite|Maple|Falcon|Atlas|Beacon|Cedar|"
              + "Horizon|Keystone|Lighthouse|Meridian|Nimbus|Orchard|Pinnacle|Quartz|Riverbend|"
              + "Sequoia|Tidewater|Upland|Vanguard|Willow|Zenith|Amber|Bramble|Crescent|"
              + "Driftwood|Ember|Foxglove|Glacier|Hollow|Juniper|Kestrel|Lumen|Mosaic|Nova|"
              + "Oakridge|Prairie|Starling|Tundra");

  static final String[] COMPANY_TAILS =
      split(
          "Analytics|Logistics|Software|Labs|Systems|Foods|Health|Robotics|Energy|"
              + "Capital|Media|Design|Works|Dynamics|Networks|Outfitters|Partners|Consulting|"
              + "Bakery|Motors|Pharma|Security|Studios|Supply|Textiles|Ventures|Brewing|"
              + "Clinics|Freight|Learning");

  static final String[] COMPANY_FORMS = split("Inc.|LLC|Ltd|GmbH|Co.|Corp.|S.A.|B.V.|Group|||");

  /** Company names outside plain ASCII: Japanese, Cyrillic, Greek, Arabic, Chinese, accents. */
  static final String[] FOREIGN_COMPANIES =
      split(
          "株式会社さくらテック|東京ロジスティクス株式会社|有限会社みどり食品|ООО «Ромашка»|АО Северный Ветер|"
              + "Торговый дом «Байкал»|Ελληνικά Τρόφιμα Α.Ε.|Αιγαίο Ναυτιλιακή|"
              + "شركة النخيل للتجارة|مؤسسة الأفق الرقمية|北京星辰科技有限公司|上海海鸥物流有限公司|深圳云帆电子|"
              + "Société Générale de Café|Bäckerei Müller & Söhne|Crème Brûlée Ltée|"
              + "Señorío de Añón S.L.|Łódź Przędzalnia Sp. z o.o.|Øresund Fiskeri ApS|"
              + "Café Zoë 🍰 Collective");

  static final String[] FIRST_NAMES =
      split(
          "Alice|Bob|Carla|David|Elena|Frank|Grace|Hector|Irene|Jamal|Karen|Liam|Maya|"
              + "Noah|Olivia|Priya|Quentin|Rosa|Samuel|Tara|Umar|Vera|William|Ximena|Yusuf|Zoe|"
              + "Aaron|Bianca|Connor|Diana|Ethan|Fatima|George|Hannah|Isaac|Julia|Kevin|Laura|"
              + "Marcus|Nina");

  static final String[] LAST_NAMES =
      split(
          "Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Martinez|Lopez|Wilson|"
              + "Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Thompson|White|Harris|Clark|"
              + "Lewis|Robinson|Walker|Young|Allen|King|Wright|Scott|Green|Baker|Adams|Nelson|"
              + "Hill|Campbell|Mitchell|Carter|Roberts|Patel");

  /** Person names outside plain ASCII, one script per entry group. */
  static final String[] FOREIGN_PEOPLE =
      split(
          "山田 太郎|佐藤 花子|鈴木 一郎|Иван Петров|Анна Смирнова|Дмитрий Волков|"
              + "Γιώργος Παπαδόπουλος|Μαρία Νικολάου|محمد العلي|فاطمة الزهراء|王伟|李娜|张敏|"
              + "José Álvarez|François Lefèvre|Zoë Ångström|Jürgen Groß|Søren Kierkegård|"
              + "Łukasz Wójcik|Ngô Bảo Châu");

  static final String[] TITLES = {
    "CEO",
    "CTO",
    "CFO",
    "VP Sales",
    "Head of Marketing",
    "Office Manager",
    "Procurement Lead",
    "Engineering Manager",
    "Founder",
    "Operations Director",
    "Account Executive",
    "IT Admin",
    "Product Manager",
    "Purchasing Agent",
    "Controller",
    null
  };

  static final String[] DESCRIPTION_OPENERS = {
    "Mid-market",
    "Family-owned",
    "Fast-growing",
    "Regional",
    "Venture-backed",
    "Publicly listed",
    "Bootstrapped",
    "Established",
    "Franchise",
    "Nonprofit"
  };

  static final String[] DESCRIPTION_SUBJECTS = {
    "distributor of industrial parts", "chain of specialty coffee shops",
    "provider of cloud accounting software", "manufacturer of outdoor gear",
    "network of dental clinics", "logistics broker for cold-chain freight",
    "e-commerce retailer of home goods", "agency for performance marketing",
    "operator of coworking spaces", "developer of warehouse robotics"
  };

  static final String[] DESCRIPTION_TAILS = {
    "Evaluating us against two competitors.",
    "Met at the trade show in Berlin.",
    "Inbound from the pricing page.",
    "Referred by an existing customer.",
    "Budget approved for next quarter.",
    "Currently on spreadsheets, wants to migrate.",
    "Asked for a security questionnaire.",
    "Champion left; re-engage the new VP.",
    "",
    ""
  };

  /** Source, medium and campaign triples; a null source means the lead came in untracked. */
  static final String[][] UTM = {
    {"google", "cpc", "spring-sale"},
    {"google", "cpc", "brand-search"},
    {"newsletter", "email", "2025-q3-digest"},
    {"newsletter", "email", "product-launch"},
    {"linkedin", "social", "cfo-webinar"},
    {"facebook", "paid-social", "retargeting"},
    {"partner", "referral", null},
    {"tradeshow", "event", "saastr-2025"},
    {"bing", "cpc", "spring-sale"},
    {"twitter", "social", null},
    {null, null, null},
    {null, null, null},
    {null, null, null}
  };

  static final String[] TLDS = {".com", ".com", ".com", ".io", ".co", ".net", ".de", ".co.uk"};

  static final List<String> INDUSTRIES =
      List.of(
          "Software",
          "Manufacturing",
          "Retail",
          "Healthcare",
          "Finance",
          "Education",
          "Logistics",
          "Media");

  static final List<String> PRIORITIES = List.of("Low", "Medium", "High", "Urgent");

  static final String[] NOTES = {
    "Follow up after budget review.", "Prefers email over phone.", "Needs SSO before signing.",
    "Decision maker is the CFO.", "Sent the case study.", "Wants annual billing.",
    "Asked about the API rate limits.", "Call back in two weeks.", "Interested in the EU region."
  };

  static final String[] OPPORTUNITY_ACTIVE = {"Demo scheduled", "Proposal sent", "Negotiation"};

  static final String[] CURRENCIES = {"USD", "USD", "USD", "EUR", "EUR", "GBP", "JPY", "CAD"};

  static final String[] PERIODS = {"one_time", "monthly", "annual"};

  static final String[] REPS = {
    "Dana Whitfield", "Marco Rossi", "Aiko Tanaka", "Sven Larsen", "Leila Haddad", "Tom Becker"
  };

  static final String[] ACTIVITY_TYPES = {
    "note", "note", "call", "call", "email", "email", "email", "meeting", "sms"
  };

  static final String[] SUBJECTS = {
    "Intro call", "Pricing question", "Re: Proposal", "Quarterly check-in", "Demo follow-up",
    "Contract redlines", "Onboarding plan", "Renewal reminder", "Invoice query", "Quick question"
  };

  static final String[] BODIES = {
    "Walked through the reporting module; they liked the scheduled exports.",
    "Left a voicemail, will try again Thursday.",
    "They asked whether we support SAML and SCIM provisioning.",
    "Sent over the revised quote with the multi-year discount.",
    "Champion is on board, legal review starts next week.",
    "Discussed migration from their legacy CRM, roughly 40k records.",
    "Confirmed the kickoff date and the list of attendees.",
    "Customer reported a billing mismatch, forwarded to finance."
  };

  static final String[] STREETS = {
    "Main St",
    "Oak Ave",
    "Market St",
    "Elm St",
    "Harbor Blvd",
    "Pine Rd",
    "Industrial Way",
    "Broadway",
    "Lakeview Dr",
    "Station Rd"
  };

  /** City, state and country, so an address is internally consistent. */
  static final String[][] CITIES = {
    {"Austin", "TX", "US"}, {"Portland", "OR", "US"}, {"Boston", "MA", "US"},
    {"Denver", "CO", "US"}, {"Chicago", "IL", "US"}, {"Toronto", "ON", "CA"},
    {"Berlin", null, "DE"}, {"München", "BY", "DE"}, {"London", null, "GB"},
    {"Paris", null, "FR"}, {"Tokyo", null, "JP"}, {"São Paulo", "SP", "BR"}
  };

  /**
   * Spreadsheet-formula and control-character payloads that a CSV export must neutralise: leading
   * =, +, -, @, tab, CR, LF, the full-width equals sign and leading spaces before a formula.
   */
  static final List<String> HOSTILE =
      List.of(
          "=HYPERLINK(\"http://evil.example\",\"click\")",
          "+1 555 0100",
          "-42",
          "@SUM(A1:A2)",
          "\t=1+1",
          "\r=1+1",
          "\n=1+1",
          "＝1+1",
          "  =cmd|' /C calc'!A0");
}
