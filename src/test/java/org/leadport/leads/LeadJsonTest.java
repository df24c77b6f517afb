package org.leadport.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leadport.json.Json;
import org.leadport.store.Lead;

class LeadJsonTest {
  @Test
  void fieldsListsExactlyTheKeysOfALeadsJson() {
    Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
    Lead lead =
        new Lead(
            "lead_1",
            "ws_1",
            "Acme",
            "Acme",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Json.object(),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            t,
            t,
            null);
    Set<String> keys = new HashSet<>();
    LeadJson.of(lead).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(LeadJson.FIELDS);
    List<String> order = new ArrayList<>();
    LeadJson.of(lead).fieldNames().forEachRemaining(order::add);
    assertThat(order)
        .containsExactly(
            "id",
            "name",
            "display_name",
            "status_id",
            "status_label",
            "url",
            "description",
            "source",
            "medium",
            "campaign",
            "custom",
            "contacts",
            "opportunities",
            "activities",
            "addresses",
            "created_at",
            "updated_at",
            "deleted_at");
    assertThat(LeadJson.of(lead).path("created_at").asText())
        .isEqualTo("2026-01-02T03:04:05.123456Z");
  }
}
