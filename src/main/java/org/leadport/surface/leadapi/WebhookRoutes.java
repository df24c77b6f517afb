package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.json.Times;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.Scope;
import org.leadport.webhooks.Attempt;
import org.leadport.webhooks.Delivery;
import org.leadport.webhooks.DeliveryLog;
import org.leadport.webhooks.Destinations;
import org.leadport.webhooks.Endpoint;
import org.leadport.webhooks.EventType;
import org.leadport.webhooks.WebhookEndpoints;

/**
 * Signed webhooks of the native API: endpoints created (the {@code whsec_} secret shown once),
 * listed, read, deleted, their secret rotated, enabled again after they were disabled; and each
 * endpoint's delivery log with manual redelivery. Every route takes {@code leads.write}.
 */
public final class WebhookRoutes {
  private static final String BASE = "/api/v1/webhooks";

  private final WebhookEndpoints endpoints;
  private final DeliveryLog log;
  private final Destinations destinations;
  private final Guard guard;

  public WebhookRoutes(
      WebhookEndpoints endpoints, DeliveryLog log, Destinations destinations, Guard guard) {
    this.endpoints = endpoints;
    this.log = log;
    this.destinations = destinations;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.post(BASE, guard.scope(Scope.LEADS_WRITE, this::create));
    r.get(BASE, guard.scope(Scope.LEADS_WRITE, this::list));
    r.get(BASE + "/{id}", guard.scope(Scope.LEADS_WRITE, this::get));
    r.delete(BASE + "/{id}", guard.scope(Scope.LEADS_WRITE, this::delete));
    r.post(BASE + "/{id}/rotate-secret", guard.scope(Scope.LEADS_WRITE, this::rotate));
    r.post(BASE + "/{id}/enable", guard.scope(Scope.LEADS_WRITE, this::enable));
    r.get(BASE + "/{id}/deliveries", guard.scope(Scope.LEADS_WRITE, this::deliveries));
    r.post(
        BASE + "/{id}/deliveries/{delivery_id}/redeliver",
        guard.scope(Scope.LEADS_WRITE, this::redeliver));
  }

  private void create(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "url", "events", "description");
    URI url = url(in.requiredString("url", Destinations.MAX_URL));
    Set<EventType> events = events(in);
    String description = in.string("description", 500);
    WebhookEndpoints.WithSecret made =
        endpoints.create(p.workspaceId(), p.keyId(), url.toString(), events, description);
    ctx.header("Location", BASE + "/" + made.endpoint().id());
    Responses.json(ctx, 201, json(made.endpoint()).put("secret", made.secret().text()));
  }

  private URI url(String text) {
    URI url;
    try {
      url = Destinations.parse(text);
    } catch (IllegalArgumentException e) {
      throw LeadportException.invalid(
          "url", e.getMessage() == null ? "url is not a valid URL." : e.getMessage());
    }
    destinations
        .refusal(url)
        .ifPresent(why -> {
          throw LeadportException.invalid("url", "url is refused: " + why + ".");
        });
    return url;
  }

  private static Set<EventType> events(JsonInput in) {
    List<String> names = in.strings("events", 20, 100);
    if (names.isEmpty()) {
      throw LeadportException.invalid(
          "events",
          "events must name at least one event of: "
              + String.join(", ", EventType.wireNames())
              + ".");
    }
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      events.add(
          EventType.fromWire(name)
              .orElseThrow(() ->
                  LeadportException.invalid(
                      "events",
                      "events holds an unknown event '"
                          + name
                          + "'; the events are: "
                          + String.join(", ", EventType.wireNames())
                          + ".")));
    }
    return events;
  }

  private void list(Context ctx, Principal p) {
    Resources.list(ctx, endpoints.list(p.workspaceId()), WebhookRoutes::json);
  }

  private void get(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Responses.json(ctx, 200, json(endpoint(ctx, p)));
  }

  private void delete(Context ctx, Principal p) {
    Resources.delete(ctx, id -> endpoints.delete(p.workspaceId(), id));
  }

  private void rotate(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    WebhookEndpoints.WithSecret rotated = endpoints.rotate(p.workspaceId(), ctx.pathParam("id"));
    Responses.json(ctx, 200, json(rotated.endpoint()).put("secret", rotated.secret().text()));
  }

  private void enable(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Responses.json(ctx, 200, json(endpoints.enable(p.workspaceId(), ctx.pathParam("id"))));
  }

  private void deliveries(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of("cursor", "limit"));
    Endpoint endpoint = endpoint(ctx, p);
    int limit = Requests.intQuery(ctx, "limit", 1, 100, 20);
    DeliveryLog.Page page = log.page(endpoint, ctx.queryParam("cursor"), limit);
    ObjectNode body = Json.object();
    ArrayNode data = body.putArray("data");
    for (DeliveryLog.Entry e : page.entries()) {
      ObjectNode d = json(e.delivery());
      ArrayNode attempts = d.putArray("attempts");
      e.attempts().forEach(a -> attempts.add(json(a)));
      data.add(d);
    }
    body.put("has_more", page.nextCursor() != null);
    body.put("next_cursor", page.nextCursor());
    Responses.json(ctx, 200, body);
  }

  private void redeliver(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Endpoint endpoint = endpoint(ctx, p);
    Delivery d = log.redeliver(endpoint, ctx.pathParam("delivery_id"));
    Responses.json(ctx, 202, json(d));
  }

  private Endpoint endpoint(Context ctx, Principal p) {
    return Resources.found(ctx, id -> endpoints.find(p.workspaceId(), id), "Webhook");
  }

  /** An endpoint as every route answers it: never its secret. */
  static ObjectNode json(Endpoint e) {
    ObjectNode o = Json.object();
    o.put("id", e.id());
    o.put("url", e.url());
    ArrayNode events = o.putArray("events");
    for (EventType t : EventType.values()) {
      if (e.events().contains(t)) {
        events.add(t.wireName());
      }
    }
    o.put("description", e.description());
    o.put("status", e.enabled() ? "enabled" : "disabled");
    o.put("disabled_at", Times.iso(e.disabledAt()));
    o.put("disabled_reason", e.disabledReason());
    o.put("previous_secret_expires_at", previousUntil(e));
    o.put("created_at", Times.iso(e.createdAt()));
    o.put("updated_at", Times.iso(e.updatedAt()));
    return o;
  }

  private static @Nullable String previousUntil(Endpoint e) {
    return e.previousSecret() == null ? null : Times.iso(e.previousSecretUntil());
  }

  static ObjectNode json(Delivery d) {
    ObjectNode o = Json.object();
    o.put("id", d.id());
    o.put("event", d.eventType());
    o.put("status", d.state().wireName());
    o.put("attempts_count", d.attempts());
    o.put(
        "next_attempt_at",
        d.state() == Delivery.State.PENDING ? Times.iso(d.nextAttemptAt()) : null);
    o.put("created_at", Times.iso(d.createdAt()));
    o.put("finished_at", Times.iso(d.finishedAt()));
    return o;
  }

  static ObjectNode json(Attempt a) {
    ObjectNode o = Json.object();
    o.put("at", Times.iso(a.at()));
    o.put("status_code", a.statusCode());
    o.put("error", a.error());
    o.put("duration_ms", a.took().toMillis());
    return o;
  }
}
