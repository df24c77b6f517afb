package org.leadport.export.writer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.util.List;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ColumnKind;
import org.leadport.json.Json;

/**
 * The Parquet schema of lead documents ({@link DocumentField}s), and how one document's rows become
 * a record of it. Values are typed and read as the flat columns' ({@link ParquetValues}); an object
 * is an optional group, a list the standard three-level LIST that DuckDB, Spark, BigQuery and
 * pyarrow read:
 *
 * <pre>
 * optional group contacts (LIST) {
 *   repeated group list {
 *     optional group element { optional binary id (STRING); … }
 *   }
 * }
 * </pre>
 *
 * A lead without items has an empty list, as the JSON's empty array; a null value is a Parquet
 * null. Stateless after construction.
 */
final class ParquetDocumentSchema {
  private static final String LIST = "list";
  private static final String ELEMENT = "element";

  private final List<DocumentField> fields;
  private final MessageType message;

  ParquetDocumentSchema(List<DocumentField> fields) {
    this.fields = List.copyOf(fields);
    Types.MessageTypeBuilder builder = Types.buildMessage();
    this.fields.forEach(f -> builder.addField(type(f)));
    this.message = builder.named(ParquetSchema.MESSAGE);
  }

  MessageType message() {
    return message;
  }

  private static Type type(DocumentField field) {
    return switch (field) {
      case DocumentField.Value v -> ParquetSchema.field(v.name(), v.kind());
      case DocumentField.Member m -> ParquetSchema.field(m.name(), m.kind());
      case DocumentField.Group g -> group(g.name(), g.fields());
      case DocumentField.Items i -> list(i.name(), group(ELEMENT, i.fields()));
      case DocumentField.Channels c ->
          list(
              c.name(),
              Types.optionalGroup()
                  .addField(ParquetSchema.field(c.key(), ColumnKind.TEXT))
                  .addField(ParquetSchema.field("type", ColumnKind.TEXT))
                  .named(ELEMENT));
    };
  }

  private static GroupType group(String name, List<DocumentField> fields) {
    Types.GroupBuilder<GroupType> g = Types.optionalGroup();
    fields.forEach(f -> g.addField(type(f)));
    return g.named(name);
  }

  /** The standard LIST of {@code element}: an optional list of optional elements. */
  private static GroupType list(String name, Type element) {
    return Types.optionalGroup()
        .as(LogicalTypeAnnotation.listType())
        .addField(Types.repeatedGroup().addField(element).named(LIST))
        .named(name);
  }

  /**
   * Writes one document: the lead's row and its item lists (by {@link DocumentField.Items#list()}),
   * each item a row of text values.
   */
  void write(RecordConsumer record, String[] lead, List<List<String[]>> items) {
    record.startMessage();
    new Document(record, lead, items).members(fields, lead);
    record.endMessage();
  }

  /** One document being written: its rows, and its stored objects parsed once. */
  private static final class Document {
    private final RecordConsumer record;
    private final String[] lead;
    private final List<List<String[]>> items;
    private int parsedColumn = -1;
    private @Nullable JsonNode parsed;

    Document(RecordConsumer record, String[] lead, List<List<String[]>> items) {
      this.record = record;
      this.lead = lead;
      this.items = items;
    }

    /** The members {@code fields} of an object read from {@code row}, in schema order. */
    void members(List<DocumentField> fields, String[] row) {
      for (int i = 0; i < fields.size(); i++) {
        member(fields.get(i), i, row);
      }
    }

    private void member(DocumentField field, int index, String[] row) {
      switch (field) {
        case DocumentField.Value v -> {
          String text = row[v.column()];
          if (text != null) {
            record.startField(v.name(), index);
            ParquetValues.add(record, v.kind(), text, v.name());
            record.endField(v.name(), index);
          }
        }
        case DocumentField.Member m -> {
          String text = member(m);
          if (text != null) {
            record.startField(m.name(), index);
            ParquetValues.add(record, m.kind(), text, m.name());
            record.endField(m.name(), index);
          }
        }
        case DocumentField.Group g -> {
          if (row[g.column()] != null) {
            record.startField(g.name(), index);
            record.startGroup();
            members(g.fields(), row);
            record.endGroup();
            record.endField(g.name(), index);
          }
        }
        case DocumentField.Items it -> {
          List<String[]> rows = items.get(it.list());
          startList(it.name(), index, !rows.isEmpty());
          for (String[] item : rows) {
            startElement();
            members(it.fields(), item);
            endElement();
          }
          endList(it.name(), index, !rows.isEmpty());
        }
        case DocumentField.Channels c -> channels(c, index, row[c.column()]);
      }
    }

    private void channels(DocumentField.Channels c, int index, @Nullable String stored) {
      boolean any = stored != null && !"[]".equals(stored);
      startList(c.name(), index, any);
      try {
        StoredChannels.each(
            stored,
            c.name(),
            c.key(),
            (value, type) -> {
              startElement();
              if (value != null) {
                text(c.key(), 0, value);
              }
              if (type != null) {
                text("type", 1, type);
              }
              endElement();
            });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      endList(c.name(), index, any);
    }

    private void text(String name, int index, String value) {
      record.startField(name, index);
      record.addBinary(Binary.fromString(value));
      record.endField(name, index);
    }

    /**
     * Opens a list; its repeated field only when it has elements ({@code some}), since Parquet
     * writes an empty list as a list group without any.
     */
    private void startList(String name, int index, boolean some) {
      record.startField(name, index);
      record.startGroup();
      if (some) {
        record.startField(LIST, 0);
      }
    }

    private void endList(String name, int index, boolean some) {
      if (some) {
        record.endField(LIST, 0);
      }
      record.endGroup();
      record.endField(name, index);
    }

    private void startElement() {
      record.startGroup();
      record.startField(ELEMENT, 0);
      record.startGroup();
    }

    private void endElement() {
      record.endGroup();
      record.endField(ELEMENT, 0);
      record.endGroup();
    }

    /** A member's value as text, or null when absent or not a scalar its kind reads. */
    private @Nullable String member(DocumentField.Member m) {
      JsonNode object = stored(m.column());
      JsonNode v = object == null ? null : object.get(m.key());
      if (v == null || v.isNull() || v.isContainerNode()) {
        return v != null && v.isContainerNode() && m.kind() == ColumnKind.TEXT
            ? v.toString()
            : null;
      }
      String text = v.asText();
      return readable(m.kind(), text) ? text : null;
    }

    /** The JSON object stored at {@code column} of the lead's row, parsed once a document. */
    private @Nullable JsonNode stored(int column) {
      if (parsedColumn != column) {
        String text = lead[column];
        try {
          parsed = text == null ? null : Json.parse(text);
        } catch (JsonProcessingException e) {
          throw new UncheckedIOException(e);
        }
        parsedColumn = column;
      }
      return parsed;
    }
  }

  /**
   * Whether {@code text} reads as a value of {@code kind}, as {@link ParquetValues#add} reads it (a
   * stored custom value may have been edited by hand).
   */
  private static boolean readable(ColumnKind kind, String text) {
    try {
      switch (kind) {
        case TEXT -> {}
        case INTEGER -> Long.parseLong(text);
        case NUMBER -> Double.parseDouble(text);
        case DECIMAL -> PgText.unscaled(text);
        case DATE -> PgText.epochDay(text);
        case DATETIME -> PgText.epochMicros(text);
        case BOOLEAN -> PgText.bool(text);
      }
      return true;
    } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
      return false;
    }
  }
}
