package org.leadport.store;

import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One field of one kind of a lead's items ({@link ItemKind}): its key in the native API's JSON (and
 * in a create or update request's item), the column of the kind's table holding it, how its value
 * is held, and its value on an item. Immutable.
 *
 * @param channel for a {@link Type#CHANNELS} field the key of each channel's value ({@code email},
 *     {@code phone}, {@code url}); null for others
 * @param <T> the item's record
 */
public record ItemField<T>(
    String key,
    String column,
    Type type,
    @Nullable String channel,
    Function<T, @Nullable Object> value) {

  /** How an item field's value is held in Java, in its column and in JSON. */
  public enum Type {
    /** A String in a {@code text} column and a JSON string. */
    TEXT,
    /** A Long or Integer in a {@code bigint} or {@code integer} column and a JSON number. */
    INTEGER,
    /** A LocalDate in a {@code date} column and an ISO date string in JSON. */
    DATE,
    /** An Instant in a {@code timestamptz} column and an ISO timestamp string in JSON. */
    TIME,
    /**
     * A list of {@link Lead.Channel}s in a {@code jsonb} column and a JSON array, both in Close's
     * shape: {@code [{"email": "…", "type": "office"}]} under the field's {@code channel} key.
     */
    CHANNELS
  }

  /** The key of each channel's value of a {@link Type#CHANNELS} field. */
  public String channelKey() {
    return Objects.requireNonNull(channel, () -> key + " holds no channels");
  }

  /** The field's value on {@code item}. */
  public @Nullable Object of(T item) {
    return value.apply(item);
  }

  static <T> ItemField<T> text(String key, Function<T, @Nullable Object> value) {
    return new ItemField<>(key, key, Type.TEXT, null, value);
  }

  static <T> ItemField<T> integer(String key, Function<T, @Nullable Object> value) {
    return new ItemField<>(key, key, Type.INTEGER, null, value);
  }

  static <T> ItemField<T> date(String key, Function<T, @Nullable Object> value) {
    return new ItemField<>(key, key, Type.DATE, null, value);
  }

  static <T> ItemField<T> time(String key, String column, Function<T, @Nullable Object> value) {
    return new ItemField<>(key, column, Type.TIME, null, value);
  }

  static <T> ItemField<T> channels(
      String key, String channel, Function<T, @Nullable Object> value) {
    return new ItemField<>(key, key, Type.CHANNELS, channel, value);
  }
}
