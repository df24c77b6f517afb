package org.leadport.synthetic;

import static org.leadport.synthetic.SyntheticWords.ACTIVITY_TYPES;
import static org.leadport.synthetic.SyntheticWords.BODIES;
import static org.leadport.synthetic.SyntheticWords.CITIES;
import static org.leadport.synthetic.SyntheticWords.CURRENCIES;
import static org.leadport.synthetic.SyntheticWords.FIRST_NAMES;
import static org.leadport.synthetic.SyntheticWords.FOREIGN_PEOPLE;
import static org.leadport.synthetic.SyntheticWords.LAST_NAMES;
import static org.leadport.synthetic.SyntheticWords.NOTES;
import static org.leadport.synthetic.SyntheticWords.OPPORTUNITY_ACTIVE;
import static org.leadport.synthetic.SyntheticWords.PERIODS;
import static org.leadport.synthetic.SyntheticWords.REPS;
import static org.leadport.synthetic.SyntheticWords.STREETS;
import static org.leadport.synthetic.SyntheticWords.SUBJECTS;
import static org.leadport.synthetic.SyntheticWords.TITLES;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.leadport.store.Lead;
import org.leadport.synthetic.SyntheticRows.ActivityRow;
import org.leadport.synthetic.SyntheticRows.AddressRow;
import org.leadport.synthetic.SyntheticRows.ContactRow;
import org.leadport.synthetic.SyntheticRows.OpportunityRow;

/**
 * Generates what a synthetic lead holds: one contact, opportunity, activity or address per call,
 * drawn from the lead's chunk stream ({@link SyntheticDraws}) in a fixed order. Not thread-safe;
 * one per chunk, shared with the lead generator ({@link SyntheticRows}).
 */
final class SyntheticChildren {
  private final SyntheticDraws r;

  SyntheticChildren(SyntheticDraws r) {
    this.r = r;
  }

  ContactRow contact(String domain) {
    String first = r.pick(FIRST_NAMES);
    String last = r.pick(LAST_NAMES);
    boolean foreign = r.nextInt(100) < 5;
    String name = foreign ? r.pick(FOREIGN_PEOPLE) : first + " " + last;
    String local = (first + "." + last).toLowerCase(Locale.ROOT);
    List<Lead.Channel> emails = new ArrayList<>(2);
    emails.add(new Lead.Channel(local + "@" + domain, "office"));
    if (r.nextInt(4) == 0) {
      emails.add(new Lead.Channel(local + r.nextInt(100) + "@example.com", "home"));
    }
    int phoneCount = r.weighted(30, 50, 20);
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
    return new ContactRow(r.hostile(name), r.hostile(r.pick(TITLES)), emails, phones, urls);
  }

  OpportunityRow opportunity(long created, long updated) {
    int kind = r.weighted(55, 25, 20);
    String type = kind == 0 ? "active" : kind == 1 ? "won" : "lost";
    String label = kind == 0 ? r.pick(OPPORTUNITY_ACTIVE) : kind == 1 ? "Won" : "Lost";
    long value = (5 + r.nextLong(5_000)) * 1_000;
    int confidence = kind == 0 ? 10 + 5 * r.nextInt(17) : kind == 1 ? 100 : 0;
    long createdDay = created / SyntheticRows.DAY;
    Integer won =
        kind == 1
            ? (int) (createdDay + r.nextLong(updated / SyntheticRows.DAY - createdDay + 1))
            : null;
    String note = r.hostileOrNull(r.nextInt(10) < 7 ? r.pick(NOTES) : null);
    return new OpportunityRow(
        type,
        label,
        value,
        r.pick(CURRENCIES),
        r.pick(PERIODS),
        confidence,
        won,
        note,
        r.pick(REPS));
  }

  ActivityRow activity(long created, long updated) {
    String type = r.pick(ACTIVITY_TYPES);
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
    String subject = r.hostileOrNull(titled ? r.pick(SUBJECTS) : null);
    return new ActivityRow(type, at, direction, duration, subject, r.hostile(r.pick(BODIES)));
  }

  AddressRow address(String label) {
    String[] city = CITIES[r.nextInt(CITIES.length)];
    String line1 = (1 + r.nextInt(9_999)) + " " + r.pick(STREETS);
    String line2 = r.nextInt(10) < 3 ? "Suite " + (100 + r.nextInt(900)) : null;
    String zip = String.valueOf(10_000 + r.nextInt(90_000));
    return new AddressRow(label, line1, line2, city[0], city[1], zip, city[2]);
  }
}
