package org.leadport.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/**
 * The lead filter options {@code export} and {@code changes} share, and the query string they
 * become. The order of its parameters is fixed: a state file stores that string and compares it.
 */
final class LeadFilterOptions {
  @Option(names = "--source", paramLabel = "S", description = "Only leads of this source.")
  @Nullable String source;

  @Option(names = "--medium", paramLabel = "M", description = "Only leads of this medium.")
  @Nullable String medium;

  @Option(names = "--campaign", paramLabel = "C", description = "Only leads of this campaign.")
  @Nullable String campaign;

  @Option(
      names = "--status-stage-id",
      paramLabel = "ID",
      description = "Only leads in this status (stat_…).")
  @Nullable String statusStageId;

  @Option(
      names = "--search",
      paramLabel = "Q",
      description = "Only leads whose name, contact names, emails or phones contain this text.")
  @Nullable String search;

  /**
   * The filters as a query string without {@code ?}; {@code from}, {@code to} and {@code
   * includeDeleted} are the export's own filters (null and false leave them out).
   */
  String query(@Nullable String from, @Nullable String to, boolean includeDeleted) {
    Map<String, @Nullable String> q = new LinkedHashMap<>();
    q.put("source", source);
    q.put("medium", medium);
    q.put("campaign", campaign);
    q.put("from", from);
    q.put("to", to);
    q.put("status_stage_id", statusStageId);
    q.put("search", search);
    q.put("include_deleted", includeDeleted ? "true" : null);
    StringJoiner out = new StringJoiner("&");
    q.forEach((name, value) -> {
      if (value != null) {
        out.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
      }
    });
    return out.toString();
  }
}
