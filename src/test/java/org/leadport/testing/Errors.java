package org.leadport.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

/** Assertions on the native error shape {@code {"code","message","param"?,"request_id"}}. */
public final class Errors {
  private Errors() {}

  /** Exact status, JSON content type, code, the request id echoed, and the param when given. */
  public static void assertError(Reply r, int status, String code, String param) {
    assertThat(r.status()).as(r.toString()).isEqualTo(status);
    assertThat(r.header("Content-Type")).startsWith("application/json");
    JsonNode body = r.json();
    assertThat(body.path("code").asText()).as(r.toString()).isEqualTo(code);
    assertThat(body.path("message").asText()).isNotBlank();
    assertThat(body.path("request_id").asText()).isEqualTo(r.header("X-Request-Id"));
    if (param != null) {
      assertThat(body.path("param").asText()).as(r.toString()).isEqualTo(param);
    }
  }
}
