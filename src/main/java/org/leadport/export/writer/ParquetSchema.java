package org.leadport.export.writer;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.leadport.LeadportException;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * The Parquet schema of an export's columns, and how one row of text values becomes a record of it.
 * Every column is {@code optional} (a null value is a Parquet null) and named by its header; its
 * type comes from its {@link ColumnKind}:
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
 * <p>Values arrive as PostgreSQL writes them as text: instants as {@code
 * 2026-02-18T13:04:05.123456Z} (Parquet writes Leadport's own date format, {@link
 * ExportFormat#honoursDateFormat()}), dates as {@code 2026-02-18}, booleans as {@code true}/{@code
 * false}. A value that does not parse as its column's type fails the export rather than being
 * dropped: such a value is a bug in a column's expression, never user input. Stateless after
 * construction.
 */
final class ParquetSchema {
  /** The name of the record type in the file's schema. */
  static final String MESSAGE = "leadport_export";

  /** The bytes of a DECIMAL value: the fewest that hold {@link ColumnKind#DECIMAL_PRECISION}. */
  static final int DECIMAL_BYTES = 9;

  private final MessageType message;
  private final String[] names;
  private final ColumnKind[] kinds;

  ParquetSchema(List<ExportColumn> columns) {
    names = new String[columns.size()];
    kinds = new ColumnKind[columns.size()];
    Types.MessageTypeBuilder builder = Types.buildMessage();
    for (int i = 0; i < names.length; i++) {
      names[i] = columns.get(i).header();
      kinds[i] = columns.get(i).kind();
      builder.addField(field(names[i], kinds[i]));
    }
    message = builder.named(MESSAGE);
  }

  MessageType message() {
    return message;
  }

  /** The Parquet field of a column of {@code kind} named {@code name}. */
  static Type field(String name, ColumnKind kind) {
    return switch (kind) {
      case TEXT ->
          Types.optional(PrimitiveTypeName.BINARY)
              .as(LogicalTypeAnnotation.stringType())
              .named(name);
      case INTEGER -> Types.optional(PrimitiveTypeName.INT64).named(name);
      case NUMBER -> Types.optional(PrimitiveTypeName.DOUBLE).named(name);
      case DECIMAL ->
          Types.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY)
              .length(DECIMAL_BYTES)
              .as(
                  LogicalTypeAnnotation.decimalType(
                      ColumnKind.DECIMAL_SCALE, ColumnKind.DECIMAL_PRECISION))
              .named(name);
      case DATE ->
          Types.optional(PrimitiveTypeName.INT32).as(LogicalTypeAnnotation.dateType()).named(name);
      case DATETIME ->
          Types.optional(PrimitiveTypeName.INT64)
              .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS))
              .named(name);
      case BOOLEAN -> Types.optional(PrimitiveTypeName.BOOLEAN).named(name);
    };
  }

  /** Writes one row of text values (null for a null) as a record. */
  void write(RecordConsumer record, String[] values) {
    record.startMessage();
    for (int i = 0; i < names.length; i++) {
      String v = values[i];
      if (v == null) {
        continue;
      }
      record.startField(names[i], i);
      try {
        switch (kinds[i]) {
          case TEXT -> record.addBinary(Binary.fromString(v));
          case INTEGER -> record.addLong(Long.parseLong(v));
          case NUMBER -> record.addDouble(Double.parseDouble(v));
          case DECIMAL -> record.addBinary(Binary.fromConstantByteArray(decimal(v)));
          case DATE -> record.addInteger(epochDay(v));
          case DATETIME -> record.addLong(epochMicros(v));
          case BOOLEAN -> record.addBoolean(bool(v));
        }
      } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
        throw unparsable(i, v, e);
      }
      record.endField(names[i], i);
    }
    record.endMessage();
  }

  private LeadportException unparsable(int i, String value, RuntimeException cause) {
    LeadportException e =
        new LeadportException(
            500,
            "export_failed",
            "The value of column "
                + names[i]
                + " is not a "
                + kinds[i].name().toLowerCase(java.util.Locale.ROOT)
                + " a Parquet file can hold: "
                + (value.length() > 40 ? value.substring(0, 40) + "…" : value));
    e.initCause(cause);
    return e;
  }

  static boolean bool(String v) {
    if (v.equals("true")) {
      return true;
    }
    if (v.equals("false")) {
      return false;
    }
    throw new NumberFormatException("not a boolean");
  }

  /**
   * The unscaled value of the decimal {@code v} ({@code 12.3} is 1230 at scale 2) as {@link
   * #DECIMAL_BYTES} big-endian two's complement bytes; more decimals than the scale, or more digits
   * than a bigint holds, throw an {@link ArithmeticException}.
   */
  static byte[] decimal(String v) {
    long unscaled =
        new BigDecimal(v)
            .setScale(ColumnKind.DECIMAL_SCALE, RoundingMode.UNNECESSARY)
            .unscaledValue()
            .longValueExact();
    byte[] b = new byte[DECIMAL_BYTES];
    b[0] = (byte) (unscaled < 0 ? -1 : 0);
    for (int i = DECIMAL_BYTES - 1; i > 0; i--) {
      b[i] = (byte) unscaled;
      unscaled >>= 8;
    }
    return b;
  }

  /** Days since 1970-01-01 of {@code 2026-02-18}. */
  static int epochDay(String v) {
    if (v.length() == 10 && v.charAt(4) == '-' && v.charAt(7) == '-') {
      return Math.toIntExact(
          LocalDate.of(digits(v, 0, 4), digits(v, 5, 7), digits(v, 8, 10)).toEpochDay());
    }
    return Math.toIntExact(LocalDate.parse(v, DateTimeFormatter.ISO_LOCAL_DATE).toEpochDay());
  }

  /**
   * Microseconds since the epoch of {@code 2026-02-18T13:04:05.123456Z}; any other ISO instant with
   * an offset is parsed the slow way.
   */
  static long epochMicros(String v) {
    if (v.length() == 27
        && v.charAt(10) == 'T'
        && v.charAt(19) == '.'
        && v.charAt(26) == 'Z'
        && v.charAt(13) == ':'
        && v.charAt(16) == ':') {
      long day = epochDay(v.substring(0, 10));
      long seconds = digits(v, 11, 13) * 3_600L + digits(v, 14, 16) * 60L + digits(v, 17, 19);
      return (day * 86_400L + seconds) * 1_000_000L + digits(v, 20, 26);
    }
    Instant t = OffsetDateTime.parse(v, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /** The decimal number in {@code v} from {@code from} to {@code to}, digits only. */
  private static int digits(String v, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        throw new NumberFormatException("not a digit at " + i);
      }
      n = n * 10 + (c - '0');
    }
    return n;
  }
}
