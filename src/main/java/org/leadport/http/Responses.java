package org.leadport.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/** Writes JSON responses. */
public final class Responses {
  private Responses() {}

  public static void json(Context ctx, int status, Object body) {
    ctx.status(status);
    ctx.contentType("application/json");
    ctx.result(Json.bytes(body));
  }

  public static void noContent(Context ctx) {
    ctx.status(204);
  }

  /** The native error shape: {@code {"code","message","param"?,"request_id"}}. */
  public static ObjectNode error(
      Context ctx, String code, @Nullable String message, @Nullable String param) {
    ObjectNode body = Json.object();
    body.put("code", code);
    body.put("message", message);
    if (param != null) {
      body.put("param", param);
    }
    body.put("request_id", Requests.id(ctx));
    return body;
  }
}
