package org.leadport.export.writer;

import java.util.List;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.leadport.export.column.ColumnKind;
import org.leadport.export.column.ExportColumn;

/**
 * The Parquet schema of an export's columns, and how one row of text values becomes a record of it.
 * Every column is {@code optional} (a null value is a Parquet null) and named by its header; its
 * type, and how its text becomes a value, come from its {@link ColumnKind} through {@link
 * ParquetValues}.
 *
 * <p>Values arrive as PostgreSQL writes them as text: instants as {@code
 * 2026-02-18T13:04:05.123456Z} (Parquet writes Leadport's own date format, {@link
 * ExportFormat#honoursDateFormat()}), dates as {@code 2026-02-18}, booleans as {@code true}/{@code
 * false}. Stateless after construction.
 */
final class ParquetSchema {
  /** The name of the record type in the file's schema. */
  static final String MESSAGE = "leadport_export";

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

  /** The Parquet field of a column of {@code kind} named {@code name}: optional. */
  static Type field(String name, ColumnKind kind) {
    return ParquetValues.field(name, kind, Type.Repetition.OPTIONAL);
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
      ParquetValues.add(record, kinds[i], v, names[i]);
      record.endField(names[i], i);
    }
    record.endMessage();
  }
}
