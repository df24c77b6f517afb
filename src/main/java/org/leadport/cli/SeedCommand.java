package org.leadport.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code leadport seed}: asks a running server for deterministic synthetic data. */
@Command(
    name = "seed",
    mixinStandardHelpOptions = true,
    description = {
      "Asks a running server for deterministic synthetic leads in a workspace.",
      "The workspace is created when missing; the admin token comes from LEADPORT_ADMIN_TOKEN",
      "or <data-dir>/admin-token."
    })
final class SeedCommand implements Callable<Integer> {
  @Option(
      names = "--workspace",
      required = true,
      paramLabel = "NAME",
      description = "Workspace name.")
  String workspace;

  @Option(names = "--leads", required = true, paramLabel = "N", description = "Leads to generate.")
  long leads;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "SEED",
      description = "Same seed, same data (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin ServerUrl server;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "The server's data dir, to read its admin token (default ./data).")
  @Nullable Path dataDir;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Override
  public Integer call() throws Exception {
    String token = adminToken();
    String base = server.base();
    JsonNode found =
        send(
            token,
            HttpRequest.newBuilder(
                    URI.create(
                        base
                            + "/admin/v1/workspaces?name="
                            + URLEncoder.encode(workspace, StandardCharsets.UTF_8)))
                .GET());
    String id;
    if (found.path("data").isEmpty()) {
      id =
          send(token, post(base + "/admin/v1/workspaces", Json.object().put("name", workspace)))
              .path("id")
              .asText();
    } else {
      id = found.path("data").get(0).path("id").asText();
    }
    JsonNode result =
        send(
            token,
            post(
                base + "/admin/v1/workspaces/" + id + "/seed",
                Json.object().put("leads", leads).put("seed", seed)));
    System.out.println("Seeded workspace " + workspace + " (" + id + "): " + result);
    return 0;
  }

  private static HttpRequest.Builder post(String uri, Object body) {
    return HttpRequest.newBuilder(URI.create(uri))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body)));
  }

  private JsonNode send(String token, HttpRequest.Builder request)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request.header("Authorization", "Bearer " + token).timeout(Duration.ofHours(1)).build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(
          "The server answered " + response.statusCode() + ": " + response.body());
    }
    return Json.parse(response.body());
  }

  private String adminToken() {
    String env = System.getenv("LEADPORT_ADMIN_TOKEN");
    if (env != null && !env.isBlank()) {
      return env.trim();
    }
    Path dir =
        dataDir != null
            ? dataDir
            : Path.of(System.getenv().getOrDefault("LEADPORT_DATA_DIR", "./data"));
    Path file = dir.resolve("admin-token");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "No admin token: set LEADPORT_ADMIN_TOKEN or pass --data-dir of the server ("
              + file
              + ")",
          e);
    }
  }
}
