package org.leadport.synthetic;

import static org.leadport.synthetic.SyntheticWords.ACTIVITY_TYPES;
import static org.leadport.synthetic.SyntheticWords.BODIES;
import static org.leadport.synthetic.SyntheticWords.CITIES;
import static org.leadport.synthetic.SyntheticWords.COMPANY_FORMS;
import static org.leadport.synthetic.SyntheticWords.COMPANY_HEADS;
import static org.leadport.synthetic.SyntheticWords.COMPANY_TAILS;
import static org.leadport.synthetic.SyntheticWords.CURRENCIES;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_OPENERS;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_SUBJECTS;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_TAILS;
import static org.leadport.synthetic.SyntheticWords.FIRST_NAMES;
import static org.leadport.synthetic.SyntheticWords.FOREIGN_COMPANIES;
import static org.leadport.synthetic.SyntheticWords.FOREIGN_PEOPLE;
import static org.leadport.synthetic.SyntheticWords.HOSTILE;
import static org.leadport.synthetic.SyntheticWords.INDUSTRIES;
import static org.leadport.synthetic.SyntheticWords.LAST_NAMES;
import static org.leadport.synthetic.SyntheticWords.NOTES;
import static org.leadport.synthetic.SyntheticWords.OPPORTUNITY_ACTIVE;
import static org.leadport.synthetic.SyntheticWords.PERIODS;
import static org.leadport.synthetic.SyntheticWords.PRIORITIES;
import static org.leadport.synthetic.SyntheticWords.REPS;
import static org.leadport.synthetic.SyntheticWords.STREETS;
import static org.leadport.synthetic.SyntheticWords.SUBJECTS;
import static org.leadport.synthetic.SyntheticWords.TITLES;
import static org.leadport.synthetic.SyntheticWords.TLDS;
import static org.leadport.synthetic.SyntheticWords.UTM;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Times;
import org.leadport.model.CustomField;
import org.leadport.store.Lead;

/**
 * The deterministic half of {@link SyntheticData}: turns a seed into lead rows without ids or a
 * database, so it can be tested alone. Leads come in fixed-size chunks whose generator is derived
 * from the seed and the chunk number only, which lets chunks be generated in parallel and keeps
 * lead {@code i} the same whatever the total. Times are microseconds since the epoch.
 */
final class SyntheticRows {
  /** Leads per chunk; part of the seeded output, so changing it changes the data. */
  static final int CHUNK = 5_000;

  /** Fixed "now" (2026-01-01T00:00:00Z) so the same seed always yields the same timestamps. */
  static final long ANCHOR = 1_767_225_600_000_000L;

  static final long DAY = 86_400_000_000L;
  static final long SPAN = 730 * DAY;

  /** One in this many eligible text cells is a hostile payload (2 %). */
  private static final int HOSTILE_ONE_IN = 50;

  private static final long[] POWERS = {1, 10, 100, 1_000, 10_000};

  /** The lead statuses every seeded workspace gets, in position order. */
  static final List<StatusDef> STATUSES =
      List.of(
          new StatusDef("Potential", "active"),
          new StatusDef("Qualified", "active"),
          new StatusDef("Customer", "won"),
          new StatusDef("Bad Fit", "lost"));

  /** The custom fields every seeded workspace gets. */
  static final List<FieldDef> FIELDS =
      List.of(
          new FieldDef("Industry", CustomField.Type.CHOICES, INDUSTRIES),
          new FieldDef("Employees", CustomField.Type.NUMBER, List.of()),
          new FieldDef("Renewal date", CustomField.Type.DATE, List.of()),
          new FieldDef("Last demo", CustomField.Type.DATETIME, List.of()),
          new FieldDef("Priority", CustomField.Type.CHOICES, PRIORITIES),
          new FieldDef("VIP", CustomField.Type.BOOLEAN, List.of()),
          new FieldDef("Notes", CustomField.Type.TEXT, List.of()));

  record StatusDef(String label, String type) {}

  record FieldDef(String name, CustomField.Type type, List<String> choices) {}

  /**
   * A lead without ids. {@code status} indexes {@link #STATUSES}; {@code custom} holds one value
   * per field passed to {@link #chunk} (null when the lead has none): a Long, Boolean or String.
   */
  record LeadRow(
      String name,
      int status,
      @Nullable String url,
      @Nullable String description,
      String source,
      String medium,
      String campaign,
      List<Object> custom,
      long createdAt,
      long updatedAt,
      List<ContactRow> contacts,
      List<OpportunityRow> opportunities,
      List<ActivityRow> activities,
      List<AddressRow> addresses) {}

  record ContactRow(
      String name,
      String title,
      List<Lead.Channel> emails,
      List<Lead.Channel> phones,
      List<Lead.Channel> urls) {}

