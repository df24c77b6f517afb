package org.leadport.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.leadport.docs.Guide.Step;

/** The guide rules of {@link Guide}: which blocks run, what they must print. */
class GuideTest {
  static final String F = "```";

  @Test
  void shBlocksRunInOrderWithTheTextBlockAfterThemAsExpectedOutput() {
    Guide g =
        Guide.parse(
            "g.md",
            String.join(
                "\n",
                "# Title",
                "",
                F + "console",
                "$ export X=1",
                F,
                "",
                F + "sh",
                "echo one",
                "echo two",
                F,
                "",
                F + "text",
                "one",
                "",
                "two  ",
                F,
                "Prose.",
                F + "sh requires=node",
                "node x.mjs",
                F,
                F + "python",
                "print(1)",
                F,
                ""));
    assertThat(g.steps())
        .containsExactly(
            new Step(1, 7, "echo one\necho two\n", Set.of(), List.of("one", "two")),
            new Step(2, 18, "node x.mjs\n", Set.of("node"), List.of()));
    assertThat(g.firstSteps(1).steps()).hasSize(1);
  }

  @Test
  void slipsThatWouldLeaveABlockUntestedAreErrors() {
    assertRejected(F + "bash\necho\n" + F + "\n", "g.md:1: unknown block language bash");
    assertRejected(F + "\necho\n" + F + "\n", "g.md:1: a fenced block needs a language");
    assertRejected(F + "sh\necho\n", "g.md:1: the block is never closed");
    assertRejected(F + "sh\necho\n" + F + "text\n", "g.md:3: a closing fence must be");
    assertRejected(F + "sh\necho\n" + F + "\n" + F + "text\nx\n", "g.md:4: the block is never");
    assertRejected(F + "sh\necho\n" + F + "\nProse.\n" + F + "text\nx\n" + F, "g.md:5: a text");
    assertRejected(F + "text\nx\n" + F + "\n", "g.md:1: a text block must follow a sh block");
    assertRejected(F + "sh\necho\n" + F + "\n" + F + "text\n\n" + F, "g.md:4: an empty text");
    assertRejected(F + "sh requires=java\necho\n" + F, "g.md:1: unknown requirement");
    assertRejected(F + "sh quiet\necho\n" + F, "g.md:1: unknown sh block option quiet");
    assertRejected(F + "python requires=node\nx\n" + F, "g.md:1: only sh blocks take options");
    assertRejected(F + "sh\necho\n" + F + " trailing\n", "g.md:3: a closing fence");
    assertRejected("No blocks.\n", "g.md: no sh block to run");
  }

  static void assertRejected(String markdown, String message) {
    assertThatThrownBy(() -> Guide.parse("g.md", markdown))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void expectedLinesMustAppearInOrderAsWholeLines() {
    List<String> out = Guide.lines("a\r\nprogress 1\rprogress 2\rb  \nc\n");
    assertThat(out).containsExactly("a", "progress 1", "progress 2", "b", "c", "");
    assertThat(Guide.missing(List.of("a", "c"), out)).isEmpty();
    assertThat(Guide.missing(List.of("a", "...", "b"), out)).isEmpty();
    assertThat(Guide.missing(List.of("c", "a"), out)).containsExactly("a");
    assertThat(Guide.missing(List.of("progress"), out)).containsExactly("progress");
    assertThat(Guide.missing(List.of("b c"), out)).containsExactly("b c");
  }

  @Test
  void placeholdersMatchTokensOrText() {
    assertThat(Guide.pattern("expo_<id> is created").matcher("expo_12aB is created").matches())
        .isTrue();
    assertThat(Guide.pattern("expo_<id> is created").matcher("expo_ is created").matches())
        .isFalse();
    assertThat(Guide.pattern("<id> <name...>").matcher("lead_1 Cedar Works Inc.").matches())
        .isTrue();
    assertThat(Guide.pattern("<id> done").matcher("lead_1 lead_2 done").matches()).isFalse();
    assertThat(
            Guide.pattern("in <s> s (<rate> rows/s)").matcher("in 1.4 s (6897 rows/s)").matches())
        .isTrue();
    assertThat(Guide.pattern("a.b [c]").matcher("axb [c]").matches()).isFalse();
    assertThat(Guide.pattern("<Id>").matcher("<Id>").matches()).as("not a placeholder").isTrue();
  }
}
