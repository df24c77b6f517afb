package org.leadport.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guide of {@code docs/guides} as the guide test sees it: its {@code ```sh} blocks in order, each
 * with the {@code ```text} block that follows it, if any, as its expected output.
 *
 * <p>The rules, strict so that a slip in a guide fails loudly rather than going untested:
 *
 * <ul>
 *   <li>{@code ```sh} blocks are run, in order, in one bash ({@code -euo pipefail}). An info string
 *       may add {@code requires=node}: the block needs Node.js and npm.
 *   <li>A {@code ```text} block must come right after a {@code ```sh} block (only blank lines
 *       between); each of its non-blank lines must appear, in that order, as a whole line of what
 *       the block prints (stdout and stderr). {@code <name>} matches one or more non-blank
 *       characters, {@code <name...>} any text; a line {@code ...} stands for lines left out.
 *   <li>{@code ```console}, {@code ```python} and {@code ```json} blocks are shown, not run. Any
 *       other fence is an error, so that a block meant to run cannot be skipped by a typo.
 * </ul>
 */
record Guide(String name, List<Step> steps) {
  /** Fence languages that are shown but not run. */
  static final Set<String> SHOWN = Set.of("console", "python", "json");

  /** What a step may require: see the class comment. */
  static final Set<String> REQUIREMENTS = Set.of("node", "zstd");

  private static final Pattern FENCE = Pattern.compile("^```\\s*(\\S*)\\s*(.*)$");
  private static final Pattern PLACEHOLDER = Pattern.compile("<[a-z][a-z0-9 _-]*(\\.\\.\\.)?>");

  /**
   * One {@code ```sh} block: its number (from 1), its line in the guide, the script, what it
   * requires, and the lines of its expected output (empty when it has none).
   */
  record Step(int number, int line, String script, Set<String> requires, List<String> expected) {
    boolean requires(String what) {
      return requires.contains(what);
    }
  }

  /** Parses a guide, failing with the line of the first thing that breaks the rules. */
  static Guide parse(String name, String markdown) {
    String[] lines = markdown.split("\n", -1);
    List<Step> steps = new ArrayList<>();
    boolean lastWasSh = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (!line.startsWith("```")) {
        if (!line.isBlank()) {
          lastWasSh = false;
        }
        continue;
      }
      Matcher fence = FENCE.matcher(line);
      if (!fence.matches() || fence.group(1).isEmpty()) {
        throw new IllegalArgumentException(
            name + ":" + (i + 1) + ": a fenced block needs a language (sh, text, console, …)");
      }
      String language = fence.group(1);
      String info = fence.group(2).trim();
      int start = i + 1;
      int end = start;
      while (end < lines.length && !lines[end].startsWith("```")) {
        end++;
      }
      if (end == lines.length) {
        throw new IllegalArgumentException(name + ":" + (i + 1) + ": the block is never closed");
      }
      if (!lines[end].trim().equals("```")) {
        throw new IllegalArgumentException(
            name + ":" + (end + 1) + ": a closing fence must be ``` alone");
      }
      List<String> body = List.of(lines).subList(start, end);
      switch (language) {
        case "sh" -> {
          steps.add(
              new Step(
                  steps.size() + 1,
                  i + 1,
                  String.join("\n", body) + "\n",
                  requires(name, i, info),
                  List.of()));
          lastWasSh = true;
        }
        case "text" -> {
          if (!lastWasSh) {
            throw new IllegalArgumentException(
                name + ":" + (i + 1) + ": a text block must follow a sh block directly");
          }
          Step s = steps.removeLast();
          List<String> expected =
              body.stream().map(Guide::stripTrailing).filter(l -> !l.isBlank()).toList();
          if (expected.isEmpty()) {
            throw new IllegalArgumentException(name + ":" + (i + 1) + ": an empty text block");
          }
          steps.add(new Step(s.number(), s.line(), s.script(), s.requires(), expected));
          lastWasSh = false;
        }
        default -> {
          if (!SHOWN.contains(language)) {
            throw new IllegalArgumentException(
                name
                    + ":"
                    + (i + 1)
                    + ": unknown block language "
                    + language
                    + " (sh is run, text is expected output, "
                    + SHOWN
                    + " are only shown)");
          }
          if (!info.isEmpty()) {
            throw new IllegalArgumentException(
                name + ":" + (i + 1) + ": only sh blocks take options, not " + language);
          }
          lastWasSh = false;
        }
      }
      i = end;
    }
    if (steps.isEmpty()) {
      throw new IllegalArgumentException(name + ": no sh block to run");
    }
    return new Guide(name, List.copyOf(steps));
  }

  private static Set<String> requires(String name, int i, String info) {
    if (info.isEmpty()) {
      return Set.of();
    }
    if (!info.startsWith("requires=")) {
      throw new IllegalArgumentException(
          name + ":" + (i + 1) + ": unknown sh block option " + info + " (requires=node)");
    }
    Set<String> what = Set.of(info.substring("requires=".length()).split(","));
    if (!REQUIREMENTS.containsAll(what)) {
      throw new IllegalArgumentException(
          name + ":" + (i + 1) + ": unknown requirement in " + info + "; known: " + REQUIREMENTS);
    }
    return what;
  }

  /** The first {@code n} steps: for tests of the runner that need not run a whole guide. */
  Guide firstSteps(int n) {
    return new Guide(name, steps.subList(0, n));
  }

  /**
   * The expected lines that {@code output} lacks: each expected line must match a whole output line
   * after the one the previous expected line matched. Empty when all are there.
   */
  static List<String> missing(List<String> expected, List<String> output) {
    List<String> missing = new ArrayList<>();
    int at = 0;
    for (String want : expected) {
      if (want.equals("...") || want.equals("…")) {
        continue;
      }
      Pattern p = pattern(want);
      int found = -1;
      for (int j = at; j < output.size(); j++) {
        if (p.matcher(output.get(j)).matches()) {
          found = j;
          break;
        }
      }
      if (found < 0) {
        missing.add(want);
      } else {
        at = found + 1;
      }
    }
    return missing;
  }

  /** An expected line as a regular expression: literal text, placeholders as described above. */
  static Pattern pattern(String expected) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(expected);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(expected.substring(last, m.start())));
      regex.append(m.group(1) == null ? "\\S+" : ".+");
      last = m.end();
    }
    regex.append(Pattern.quote(expected.substring(last)));
    return Pattern.compile(regex.toString());
  }

  /** Output as lines: split at LF, CRLF and lone CR (progress bars), trailing blanks removed. */
  static List<String> lines(String output) {
    return List.of(output.split("\r\n|\r|\n", -1)).stream().map(Guide::stripTrailing).toList();
  }

  private static String stripTrailing(String s) {
    return s.stripTrailing();
  }
}
