package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.LeadportException;

class ChangeCursorsTest {
  private static final byte[] SECRET = "a secret of some length".getBytes(StandardCharsets.UTF_8);
  private final ChangeCursors cursors = new ChangeCursors(SECRET, "changes");

  @ParameterizedTest
  @ValueSource(strings = {"1:1:", "700:712:700,705,711", "12345678901:12345678950:12345678920"})
  void aPositionSurvivesItsCursor(String snapshot) {
    ChangePosition p = ChangePosition.ofSnapshot(snapshot);
    assertThat(p.snapshot()).isEqualTo(snapshot);
    assertThat(cursors.decode(cursors.encode(p, "ws_1", "f"), "ws_1", "f", "cursor")).isEqualTo(p);
    ChangePosition advanced =
        p.advance(p.xmax() - 1 < p.xmin() ? p.xmin() : p.xmax() - 1, "lead_x");
    assertThat(cursors.decode(cursors.encode(advanced, "ws_1", "f"), "ws_1", "f", "cursor"))
        .isEqualTo(advanced);
  }

  @Test
  void aCursorIsBoundToWorkspaceFilterAndPurpose() {
    String cursor = cursors.encode(ChangePosition.ofSnapshot("700:712:705"), "ws_1", "f");
    assertThatThrownBy(() -> cursors.decode(cursor, "ws_2", "f", "cursor"))
        .isInstanceOf(LeadportException.class)
        .hasMessage(
            "cursor is not a cursor this server issued for this request; send it back unchanged.");
    assertThatThrownBy(() -> cursors.decode(cursor, "ws_1", "g", "cursor"))
        .isInstanceOf(LeadportException.class);
    assertThatThrownBy(
            () -> new ChangeCursors(SECRET, "other").decode(cursor, "ws_1", "f", "cursor"))
        .isInstanceOf(LeadportException.class);
    char[] tampered = cursor.toCharArray();
    tampered[3] = tampered[3] == 'A' ? 'B' : 'A';
    assertThatThrownBy(() -> cursors.decode(new String(tampered), "ws_1", "f", "since"))
        .isInstanceOfSatisfying(
            LeadportException.class, e -> assertThat(e.param()).isEqualTo("since"));
  }

  @Test
  void aSnapshotSeesWhatCommittedBeforeIt() {
    ChangePosition p = ChangePosition.ofSnapshot("700:712:705,711");
    assertThat(p.sees(699)).isTrue();
    assertThat(p.sees(700)).isTrue();
    assertThat(p.sees(705)).isFalse();
    assertThat(p.sees(706)).isTrue();
    assertThat(p.sees(711)).isFalse();
    assertThat(p.sees(712)).isFalse();
  }

  @Test
  void advancingPastTheSnapshotDropsIt() {
    ChangePosition p = ChangePosition.ofSnapshot("700:712:705,711");
    assertThat(p.advance(705, "lead_a").snapshot()).isEqualTo("700:712:705,711");
    ChangePosition past = p.advance(713, "lead_b");
    assertThat(past.snapshot()).isEqualTo("713:713:");
    assertThat(past.afterLead()).isEqualTo("lead_b");
    assertThatThrownBy(() -> past.advance(713, "lead_a"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1:2", "0:1:", "5:4:", "1:5:6", "1:5:3,2", "a:b:"})
  void aMalformedSnapshotIsRefused(String snapshot) {
    assertThatThrownBy(() -> ChangePosition.ofSnapshot(snapshot))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
