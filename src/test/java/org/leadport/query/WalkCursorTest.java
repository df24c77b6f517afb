package org.leadport.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.leadport.LeadportException;

/** The sync walk's cursors (version 2 of the keyset cursor payload) and the positions they hold. */
class WalkCursorTest {
  private static final byte[] SECRET = "a secret of some length".getBytes(StandardCharsets.UTF_8);
  private static final KeysetCursor.Position ROW =
      new KeysetCursor.Position(Instant.parse("2026-02-18T13:04:05.123456Z"), "lead_abc");
  private static final ChangePosition FIRST = ChangePosition.ofSnapshot("700:712:700,705,711");
  private final KeysetCursor cursors = new KeysetCursor(SECRET, "leads.export");

  @Test
  void bothPhasesSurviveTheirCursor() {
    WalkPosition keyset = new WalkPosition(ROW, FIRST);
    assertThat(cursors.decodeWalk(cursors.encodeWalk(keyset, "ws_1", "f"), "ws_1", "f", "cursor"))
        .isEqualTo(keyset);
    WalkPosition catchUp = WalkPosition.catchUp(FIRST.advance(705, "lead_zz"));
    WalkPosition decoded =
        cursors.decodeWalk(cursors.encodeWalk(catchUp, "ws_1", "f"), "ws_1", "f", "cursor");
    assertThat(decoded).isEqualTo(catchUp);
    assertThat(decoded.catchingUp()).isTrue();
  }

  @Test
  void aKeysetCursorOfAnOlderServerContinuesWithoutAPosition() {
    String v1 = cursors.encode(ROW, "ws_1", "f");
    assertThat(cursors.decodeWalk(v1, "ws_1", "f", "cursor"))
        .isEqualTo(new WalkPosition(ROW, null));
  }

  @Test
  void aWalkCursorIsBoundLikeEveryCursor() {
    String cursor = cursors.encodeWalk(new WalkPosition(ROW, FIRST), "ws_1", "f");
    assertThatThrownBy(() -> cursors.decodeWalk(cursor, "ws_2", "f", "cursor"))
        .isInstanceOf(LeadportException.class);
    assertThatThrownBy(() -> cursors.decodeWalk(cursor, "ws_1", "g", "cursor"))
        .isInstanceOf(LeadportException.class);
    // Nor is it a plain keyset cursor, or a changes cursor.
    assertThatThrownBy(() -> cursors.decode(cursor, "ws_1", "f", "cursor"))
        .isInstanceOf(LeadportException.class);
    assertThatThrownBy(
            () -> new ChangeCursors(SECRET, "leads.export").decode(cursor, "ws_1", "f", "cursor"))
        .isInstanceOf(LeadportException.class);
  }

  @Test
  void aPositionSurvivesItsText() {
    for (ChangePosition p :
        new ChangePosition[] {
          FIRST,
          FIRST.advance(705, "lead_a:b"),
          FIRST.advance(800, "lead_x"),
          ChangePosition.after(9)
        }) {
      assertThat(ChangePosition.parse(p.toString())).isEqualTo(p);
    }
    assertThatThrownBy(() -> ChangePosition.parse("700:712:/705"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
