package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Bodies;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;

/**
 * The steps every catalog resource of the native API (statuses, custom fields, lists, saved
 * searches) takes the same way: a listing under {@code data}, one resource or its 404, a deletion's
 * 204, a small JSON body with known keys, and a rename that may not be blank. Kept in one place so
 * the four resources answer alike.
 */
final class Resources {
  private Resources() {}

  /** Answers 200 with every item as {@code {"data": [...]}}; no query parameters are taken. */
  static <T> void list(Context ctx, List<T> items, Function<T, ObjectNode> json) {
    Requests.allowQueryParams(ctx, Set.of());
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    items.forEach(item -> data.add(json.apply(item)));
    Responses.json(ctx, 200, body);
  }

  /** The resource named by the path's {@code id}, or a 404 naming {@code kind} and that id. */
  static <T> T found(Context ctx, Function<String, Optional<T>> find, String kind) {
    String id = ctx.pathParam("id");
    return find.apply(id).orElseThrow(() -> LeadportException.notFound(kind, id));
  }

  /** Deletes the resource named by the path's {@code id} and answers 204. */
  static void delete(Context ctx, java.util.function.Consumer<String> delete) {
    Requests.allowQueryParams(ctx, Set.of());
    delete.accept(ctx.pathParam("id"));
    Responses.noContent(ctx);
  }

  /** The request's small JSON body, which may hold only {@code keys}; no query parameters. */
  static JsonInput body(Context ctx, String... keys) {
    Requests.allowQueryParams(ctx, Set.of());
    return JsonInput.of(Bodies.json(ctx, Bodies.SMALL), "").allowOnly(Set.of(keys));
  }

  /** A new name or label under {@code key} (at most 200 characters), null when absent. */
  static @Nullable String rename(JsonInput in, String key) {
    String name = in.string(key, 200);
    if (name != null && name.isBlank()) {
      throw LeadportException.invalid(key, key + " must not be blank.");
    }
    return name;
  }
}