  /** {@code dateWon} is an epoch day, or null unless the opportunity is won. */
  record OpportunityRow(
      String statusType,
      String statusLabel,
      long value,
      String currency,
      String period,
      int confidence,
      @Nullable Integer dateWon,
      @Nullable String note,
      String userName) {}

  record ActivityRow(
      String type,
      long occurredAt,
      @Nullable String direction,
      @Nullable Integer duration,
      @Nullable String subject,
      String body) {}

  record AddressRow(
      String label,
      String address1,
      @Nullable String address2,
      String city,
      String state,
      String zipcode,
      String country) {}

  private final SplittableRandom r;
  private final List<FieldDef> fields;

  private SyntheticRows(SplittableRandom r, List<FieldDef> fields) {
    this.r = r;
    this.fields = fields;
  }

  /** Number of chunks holding {@code leads} leads. */
  static int chunks(int leads) {
    return (int) ((leads + (long) CHUNK - 1) / CHUNK);
  }

  /**
   * The leads of chunk {@code index} out of {@code leads} in total. {@code fields} says which
   * custom fields to fill and their actual types, in the order of {@link LeadRow#custom()}.
   */
  static List<LeadRow> chunk(long seed, int index, int leads, List<FieldDef> fields) {
    int count = Math.min(CHUNK, leads - index * CHUNK);
    // A strong 64-bit mix keeps chunk streams of neighbouring seeds and indexes unrelated.
    SyntheticRows gen = new SyntheticRows(new SplittableRandom(mix(seed, index)), fields);
    List<LeadRow> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(gen.lead());
    }
    return out;
  }

  static boolean isHostile(String value) {
    return value != null && HOSTILE.contains(value);
  }

  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index;
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  private LeadRow lead() {
    String head = pick(COMPANY_HEADS);
    String tail = pick(COMPANY_TAILS);
    String form = pick(COMPANY_FORMS);
    boolean foreign = r.nextInt(100) < 5;
    String company =
        foreign ? pick(FOREIGN_COMPANIES) : head + " " + tail + (form.isEmpty() ? "" : " " + form);
    String domain = (head + "-" + tail).toLowerCase(Locale.ROOT) + pick(TLDS);
    String url = r.nextInt(10) < 9 ? "https://www." + domain : null;
    String description =
        r.nextInt(10) < 8
            ? pick(DESCRIPTION_OPENERS)
                + " "
                + pick(DESCRIPTION_SUBJECTS)
                + ". "
                + pick(DESCRIPTION_TAILS)
            : null;
    String[] utm = UTM[r.nextInt(UTM.length)];
    long created = ANCHOR - 1 - r.nextLong(SPAN);
    long updated = created + r.nextLong(ANCHOR - created);
    int status = weighted(45, 25, 20, 10);
    List<Object> custom = new ArrayList<>(fields.size());
    for (FieldDef f : fields) {
      custom.add(r.nextInt(10) < 7 ? customValue(f, created) : null);
    }
    int contactCount = 1 + weighted(45, 25, 15, 10, 5);
    List<ContactRow> contacts = new ArrayList<>(contactCount);
    for (int i = 0; i < contactCount; i++) {
      contacts.add(contact(domain));
    }
    int oppCount = weighted(45, 35, 13, 7);
    List<OpportunityRow> opps = new ArrayList<>(oppCount);
    for (int i = 0; i < oppCount; i++) {
      opps.add(opportunity(created, updated));
    }
    // Geometric with p = 0.81, capped: mean about 4.2, a long thin tail up to 20.
    int activityCount = 0;
    while (activityCount < 20 && r.nextInt(100) < 81) {
      activityCount++;
    }
    List<ActivityRow> activities = new ArrayList<>(activityCount);
    for (int i = 0; i < activityCount; i++) {
      activities.add(activity(created, updated));
    }
    int addressCount = weighted(25, 65, 10);
    List<AddressRow> addresses = new ArrayList<>(addressCount);
    for (int i = 0; i < addressCount; i++) {
      addresses.add(address(i == 0 ? "business" : "mailing"));
    }
    return new LeadRow(
        hostile(company),
        status,
        url,
        hostileOrNull(description),
        utm[0],
        utm[1],
        utm[2],
        custom,
        created,
        updated,
        contacts,
        opps,
        activities,
        addresses);
  }

  private @Nullable Object customValue(FieldDef f, long created) {
    return switch (f.type()) {
      case NUMBER -> POWERS[r.nextInt(POWERS.length)] * (1 + r.nextInt(9)) + r.nextInt(10);
      case DATE -> LocalDate.ofEpochDay(ANCHOR / DAY - 180 + r.nextInt(545)).toString();
      case DATETIME -> Times.iso(instant(created + r.nextLong(ANCHOR - created)));
      case CHOICES -> f.choices().isEmpty() ? null : f.choices().get(r.nextInt(f.choices().size()));
      case BOOLEAN -> r.nextInt(5) == 0;
      case TEXT -> hostile(pick(NOTES));
    };
  }

  private ContactRow contact(String domain) {
    String first = pick(FIRST_NAMES);
    String last = pick(LAST_NAMES);
    boolean foreign = r.nextInt(100) < 5;
    String name = foreign ? pick(FOREIGN_PEOPLE) : first + " " + last;
    String local = (first + "." + last).toLowerCase(Locale.ROOT);
    List<Lead.Channel> emails = new ArrayList<>(2);
    emails.add(new Lead.Channel(local + "@" + domain, "office"));
    if (r.nextInt(4) == 0) {
      emails.add(new Lead.Channel(local + r.nextInt(100) + "@example.com", "home"));
    }
    int phoneCount = weighted(30, 50, 20);
    List<Lead.Channel> phones = new ArrayList<>(phoneCount);
    for (int i = 0; i < phoneCount; i++) {
      String phone = "+1 555 " + (100 + r.nextInt(900)) + " " + (1000 + r.nextInt(9000));
      phones.add(new Lead.Channel(phone, i == 0 ? "office" : "mobile"));
    }
    List<Lead.Channel> urls =
        r.nextInt(3) == 0
            ? List.of(
                new Lead.Channel("https://www.linkedin.com/in/" + local.replace('.', '-'), "url"))
            : List.of();
    return new ContactRow(hostile(name), hostile(pick(TITLES)), emails, phones, urls);
  }

  private OpportunityRow opportunity(long created, long updated) {
    int kind = weighted(55, 25, 20);
    String type = kind == 0 ? "active" : kind == 1 ? "won" : "lost";
    String label = kind == 0 ? pick(OPPORTUNITY_ACTIVE) : kind == 1 ? "Won" : "Lost";
    long value = (5 + r.nextLong(5_000)) * 1_000;
    int confidence = kind == 0 ? 10 + 5 * r.nextInt(17) : kind == 1 ? 100 : 0;
    long createdDay = created / DAY;
    Integer won =
        kind == 1 ? (int) (createdDay + r.nextLong(updated / DAY - createdDay + 1)) : null;
    String note = hostileOrNull(r.nextInt(10) < 7 ? pick(NOTES) : null);
    return new OpportunityRow(
        type, label, value, pick(CURRENCIES), pick(PERIODS), confidence, won, note, pick(REPS));
  }

  private ActivityRow activity(long created, long updated) {
    String type = pick(ACTIVITY_TYPES);
    long at = created + r.nextLong(updated - created + 1);
    boolean directed = type.equals("call") || type.equals("email") || type.equals("sms");
    String direction = directed ? (r.nextBoolean() ? "inbound" : "outbound") : null;
    Integer duration =
        switch (type) {
          case "call" -> 30 + r.nextInt(3_570);
          case "meeting" -> 900 * (1 + r.nextInt(8));
          default -> null;
        };
    boolean titled = type.equals("email") || type.equals("meeting");
    String subject = hostileOrNull(titled ? pick(SUBJECTS) : null);
    return new ActivityRow(type, at, direction, duration, subject, hostile(pick(BODIES)));
  }

  private AddressRow address(String label) {
    String[] city = CITIES[r.nextInt(CITIES.length)];
    String line1 = (1 + r.nextInt(9_999)) + " " + pick(STREETS);
    String line2 = r.nextInt(10) < 3 ? "Suite " + (100 + r.nextInt(900)) : null;
    String zip = String.valueOf(10_000 + r.nextInt(90_000));
    return new AddressRow(label, line1, line2, city[0], city[1], zip, city[2]);
  }

  /** {@code value}, or with a 2 % chance a hostile payload in its place. */
  private String hostile(String value) {
    return r.nextInt(HOSTILE_ONE_IN) == 0 ? HOSTILE.get(r.nextInt(HOSTILE.size())) : value;
  }

  /** As {@link #hostile(String)} for an optional value: absent stays absent unless replaced. */
  private @Nullable String hostileOrNull(@Nullable String value) {
    return r.nextInt(HOSTILE_ONE_IN) == 0 ? HOSTILE.get(r.nextInt(HOSTILE.size())) : value;
  }

  private String pick(String[] words) {
    return words[r.nextInt(words.length)];
  }

  /** An index drawn with the given relative weights. */
  private int weighted(int... weights) {
    int total = 0;
    for (int w : weights) {
      total += w;
    }
    int x = r.nextInt(total);
    for (int i = 0; ; i++) {
      x -= weights[i];
      if (x < 0) {
        return i;
      }
    }
  }

  private static java.time.Instant instant(long micros) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }
}
