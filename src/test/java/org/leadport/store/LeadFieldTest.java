package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;

class LeadFieldTest {
  private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");

  @Test
  void everyComponentOfALeadIsACatalogueFieldReadFromThatComponent() throws Exception {
    Lead lead =
        new Lead(
            "lead_1",
            "ws_1",
            "Acme",
            "Acme Inc",
            "stat_1",
            "Potential",
            "https://acme.test",
            "about",
            "google",
            "cpc",
            "spring",
            Json.object().put("cf_1", 3),
            List.of(
                new Lead.Contact(
                    "cont_1", "Ann", "Ann", null, null, List.of(), List.of(), List.of())),
            List.of(),
            List.of(),
            List.of(),
            T,
            T.plusSeconds(1),
            T.plusSeconds(2));
    List<LeadField> named = new ArrayList<>();
    for (RecordComponent c : Lead.class.getRecordComponents()) {
      String constant = c.getName().replaceAll("([A-Z])", "_$1").toUpperCase(Locale.ROOT);
      LeadField f = LeadField.valueOf(constant);
      named.add(f);
      assertThat(f.of(lead)).as(f.name()).isEqualTo(c.getAccessor().invoke(lead));
    }
    List<LeadField> derived = new ArrayList<>(List.of(LeadField.values()));
    derived.remove(LeadField.SEARCH_TEXT);
    assertThat(named).containsExactlyInAnyOrderElementsOf(derived);
    assertThat(LeadField.SEARCH_TEXT.of(lead)).isEqualTo(LeadSearchText.of(lead));
  }

  @Test
  void aLeadRowIsSelectedWithEveryStoredFieldButTheSearchText() {
    assertThat(LeadField.select())
        .isEqualTo(
            "l.id, l.workspace_id, l.name, l.display_name, l.status_id, s.label as status_label,"
                + " l.url, l.description, l.source, l.medium, l.campaign,"
                + " l.custom::text as custom, l.created_at, l.updated_at, l.deleted_at");
  }

  @Test
  void aRequestSetsOnlyTheFieldsItMayWithTheLimitsOfTheApi() {
    List<String> plain = new ArrayList<>();
    List<String> own = new ArrayList<>();
    for (LeadField f : LeadField.values()) {
      switch (f.input()) {
        case TEXT, LONG_TEXT -> plain.add(f.key() + "<=" + f.input().maxLength());
        case OWN_RULE -> own.add(f.key());
        case NONE -> {}
      }
    }
    assertThat(plain)
        .containsExactly(
            "name<=1000",
            "url<=1000",
            "description<=100000",
            "source<=1000",
            "medium<=1000",
            "campaign<=1000");
    assertThat(own)
        .containsExactly(
            "status_id",
            "status_label",
            "custom",
            "contacts",
            "opportunities",
            "activities",
            "addresses");
  }
}
