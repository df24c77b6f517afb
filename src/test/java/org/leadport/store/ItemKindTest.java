package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ItemKindTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");

  private static final Lead.Contact CONTACT =
      new Lead.Contact(
          "cont_1",
          "Ann Lee",
          "Ann",
          "Lee",
          "CTO",
          List.of(new Lead.Channel("ann@acme.test", "office")),
          List.of(new Lead.Channel("+1 555", "mobile")),
          List.of());
  private static final Lead.Opportunity OPPORTUNITY =
      new Lead.Opportunity(
          "oppo_1",
          "won",
          "Won",
          5_000L,
          "USD",
          "annual",
          100,
          LocalDate.of(2026, 1, 2),
          "n",
          "Bo");
  private static final Lead.Activity ACTIVITY =
      new Lead.Activity("acti_1", "call", T, "inbound", 30, null, "body");
  private static final Lead.Address ADDRESS =
      new Lead.Address("addr_1", "business", "1 Main St", null, "Austin", "TX", "78701", "US");

  @Test
  void everyComponentOfAnItemIsAFieldOfItsKindInOrderReadFromThatComponent() throws Exception {
    components(ItemKind.CONTACTS, CONTACT);
    components(ItemKind.OPPORTUNITIES, OPPORTUNITY);
    components(ItemKind.ACTIVITIES, ACTIVITY);
    components(ItemKind.ADDRESSES, ADDRESS);
  }

  private static <T extends Record> void components(ItemKind<T> kind, T item) throws Exception {
    RecordComponent[] components = item.getClass().getRecordComponents();
    assertThat(kind.fields()).hasSameSizeAs(components);
    for (int i = 0; i < components.length; i++) {
      ItemField<T> f = kind.fields().get(i);
      String snake =
          components[i].getName().replaceAll("([A-Z0-9])", "_$1").toLowerCase(Locale.ROOT);
      assertThat(f.key()).as(kind + " " + i).isEqualTo(snake);
      assertThat(f.of(item)).as(f.key()).isEqualTo(components[i].getAccessor().invoke(item));
    }
  }

  @Test
  void eachKindIsTheItemsOfItsLeadField() {
    for (ItemKind<?> kind : ItemKind.all()) {
      assertThat(ItemKind.of(kind.field())).isSameAs(kind);
      assertThat(kind.field().type()).isEqualTo(LeadField.Type.ITEMS);
    }
    assertThat(ItemKind.all())
        .extracting(ItemKind::table)
        .containsExactly("contacts", "opportunities", "activities", "addresses");
  }

  @Test
  void theJsonKeysNameTheLeadAfterTheIdButForAddresses() {
    assertThat(ItemKind.CONTACTS.keys())
        .containsExactly(
            "id",
            "lead_id",
            "name",
            "first_name",
            "last_name",
            "title",
            "emails",
            "phones",
            "urls");
    assertThat(ItemKind.ACTIVITIES.keys())
        .containsExactly(
            "id", "lead_id", "type", "date", "direction", "duration", "subject", "body");
    assertThat(ItemKind.ADDRESSES.keys())
        .containsExactly(
            "id", "label", "address_1", "address_2", "city", "state", "zipcode", "country");
  }

  /** The seed's COPY encodes its rows in exactly this column order (synthetic.SyntheticChunk). */
  @Test
  void theWrittenColumnsAreThoseTheSeedCopies() {
    assertThat(ItemKind.CONTACTS.copyColumns())
        .isEqualTo(
            "contacts (id, workspace_id, lead_id, position, name, first_name, last_name, title,"
                + " emails, phones, urls, created_at, updated_at)");
    assertThat(ItemKind.OPPORTUNITIES.copyColumns())
        .isEqualTo(
            "opportunities (id, workspace_id, lead_id, position, status_type, status_label, value,"
                + " value_currency, value_period, confidence, date_won, note, user_name,"
                + " created_at, updated_at)");
    assertThat(ItemKind.ACTIVITIES.copyColumns())
        .isEqualTo(
            "activities (id, workspace_id, lead_id, type, occurred_at, direction, duration,"
                + " subject, body, created_at)");
    assertThat(ItemKind.ADDRESSES.copyColumns())
        .isEqualTo(
            "addresses (id, workspace_id, lead_id, position, label, address_1, address_2, city,"
                + " state, zipcode, country)");
  }

  @Test
  void statementsCastChannelsAndOrderActivitiesByTime() {
    assertThat(ItemRows.insert(ItemKind.CONTACTS))
        .contains("cast(:emails as jsonb), cast(:phones as jsonb), cast(:urls as jsonb)")
        .endsWith(":created_at, :updated_at)");
    assertThat(ItemRows.select(ItemKind.ACTIVITIES))
        .isEqualTo(
            "select lead_id, id, type, occurred_at, direction, duration, subject, body from"
                + " activities where lead_id = any(:ids) order by lead_id, occurred_at, id");
    assertThat(ItemRows.selectAs(ItemKind.ADDRESSES, "xa", "a_"))
        .startsWith("xa.id as a_id, xa.label as a_label, xa.address_1 as a_address_1,");
  }

  @Test
  void inputKeysAreTheFieldsKeys() {
    List<String> keys = new ArrayList<>(ItemKind.OPPORTUNITIES.keys());
    keys.remove("lead_id");
    assertThat(ItemKind.OPPORTUNITIES.inputKeys()).containsExactlyInAnyOrderElementsOf(keys);
  }
}
