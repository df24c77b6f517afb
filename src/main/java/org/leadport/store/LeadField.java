package org.leadport.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.leadport.json.Json;

/**
 * The catalogue of a lead's own fields, each named once: its key in the native API's JSON, the
 * column of {@code leads} holding it, how it is read and written, and which request members set it.
 * The select list and the statements of the store ({@link LeadReader}, {@link LeadRows}), the
 * native JSON ({@code leads.LeadJson}) and the lead parser's plain members ({@code
 * leads.LeadParser}) are derived from it; {@link Lead}'s components are the same fields as a
 * record. Declared in the order of the native JSON's keys. Immutable.
 */
public enum LeadField {
  ID("id", "id", Type.TEXT, Write.ON_INSERT, Input.NONE, Lead::id),
  /** Not in the JSON: the workspace is the caller's. */
  WORKSPACE_ID(null, "workspace_id", Type.TEXT, Write.ON_INSERT, Input.NONE, Lead::workspaceId),
  NAME("name", "name", Type.TEXT, Write.ALWAYS, Input.TEXT, Lead::name),
  DISPLAY_NAME(
      "display_name", "display_name", Type.TEXT, Write.ALWAYS, Input.NONE, Lead::displayName),
  STATUS_ID("status_id", "status_id", Type.TEXT, Write.ALWAYS, Input.OWN_RULE, Lead::statusId),
  /** Read from the lead's status stage ({@code s}), never stored with the lead. */
  STATUS_LABEL("status_label", null, Type.TEXT, Write.NEVER, Input.OWN_RULE, Lead::statusLabel),
  URL("url", "url", Type.TEXT, Write.ALWAYS, Input.TEXT, Lead::url),
  DESCRIPTION(
      "description", "description", Type.TEXT, Write.ALWAYS, Input.LONG_TEXT, Lead::description),
  SOURCE("source", "source", Type.TEXT, Write.ALWAYS, Input.TEXT, Lead::source),
  MEDIUM("medium", "medium", Type.TEXT, Write.ALWAYS, Input.TEXT, Lead::medium),
  CAMPAIGN("campaign", "campaign", Type.TEXT, Write.ALWAYS, Input.TEXT, Lead::campaign),
  CUSTOM("custom", "custom", Type.JSON, Write.ALWAYS, Input.OWN_RULE, Lead::custom),
  /** Not in the JSON: the text free-text search looks in ({@link LeadSearchText}). */
  SEARCH_TEXT(null, "search_text", Type.TEXT, Write.ALWAYS, Input.NONE, LeadSearchText::of),
  CONTACTS("contacts", null, Type.ITEMS, Write.NEVER, Input.OWN_RULE, Lead::contacts),
  OPPORTUNITIES(
      "opportunities", null, Type.ITEMS, Write.NEVER, Input.OWN_RULE, Lead::opportunities),
  ACTIVITIES("activities", null, Type.ITEMS, Write.NEVER, Input.OWN_RULE, Lead::activities),
  ADDRESSES("addresses", null, Type.ITEMS, Write.NEVER, Input.OWN_RULE, Lead::addresses),
  CREATED_AT("created_at", "created_at", Type.TIME, Write.ON_INSERT, Input.NONE, Lead::createdAt),
  /** Written on update too, but only ever forward ({@link LeadRows}). */
  UPDATED_AT("updated_at", "updated_at", Type.TIME, Write.ON_INSERT, Input.NONE, Lead::updatedAt),
  DELETED_AT("deleted_at", "deleted_at", Type.TIME, Write.ON_INSERT, Input.NONE, Lead::deletedAt);

  /** How a field's value is held: in a column, or (items) in a table of its own. */
  public enum Type {
    TEXT,
    /** A JSON object in a {@code jsonb} column, read as its text. */
    JSON,
    /** An instant in a {@code timestamptz} column. */
    TIME,
    /** A nested collection (contacts, opportunities…), kept in a table of its own. */
    ITEMS
  }

  /** Which statements write a field's column. */
  public enum Write {
    NEVER,
    ON_INSERT,
    /** On insert and on every update. */
    ALWAYS
  }

  /** Whether a create or update request may set a field, and how it is checked. */
  public enum Input {
    /** Not a member of a request: the server sets it. */
    NONE,
    /** A member with a rule of its own in the parser (statuses, custom values, items). */
    OWN_RULE,
    /** A string of at most 1,000 characters, or null. */
    TEXT,
    /** A string of at most 100,000 characters, or null. */
    LONG_TEXT;

