package org.leadport.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The {@code --url} option of the commands that talk to a running server over HTTP. */
final class ServerUrl {
  @Option(
      names = "--url",
      defaultValue = "http://localhost:8080",
      paramLabel = "URL",
      description = "The server (default ${DEFAULT-VALUE}).")
  URI url;

  /** The server's address without a trailing slash, ready for a path to be appended. */
  String base() {
    return url.toString().replaceAll("/+$", "");
  }

  /** The client {@code export} and {@code changes} call the API with (HTTP/1.1, 10 s connect). */
  static HttpClient apiClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }
}
