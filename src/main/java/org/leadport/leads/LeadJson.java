package org.leadport.leads;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.store.Channels;
import org.leadport.store.ItemField;
import org.leadport.store.ItemKind;
import org.leadport.store.Lead;
import org.leadport.store.LeadField;

/**
 * The native API's JSON shape of a lead, with everything it holds; its top-level keys are those of
 * the {@link LeadField} catalogue, each item's those of its {@link ItemKind}.
 */
public final class LeadJson {
  /** The top-level keys of a lead's JSON, for projections such as Close's {@code _fields}. */
  public static final Set<String> FIELDS =
      LeadField.shown().stream().map(LeadField::shownKey).collect(Collectors.toUnmodifiableSet());

  private LeadJson() {}

  /** A lead's JSON: the fields of the {@link LeadField} catalogue that it shows, in its order. */
  public static ObjectNode of(Lead l) {
    ObjectNode o = Json.object();
    for (LeadField f : LeadField.shown()) {
      Object v = f.of(l);
      switch (f.type()) {
        case TEXT -> o.put(f.key(), (String) v);
        case TIME -> o.put(f.key(), Times.iso((Instant) v));
        case JSON -> o.set(f.key(), (ObjectNode) v);
        case ITEMS -> items(o.putArray(f.key()), ItemKind.of(f), l);
      }
    }
    return o;
  }

  private static <T> void items(ArrayNode into, ItemKind<T> kind, Lead l) {
    for (T item : kind.items(l)) {
      into.add(item(kind, item, l.id()));
    }
  }

  /**
   * An item's JSON: the fields of its {@link ItemKind} catalogue in its order, and after the id its
   * lead's id where the kind shows it.
   */
  public static <T> ObjectNode item(ItemKind<T> kind, T item, String leadId) {
    ObjectNode j = Json.object();
    for (ItemField<T> f : kind.fields()) {
      Object v = f.of(item);
      switch (f.type()) {
        case TEXT -> j.put(f.key(), (String) v);
        // As the record holds it: an Integer stays an int node, a Long a long node.
        case INTEGER -> {
          if (v instanceof Integer i) {
            j.put(f.key(), i);
          } else {
            j.put(f.key(), (Long) v);
          }
        }
        case DATE -> j.put(f.key(), v == null ? null : v.toString());
        case TIME -> j.put(f.key(), Times.iso((Instant) v));
        case CHANNELS -> j.set(f.key(), Channels.json(channelList(v), f.channelKey()));
      }
      if (kind.leadIdFollows(f)) {
        j.put("lead_id", leadId);
      }
    }
    return j;
  }

  @SuppressWarnings("unchecked") // a CHANNELS field's value is a List<Channel> component
  private static List<Lead.Channel> channelList(@Nullable Object v) {
    return (List<Lead.Channel>) Objects.requireNonNull(v);
  }
}
