package org.leadport.surface.leadapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.leadport.LeadportException;
import org.leadport.http.Guard;
import org.leadport.http.Requests;
import org.leadport.http.Responses;
import org.leadport.json.Json;
import org.leadport.json.JsonInput;
import org.leadport.json.Times;
import org.leadport.model.CustomField;
import org.leadport.store.ApiKeyRepository.Principal;
import org.leadport.store.CustomFieldRepository;
import org.leadport.store.Scope;
import org.leadport.store.Status;
import org.leadport.store.StatusRepository;

/** Lead statuses and custom field definitions: the workspace's catalog. */
public final class CatalogRoutes {
  private static final Set<String> STATUS_TYPES = Set.of("active", "won", "lost");

  private final StatusRepository statuses;
  private final CustomFieldRepository customFields;
  private final Guard guard;

  public CatalogRoutes(StatusRepository statuses, CustomFieldRepository customFields, Guard guard) {
    this.statuses = statuses;
    this.customFields = customFields;
    this.guard = guard;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/statuses", guard.scope(Scope.LEADS_READ, this::listStatuses));
    r.post("/api/v1/statuses", guard.scope(Scope.LEADS_WRITE, this::createStatus));
    r.get("/api/v1/statuses/{id}", guard.scope(Scope.LEADS_READ, this::getStatus));
    r.patch("/api/v1/statuses/{id}", guard.scope(Scope.LEADS_WRITE, this::patchStatus));
    r.delete("/api/v1/statuses/{id}", guard.scope(Scope.LEADS_WRITE, this::deleteStatus));
    r.get("/api/v1/custom_fields", guard.scope(Scope.LEADS_READ, this::listFields));
    r.post("/api/v1/custom_fields", guard.scope(Scope.LEADS_WRITE, this::createField));
    r.get("/api/v1/custom_fields/{id}", guard.scope(Scope.LEADS_READ, this::getField));
    r.patch("/api/v1/custom_fields/{id}", guard.scope(Scope.LEADS_WRITE, this::patchField));
    r.delete("/api/v1/custom_fields/{id}", guard.scope(Scope.LEADS_WRITE, this::deleteField));
  }

  private void listStatuses(Context ctx, Principal p) {
    Resources.list(ctx, statuses.list(p.workspaceId()), CatalogRoutes::json);
  }

  private void createStatus(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "label", "type");
    String label = in.requiredString("label", 200);
    String type = in.oneOf("type", STATUS_TYPES);
    Status s = statuses.create(p.workspaceId(), label, type == null ? "active" : type);
    Responses.json(ctx, 201, json(s));
  }

  private void getStatus(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    Status s = Resources.found(ctx, id -> statuses.find(p.workspaceId(), id), "Status");
    Responses.json(ctx, 200, json(s));
  }

  private void patchStatus(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "label", "type", "position");
    String label = Resources.rename(in, "label");
    Long position = in.integer("position", 0, 10_000);
    Status s =
        statuses.update(
            p.workspaceId(),
            ctx.pathParam("id"),
            label,
            in.oneOf("type", STATUS_TYPES),
            position == null ? null : position.intValue());
    Responses.json(ctx, 200, json(s));
  }

  private void deleteStatus(Context ctx, Principal p) {
    Resources.delete(ctx, id -> statuses.delete(p.workspaceId(), id));
  }

  private void listFields(Context ctx, Principal p) {
    Resources.list(ctx, customFields.list(p.workspaceId()), CatalogRoutes::json);
  }

  private void createField(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "name", "type", "choices");
    String name = in.requiredString("name", 200);
    String typeName =
        in.oneOf("type", Set.of("text", "number", "date", "datetime", "choices", "boolean"));
    if (typeName == null) {
      throw LeadportException.invalid(
          "type", "type is required: text, number, date, datetime, choices or boolean.");
    }
    CustomField.Type type = CustomField.Type.valueOf(typeName.toUpperCase(Locale.ROOT));
    List<String> choices = in.strings("choices", 1000, 200);
    if (type == CustomField.Type.CHOICES && choices.isEmpty()) {
      throw LeadportException.invalid("choices", "A choices field needs at least one choice.");
    }
    if (type != CustomField.Type.CHOICES && in.has("choices")) {
      throw LeadportException.invalid("choices", "choices only apply to a field of type choices.");
    }
    CustomField f = customFields.create(p.workspaceId(), name, type, choices);
    Responses.json(ctx, 201, json(f));
  }

  private void getField(Context ctx, Principal p) {
    Requests.allowQueryParams(ctx, Set.of());
    CustomField f =
        Resources.found(ctx, id -> customFields.find(p.workspaceId(), id), "Custom field");
    Responses.json(ctx, 200, json(f));
  }

  private void patchField(Context ctx, Principal p) {
    JsonInput in = Resources.body(ctx, "name", "choices");
    String name = Resources.rename(in, "name");
    List<String> choices = in.has("choices") ? in.strings("choices", 1000, 200) : null;
    if (choices != null && choices.isEmpty()) {
      // [] or null would leave a choices field that no value can satisfy.
      throw LeadportException.invalid("choices", "A choices field needs at least one choice.");
    }
    CustomField f = customFields.update(p.workspaceId(), ctx.pathParam("id"), name, choices);
    Responses.json(ctx, 200, json(f));
  }

  private void deleteField(Context ctx, Principal p) {
    Resources.delete(ctx, id -> customFields.delete(p.workspaceId(), id));
  }

  static ObjectNode json(Status s) {
    ObjectNode o = Json.object();
    o.put("id", s.id());
    o.put("label", s.label());
    o.put("type", s.type());
    o.put("position", s.position());
    o.put("created_at", Times.iso(s.createdAt()));
    o.put("updated_at", Times.iso(s.updatedAt()));
    return o;
  }

  static ObjectNode json(CustomField f) {
    ObjectNode o = Json.object();
    o.put("id", f.id());
    o.put("name", f.name());
    o.put("type", f.type().wireName());
    ArrayNode choices = o.putArray("choices");
    f.choices().forEach(choices::add);
    o.put("created_at", Times.iso(f.createdAt()));
    o.put("updated_at", Times.iso(f.updatedAt()));
    return o;
  }
}
