package org.leadport.surface.jsonapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.leadport.query.Condition;
import org.leadport.query.FieldRef;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;
import org.leadport.store.Status;

class StatusGroupsTest {
  private static final FieldRef ID =
      Fields.STANDARD.regular(ObjectKind.LEAD, "status_id").orElseThrow();
  private static final FieldRef LABEL =
      Fields.STANDARD.regular(ObjectKind.LEAD, "status_label").orElseThrow();
  private static final Query NONE = new Query.Not(new Query.Match(ID, new Condition.Exists()));

  private static Status status(String id, String type) {
    return new Status(id, id, type, 0, Instant.EPOCH, Instant.EPOCH);
  }

  private static Query ids(Object... ids) {
    return new Query.Match(ID, new Condition.Term(List.of(ids)));
  }

  private final StatusGroups groups =
      new StatusGroups(
          () -> List.of(status("st_a", "active"), status("st_w", "won"), status("st_l", "lost")));

  @Test
  void activeIsActiveAndWonStatusesOrNone() {
    assertThat(groups.query(List.of("active"), ID, LABEL))
        .isEqualTo(new Query.Or(List.of(ids("st_a", "st_w"), NONE)));
  }

  @Test
  void hiddenIsLostStatuses() {
    assertThat(groups.query(List.of("hidden"), ID, LABEL)).isEqualTo(ids("st_l"));
  }

  @Test
  void nullAndEmptyAreNoStatusAndOtherWordsAreLabels() {
    assertThat(groups.query(List.of("null"), ID, LABEL)).isEqualTo(NONE);
    assertThat(groups.query(List.of(""), ID, LABEL)).isEqualTo(NONE);
    assertThat(groups.query(List.of("Cold", "hidden"), ID, LABEL))
        .isEqualTo(
            new Query.Or(
                List.of(ids("st_l"), new Query.Match(LABEL, new Condition.Term(List.of("Cold"))))));
  }

  @Test
  void anEmptyGroupMatchesNothing() {
    StatusGroups noLost = new StatusGroups(() -> List.of(status("st_a", "active")));
    assertThat(noLost.query(List.of("hidden"), ID, LABEL)).isEqualTo(new Query.Or(List.of()));
  }

  @Test
  void statusesAreReadOnlyWhenAGroupIsNamed() {
    StatusGroups unread =
        new StatusGroups(() -> {
          throw new AssertionError("statuses read for labels alone");
        });
    assertThat(unread.query(List.of("Cold"), ID, LABEL))
        .isEqualTo(new Query.Match(LABEL, new Condition.Term(List.of("Cold"))));
  }
}
