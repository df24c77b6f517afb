package org.leadport.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.leadport.json.Json;

/**
 * A contact's email addresses, phone numbers or URLs as JSON, the one shape they have both stored
 * (a {@code jsonb} column) and in the native API: {@code [{"email": "…", "type": "office"}]}, the
 * value under its {@code key}, then its type. Stateless.
 */
public final class Channels {
  private Channels() {}

  /** {@code channels} as a JSON array, each value under {@code key}. */
  public static ArrayNode json(List<Lead.Channel> channels, String key) {
    ArrayNode array = Json.array();
    for (Lead.Channel c : channels) {
      ObjectNode o = array.addObject();
      o.put(key, c.value());
      o.put("type", c.type());
    }
    return array;
  }

  /** Channels as stored, each value under {@code key}. */
  static List<Lead.Channel> parse(String json, String key) throws SQLException {
    try {
      JsonNode array = Json.parse(json);
      List<Lead.Channel> out = new ArrayList<>(array.size());
      for (JsonNode o : array) {
        out.add(new Lead.Channel(o.path(key).asText(null), o.path("type").asText(null)));
      }
      return out;
    } catch (JsonProcessingException e) {
      throw new SQLException("stored " + key + "s are not JSON", e);
    }
  }
}
