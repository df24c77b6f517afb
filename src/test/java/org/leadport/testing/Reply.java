package org.leadport.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import org.leadport.json.Json;

/** An HTTP response as tests look at it. */
public record Reply(int status, HttpHeaders headers, byte[] body) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public JsonNode json() {
    try {
      return Json.MAPPER.readTree(body);
    } catch (java.io.IOException e) {
      throw new AssertionError("response is not JSON: " + text(), e);
    }
  }

  public String header(String name) {
    return headers.firstValue(name).orElse(null);
  }

  @Override
  public String toString() {
    return status + " " + text();
  }
}
