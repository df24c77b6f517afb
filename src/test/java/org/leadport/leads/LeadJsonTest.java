package org.leadport.leads;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leadport.store.Lead;
import org.leadport.testing.LeadMembers;
import org.leadport.testing.TestLeads;

class LeadJsonTest {
  @Test
  void fieldsListsExactlyTheKeysOfALeadsJson() {
    Instant t = Instant.parse("2026-01-02T03:04:05.123456Z");
    Lead lead =
        TestLeads.withItems("lead_1", "ws_1", t, List.of(), List.of(), List.of(), List.of());
    Set<String> keys = new HashSet<>();
    LeadJson.of(lead).fieldNames().forEachRemaining(keys::add);
    assertThat(keys).isEqualTo(LeadJson.FIELDS);
    List<String> order = new ArrayList<>();
    LeadJson.of(lead).fieldNames().forEachRemaining(order::add);
    assertThat(order).containsExactlyElementsOf(LeadMembers.NATIVE);
    assertThat(LeadJson.of(lead).path("created_at").asText())
        .isEqualTo("2026-01-02T03:04:05.123456Z");
  }
}