    /** The most characters a plain string member may hold. */
    public int maxLength() {
      return this == LONG_TEXT ? 100_000 : 1_000;
    }
  }

  private final @Nullable String key;
  private final @Nullable String column;
  private final Type type;
  private final Write write;
  private final Input input;

  // Each is a method reference to a Lead accessor: stateless, so the enum stays immutable.
  @SuppressWarnings("ImmutableEnumChecker")
  private final Function<Lead, @Nullable Object> value;

  LeadField(
      @Nullable String key,
      @Nullable String column,
      Type type,
      Write write,
      Input input,
      Function<Lead, @Nullable Object> value) {
    this.key = key;
    this.column = column;
    this.type = type;
    this.write = write;
    this.input = input;
    this.value = value;
  }

  /** The key in the native API's JSON, or null for a field the JSON does not show. */
  public @Nullable String key() {
    return key;
  }

  /**
   * The key of a field the native JSON shows (or a request may set): every field but the workspace
   * and the search text has one.
   */
  public String shownKey() {
    return Objects.requireNonNull(key, () -> this + " is not shown");
  }

  /** The column of {@code leads}, or null for a field stored elsewhere. */
  public @Nullable String column() {
    return column;
  }

  public Type type() {
    return type;
  }

  public Write write() {
    return write;
  }

  public Input input() {
    return input;
  }

  /** The field's value on {@code lead}. */
  public @Nullable Object of(Lead lead) {
    return value.apply(lead);
  }

  /** The fields the native JSON shows, in its key order. */
  public static List<LeadField> shown() {
    List<LeadField> out = new ArrayList<>();
    for (LeadField f : values()) {
      if (f.key != null) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The field's value in a statement over the lead {@code l} joined to its status stage {@code s}:
   * its column of {@code l}, or the stage's label. Not for the items, which have no column.
   */
  public String expression() {
    if (this == STATUS_LABEL) {
      return "s.label";
    }
    if (column == null) {
      throw new IllegalStateException(this + " has no column");
    }
    return "l." + column;
  }

  /** The name a field's value has in a lead select list ({@link #select}). */
  String label() {
    if (column != null) {
      return column;
    }
    // Every field has a key or a column: the constants above all name one.
    return Objects.requireNonNull(key, name());
  }

  /**
   * The select list of a lead row over {@code l} joined to its status stage {@code s}: every field
   * kept in a column, each labelled {@link #label()}.
   */
  static String select() {
    List<String> out = new ArrayList<>();
    for (LeadField f : selected()) {
      if (f == STATUS_LABEL) {
        out.add(f.expression() + " as " + f.label());
      } else if (f.type == Type.JSON) {
        out.add(f.expression() + "::text as " + f.label());
      } else {
        out.add(f.expression());
      }
    }
    return String.join(", ", out);
  }

  /**
   * The fields a lead row is read with: those in a column of their own (but the search text, which
   * is derived from the others and only ever searched) and the status label.
   */
  static List<LeadField> selected() {
    List<LeadField> out = new ArrayList<>();
    for (LeadField f : values()) {
      if (f == STATUS_LABEL || (f.column != null && f != SEARCH_TEXT)) {
        out.add(f);
      }
    }
    return out;
  }

  /** Reads this field from the current row of a {@link #select()}. */
  @Nullable Object read(ResultSet rs) throws SQLException {
    return switch (type) {
      case TEXT -> rs.getString(label());
      case TIME -> {
        Timestamp t = rs.getTimestamp(label());
        yield t == null ? null : t.toInstant();
      }
      case JSON -> {
        try {
          yield Json.parse(rs.getString(label()));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new SQLException("stored " + label() + " values are not JSON", e);
        }
      }
      case ITEMS -> throw new IllegalStateException(this + " is not read from the lead row");
    };
  }

  /** The value to bind for this field's column of {@code lead}. */
  @Nullable Object bound(Lead lead) {
    Object v = of(lead);
    return switch (type) {
      case TIME -> v == null ? null : Timestamp.from((Instant) v);
      case JSON -> Json.text((ObjectNode) Objects.requireNonNull(v, name()));
      case TEXT, ITEMS -> v;
    };
  }

  /** This field's placeholder in a statement, cast to the column's type where needed. */
  String placeholder() {
    return type == Type.JSON ? "cast(:" + label() + " as jsonb)" : ":" + label();
  }
}
