package org.leadport.surface.close;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.leadport.json.Json;
import org.leadport.testing.AsyncExports;
import org.leadport.testing.ExchangeRecorder;
import org.leadport.testing.Reply;

/**
 * Sends exactly what Close's Python client sends ({@code closeio_api.API}, release 2.1, on
 * python-requests) and reads the answers the way it does, for black-box tests of the Close surface.
 *
 * <p>What the client does, from its source: {@code API(base_url, api_key, tz_offset)} keeps a
 * requests session with Basic auth (the key as user, an empty password), {@code User-Agent:
 * Close/2.1 python (python-requests/…)} and {@code X-TZ-Offset}; requests adds {@code Accept:
 * *}{@code /*} and {@code Accept-Encoding: gzip, deflate}. {@code get/post/put/delete(endpoint)}
 * request {@code base_url + endpoint + "/"}; GET parameters are form-encoded ({@code ,} as {@code
 * %2C}); bodies are {@code json.dumps} output ({@code ", "} and {@code ": "} separators, non-ASCII
 * as lower-case {@code \}{@code uXXXX}) with {@code Content-Type: application/json}. A 429 is
 * retried (up to 5 tries) after sleeping the {@code reset} of {@code RateLimit: limit=…,
 * remaining=…, reset=…}, else {@code Retry-After}, else {@code RateLimit-Reset}, else 2 s. A 2xx
 * answers its JSON ({@code ""} for a 204); a 400 raises {@code ValidationError} with the body's
 * {@code errors} list and {@code field-errors} object; anything else raises {@code APIError}.
 * (python-requests also sends {@code Connection: keep-alive}, which Java's client manages itself.)
 */
final class CloseioApiClient {
  static final String USER_AGENT = "Close/2.1 python (python-requests/2.32.3)";
  private static final Pattern RATE_LIMIT =
      Pattern.compile("limit=(\\d+), remaining=(\\d+), reset=(\\d+)");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The client's {@code APIError}: any answer but a 2xx or a 400. */
  static class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient Reply response;

    ApiError(Reply response) {
      super(response.status() + " " + response.text());
      this.response = response;
    }
  }

  /** The client's {@code ValidationError}: a 400, with its {@code errors} and field errors. */
  static final class ValidationError extends ApiError {
    private static final long serialVersionUID = 1L;
    final transient JsonNode errors;
    final transient JsonNode fieldErrors;

    ValidationError(Reply response) {
      super(response);
      JsonNode data = response.json();
      this.errors = data.has("errors") ? data.get("errors") : Json.array();
      this.fieldErrors = data.has("field-errors") ? data.get("field-errors") : Json.object();
    }
  }

  private final String baseUrl;
  private final String apiKey;
  private final String tzOffset;
  private final Consumer<Duration> sleep;

  /** Every request sent, as sent, for assertions on the wire. */
  final List<HttpRequest> sent = new ArrayList<>();

  /** Every request body sent, as text. */
  final List<String> bodies = new ArrayList<>();

  /**
   * @param sleep what the client's {@code time.sleep} does (tests move a clock instead of waiting)
   */
  CloseioApiClient(String baseUrl, String apiKey, String tzOffset, Consumer<Duration> sleep) {
    this.baseUrl = baseUrl;
    this.apiKey = apiKey;
    this.tzOffset = tzOffset;
    this.sleep = sleep;
  }

  JsonNode get(String endpoint) {
    return get(endpoint, Map.of());
  }

  /** {@code api.get(endpoint, params)}, parameters in the given order. */
  JsonNode get(String endpoint, Map<String, String> params) {
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, String> e : new LinkedHashMap<>(params).entrySet()) {
      query.append(query.isEmpty() ? "?" : "&");
      query.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8));
      query.append('=').append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
    }
    return dispatch("GET", endpoint + "/" + query, null);
  }

  /** {@code api.post(endpoint, data)}. */
  JsonNode post(String endpoint, Object data) {
    return dispatch("POST", endpoint + "/", data);
  }

  /** {@code api.delete(endpoint)}. */
  JsonNode delete(String endpoint) {
    return dispatch("DELETE", endpoint + "/", null);
  }

  private JsonNode dispatch(String method, String endpoint, Object data) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + endpoint))
            .timeout(Duration.ofMinutes(1))
            .header("User-Agent", USER_AGENT)
            .header("Accept-Encoding", "gzip, deflate")
            .header("Accept", "*/*")
            .header("X-TZ-Offset", tzOffset)
            .header("Authorization", basic(apiKey));
    if (data == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      String body = dumps(data);
      bodies.add(body);
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    HttpRequest request = b.build();
    Reply response = null;
    for (int retry = 0; retry < 5; retry++) {
      sent.add(request);
      response = send(request);
      if (response.status() == 429) {
        sleep.accept(rateLimitSleep(response));
        continue;
      }
      break;
    }
    if (response.status() >= 200 && response.status() < 400) {
      return response.status() == 204 ? Json.MAPPER.getNodeFactory().textNode("") : response.json();
    }
    if (response.status() == 400) {
      throw new ValidationError(response);
    }
    throw new ApiError(response);
  }

  /** {@code _get_rate_limit_sleep_time}. */
  static Duration rateLimitSleep(Reply response) {
    String rateLimit = response.header("RateLimit");
    if (rateLimit != null) {
      Matcher m = RATE_LIMIT.matcher(rateLimit);
      if (m.lookingAt()) {
        return seconds(m.group(3));
      }
    }
    if (response.header("Retry-After") != null) {
      return seconds(response.header("Retry-After"));
    }
    if (response.header("RateLimit-Reset") != null) {
      return seconds(response.header("RateLimit-Reset"));
    }
    return Duration.ofSeconds(2);
  }

  private static Duration seconds(String s) {
    return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
  }

  /** What requests' {@code HTTPBasicAuth(api_key, '')} sends. */
  static String basic(String key) {
    return "Basic "
        + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Python's {@code json.dumps(data)} with its default separators and ASCII escaping. */
  static String dumps(Object data) {
    MinimalPrettyPrinter python =
        new MinimalPrettyPrinter() {
          private static final long serialVersionUID = 1L;

          @Override
          public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
          }

          @Override
          public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
          }

          @Override
          public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(", ");
          }
        };
    try {
      String text =
          Json.MAPPER
              .writer(python)
              .with(JsonWriteFeature.ESCAPE_NON_ASCII)
              .writeValueAsString(data);
      Matcher m = Pattern.compile("\\\\u([0-9A-F]{4})").matcher(text);
      return m.replaceAll(r -> "\\\\u" + r.group(1).toLowerCase(java.util.Locale.ROOT));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reply send(HttpRequest request) {
    try {
      HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Reply reply = new Reply(r.statusCode(), r.headers(), r.body());
      ExchangeRecorder.record(request.method(), request.uri(), reply);
      // requests (urllib3) decodes the Content-Encoding it asked for before .json() reads it.
      String encoding = r.headers().firstValue("Content-Encoding").orElse("");
      if (encoding.equalsIgnoreCase("gzip")) {
        return new Reply(r.statusCode(), r.headers(), AsyncExports.gunzip(r.body()));
      }
      if (encoding.equalsIgnoreCase("deflate")) {
        try (var in =
            new java.util.zip.InflaterInputStream(new java.io.ByteArrayInputStream(r.body()))) {
          return new Reply(r.statusCode(), r.headers(), in.readAllBytes());
        }
      }
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
