package org.leadport.docs;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.leadport.docs.Guide.Step;

/**
 * Runs a guide's steps in one {@code bash -euo pipefail} in a folder, as a reader pasting them into
 * one shell would (variables and functions carry over), and splits what it prints back into the
 * steps with marker lines.
 */
final class GuideRunner {
  private GuideRunner() {}

  /** What one run of a guide came to. */
  record Result(
      Guide guide,
      List<Step> ran,
      List<Step> skipped,
      List<String> outputs,
      boolean finished,
      int exit,
      String output) {

    /** Every failure: the exit of the step that failed, or expected lines a step did not print. */
    List<String> problems() {
      List<String> problems = new ArrayList<>();
      if (!finished) {
        problems.add(
            "timed out in step "
                + describe(outputs.size())
                + "; its output:\n"
                + tail(outputs.size()));
        return problems;
      }
      if (exit != 0) {
        problems.add(
            "exit "
                + exit
                + " in step "
                + describe(outputs.size())
                + "; its output:\n"
                + tail(outputs.size()));
        return problems;
      }
      if (outputs.size() != ran.size()) {
        problems.add(
            "ran " + outputs.size() + " of " + ran.size() + " steps; the output:\n" + output);
        return problems;
      }
      for (int i = 0; i < ran.size(); i++) {
        List<String> missing = Guide.missing(ran.get(i).expected(), Guide.lines(outputs.get(i)));
        if (!missing.isEmpty()) {
          problems.add(
              "step "
                  + describe(i + 1)
                  + " did not print, in this order:\n  "
                  + String.join("\n  ", missing)
                  + "\nexpected:\n  "
                  + String.join("\n  ", ran.get(i).expected())
                  + "\nit printed:\n"
                  + tail(i + 1));
        }
      }
      return problems;
    }

    private String describe(int n) {
      if (n == 0) {
        return "0 (before the first step)";
      }
      Step s = ran.get(n - 1);
      return s.number() + " (" + guide.name() + ":" + s.line() + ")";
    }

    private String tail(int n) {
      String s = n == 0 ? output : outputs.get(n - 1);
      return s.length() <= 6000 ? s : "…" + s.substring(s.length() - 6000);
    }
  }

  /**
   * Runs the steps of {@code guide} that {@code runnable} accepts, in {@code dir}, with {@code env}
   * added to this process's environment less its {@code LEADPORT_*} variables.
   */
  static Result run(
      Guide guide, Path dir, Map<String, String> env, Predicate<Step> runnable, Duration timeout)
      throws IOException, InterruptedException {
    String marker = "@@guide-step-" + UUID.randomUUID() + "@@";
    List<Step> ran = new ArrayList<>();
    List<Step> skipped = new ArrayList<>();
    StringBuilder script = new StringBuilder();
    for (Step step : guide.steps()) {
      if (!runnable.test(step)) {
        skipped.add(step);
        continue;
      }
      ran.add(step);
      script.append("printf '\\n%s\\n' '").append(marker).append("'\n");
      script.append(step.script());
    }
    Path scriptFile = Files.createTempFile(dir.getParent(), "guide-", ".sh");
    Files.writeString(scriptFile, script, StandardCharsets.UTF_8);
    Path log = Files.createTempFile(dir.getParent(), "guide-", ".log");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", scriptFile.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().keySet().removeIf(k -> k.startsWith("LEADPORT_"));
    pb.environment().putAll(env);
    Process p = pb.start();
    boolean finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (!finished) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    String output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
    Files.deleteIfExists(scriptFile);
    Files.deleteIfExists(log);
    List<String> outputs = new ArrayList<>();
    String[] parts = output.split("\n?" + java.util.regex.Pattern.quote(marker) + "\n", -1);
    for (int i = 1; i < parts.length; i++) {
      outputs.add(parts[i]);
    }
    return new Result(
        guide,
        List.copyOf(ran),
        List.copyOf(skipped),
        List.copyOf(outputs),
        finished,
        finished ? p.exitValue() : -1,
        output);
  }
}
