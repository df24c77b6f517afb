package org.leadport.synthetic;

import static org.leadport.synthetic.SyntheticWords.COMPANY_FORMS;
import static org.leadport.synthetic.SyntheticWords.COMPANY_HEADS;
import static org.leadport.synthetic.SyntheticWords.COMPANY_TAILS;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_OPENERS;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_SUBJECTS;
import static org.leadport.synthetic.SyntheticWords.DESCRIPTION_TAILS;
import static org.leadport.synthetic.SyntheticWords.FOREIGN_COMPANIES;
import static org.leadport.synthetic.SyntheticWords.HOSTILE;
import static org.leadport.synthetic.SyntheticWords.INDUSTRIES;
import static org.leadport.synthetic.SyntheticWords.NOTES;
import static org.leadport.synthetic.SyntheticWords.PRIORITIES;
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
 * lead {@code i} the same whatever the total. Times are microseconds since the epoch. What a lead
 * holds is drawn by {@link SyntheticChildren}, every value from one {@link SyntheticDraws}.
 */
final class SyntheticRows {
  /** Leads per chunk; part of the seeded output, so changing it changes the data. */
  static final int CHUNK = 5_000;

  /** Fixed "now" (2026-01-01T00:00:00Z) so the same seed always yields the same timestamps. */
  static final long ANCHOR = 1_767_225_600_000_000L;

  static final long DAY = 86_400_000_000L;
  static final long SPAN = 730 * DAY;

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
      List<@Nullable Object> custom,
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

  private final SyntheticDraws r;
  private final SyntheticChildren children;
  private final List<FieldDef> fields;

  private SyntheticRows(SyntheticDraws r, List<FieldDef> fields) {
    this.r = r;
    this.children = new SyntheticChildren(r);
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
    SyntheticRows gen =
        new SyntheticRows(new SyntheticDraws(new SplittableRandom(mix(seed, index))), fields);
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
    String head = r.pick(COMPANY_HEADS);
    String tail = r.pick(COMPANY_TAILS);
    String form = r.pick(COMPANY_FORMS);
    boolean foreign = r.nextInt(100) < 5;
    String company =
        foreign
            ? r.pick(FOREIGN_COMPANIES)
            : head + " " + tail + (form.isEmpty() ? "" : " " + form);
    String domain = (head + "-" + tail).toLowerCase(Locale.ROOT) + r.pick(TLDS);
    String url = r.nextInt(10) < 9 ? "https://www." + domain : null;
    String description =
        r.nextInt(10) < 8
            ? r.pick(DESCRIPTION_OPENERS)
                + " "
                + r.pick(DESCRIPTION_SUBJECTS)
                + ". "
                + r.pick(DESCRIPTION_TAILS)
            : null;
    String[] utm = UTM[r.nextInt(UTM.length)];
    long created = ANCHOR - 1 - r.nextLong(SPAN);
    long updated = created + r.nextLong(ANCHOR - created);
    int status = r.weighted(45, 25, 20, 10);
    List<@Nullable Object> custom = new ArrayList<>(fields.size());
    for (FieldDef f : fields) {
      custom.add(r.nextInt(10) < 7 ? customValue(f, created) : null);
    }
    int contactCount = 1 + r.weighted(45, 25, 15, 10, 5);
    List<ContactRow> contacts = new ArrayList<>(contactCount);
    for (int i = 0; i < contactCount; i++) {
      contacts.add(children.contact(domain));
    }
    int oppCount = r.weighted(45, 35, 13, 7);
    List<OpportunityRow> opps = new ArrayList<>(oppCount);
    for (int i = 0; i < oppCount; i++) {
      opps.add(children.opportunity(created, updated));
    }
    // Geometric with p = 0.81, capped: mean about 4.2, a long thin tail up to 20.
    int activityCount = 0;
    while (activityCount < 20 && r.nextInt(100) < 81) {
      activityCount++;
    }
    List<ActivityRow> activities = new ArrayList<>(activityCount);
    for (int i = 0; i < activityCount; i++) {
      activities.add(children.activity(created, updated));
    }
    int addressCount = r.weighted(25, 65, 10);
    List<AddressRow> addresses = new ArrayList<>(addressCount);
    for (int i = 0; i < addressCount; i++) {
      addresses.add(children.address(i == 0 ? "business" : "mailing"));
    }
    return new LeadRow(
        r.hostile(company),
        status,
        url,
        r.hostileOrNull(description),
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
      case TEXT -> r.hostile(r.pick(NOTES));
    };
  }

  private static java.time.Instant instant(long micros) {
    return java.time.Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }
}
