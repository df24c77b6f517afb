package org.leadport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadFilterOptionsTest {
  @Test
  void queryKeepsTheFixedOrderStateFilesCompare() {
    LeadFilterOptions f = new LeadFilterOptions();
    f.search = "a b&c";
    f.statusStageId = "stat_1";
    f.campaign = "spring";
    f.source = "web";
    assertThat(f.query("2026-01-01T00:00:00Z", null, true))
        .isEqualTo(
            "source=web&campaign=spring&from=2026-01-01T00%3A00%3A00Z"
                + "&status_stage_id=stat_1&search=a+b%26c&include_deleted=true");
    assertThat(f.query(null, null, false))
        .isEqualTo("source=web&campaign=spring&status_stage_id=stat_1&search=a+b%26c");
    assertThat(new LeadFilterOptions().query(null, null, false)).isEmpty();
  }
}
