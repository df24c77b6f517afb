package org.leadport.export.writer;

import java.time.DateTimeException;
import java.util.Locale;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;

/**
 * One value of a {@link ColumnKind} in Parquet: the primitive field a column of that kind is, and
 * how the value's text, as the export statement writes it, is added to a {@link RecordConsumer}.
 * Every Parquet writer uses these two and nothing else for values, so a kind is typed and read the
 * same in flat rows ({@link ParquetSchema}) and in nested documents:
 *
 * <ul>
 *   <li>TEXT: {@code BINARY (STRING)}, UTF-8.
 *   <li>INTEGER: {@code INT64}.
 *   <li>NUMBER: {@code DOUBLE} (custom number fields are JSON numbers, which readers take as
 *       doubles too).
 *   <li>DECIMAL: {@code FIXED_LEN_BYTE_ARRAY(9) (DECIMAL(19, 2))}: money, exact. Nine bytes since
 *       an {@code INT64} decimal may declare at most 18 digits, and a bigint of cents has 19.
 *   <li>DATE: {@code INT32 (DATE)}, days since 1970-01-01.
 *   <li>DATETIME: {@code INT64 (TIMESTAMP(MICROS, true))}, microseconds since the epoch in UTC: the
 *       precision PostgreSQL stores.
 *   <li>BOOLEAN: {@code BOOLEAN}.
 * </ul>
 *
 * <p>The texts are read by {@link PgText}. A value that does not parse as its kind fails the export
 * rather than being dropped: such a value is a bug in a column's expression, never user input.
 * Stateless.
 */
public final class ParquetValues {
  /** The bytes of a DECIMAL value: the fewest that hold {@link ColumnKind#DECIMAL_PRECISION}. */
  static final int DECIMAL_BYTES = 9;

  private ParquetValues() {}

  /** The Parquet field named {@code name} of a value of {@code kind}, repeated as given. */
  public static Type field(String name, ColumnKind kind, Type.Repetition repetition) {
    return switch (kind) {
      case TEXT ->
          Types.primitive(PrimitiveTypeName.BINARY, repetition)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
      case INTEGER -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      case NUMBER -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
      case DECIMAL ->
          Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
              .length(DECIMAL_BYTES)
              .as(
                  LogicalTypeAnnotation.decimalType(
                      ColumnKind.DECIMAL_SCALE, ColumnKind.DECIMAL_PRECISION))
              .named(name);
      case DATE ->
          Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.dateType())
              .named(name);
      case DATETIME ->
          Types.primitive(PrimitiveTypeName.INT64, repetition)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
              .named(name);
      case BOOLEAN -> Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
    };
  }

  /**
   * Adds the value whose text is {@code text} (never null: a null is a field left out) as a value
   * of {@code kind}, inside a field the caller has started. A text that is not a value of the kind
   * throws a {@link LeadportException} (500, {@code export_failed}) naming {@code column}.
   */
  public static void add(RecordConsumer record, ColumnKind kind, String text, String column) {
    try {
      switch (kind) {
        case TEXT -> record.addBinary(Binary.fromString(text));
        case INTEGER -> record.addLong(Long.parseLong(text));
        case NUMBER -> record.addDouble(Double.parseDouble(text));
        case DECIMAL -> record.addBinary(Binary.fromConstantByteArray(decimal(text)));
        case DATE -> record.addInteger(PgText.epochDay(text));
        case DATETIME -> record.addLong(PgText.epochMicros(text));
        case BOOLEAN -> record.addBoolean(PgText.bool(text));
      }
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      throw unparsable(column, kind, text, e);
    }
  }

  /**
   * The decimal {@code text} as {@link #DECIMAL_BYTES} big-endian two's complement bytes of its
   * unscaled value ({@code 12.3} is 1230 at scale 2).
   */
  static byte[] decimal(String text) {
    long unscaled = PgText.unscaled(text);
    byte[] b = new byte[DECIMAL_BYTES];
    b[0] = (byte) (unscaled < 0 ? -1 : 0);
    for (int i = DECIMAL_BYTES - 1; i > 0; i--) {
      b[i] = (byte) unscaled;
      unscaled >>= 8;
    }
    return b;
  }

  private static LeadportException unparsable(
      String column, ColumnKind kind, String value, RuntimeException cause) {
    LeadportException e =
        new LeadportException(
            500,
            "export_failed",
            "The value of column "
                + column
                + " is not a "
                + kind.name().toLowerCase(Locale.ROOT)
                + " a Parquet file can hold: "
                + (value.length() > 40 ? value.substring(0, 40) + "…" : value));
    e.initCause(cause);
    return e;
  }
}
