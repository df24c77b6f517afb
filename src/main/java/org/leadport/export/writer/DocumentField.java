package org.leadport.export.writer;

import java.util.List;
import org.leadport.export.column.ColumnKind;

/**
 * One member of a lead document as a format of typed columns holds it (Parquet's LIST and STRUCT
 * columns, {@link ParquetDocumentSchema}): its name (the JSON document's key), its type, and where
 * its value is in the rows a document is read from ({@link DocumentWriter#document(String[],
 * List)}): the lead's row, an item's row, or an item list. The lead document's writer ({@code
 * export.LeadDocuments}) derives a document's members from the same catalogues and options as its
 * JSON, in the JSON's key order.
 */
public sealed interface DocumentField {
  /** The member's name: its key in the JSON document. */
  String name();

  /** A value of {@code kind}, the text at {@code column} of its row (null: absent). */
  record Value(String name, ColumnKind kind, int column) implements DocumentField {}

  /**
   * A value of {@code kind}: the member {@code key} of the JSON object stored at {@code column} of
   * the lead's row (a custom field's value); absent when the object lacks it or it does not read as
   * {@code kind} (a hand-edited value, which the flat export writes empty too).
   */
  record Member(String name, ColumnKind kind, int column, String key) implements DocumentField {}

  /**
   * An object of {@code fields} read from the same row; absent when the row's {@code column} is
   * null (the native naming's {@code custom} object, its members {@link Member}s of that column).
   */
  record Group(String name, int column, List<DocumentField> fields) implements DocumentField {
    public Group {
      fields = List.copyOf(fields);
    }
  }

  /**
   * A list of items, each an object of {@code fields} read from the item's row: the {@code list}-th
   * item list given with the lead. Always present (an empty list when the lead has none), as the
   * JSON's array is.
   */
  record Items(String name, int list, List<DocumentField> fields) implements DocumentField {
    public Items {
      fields = List.copyOf(fields);
    }
  }

  /**
   * A contact's channels (emails, phones, urls): the JSON array stored at {@code column} of the
   * item's row, as a list of objects of two texts, {@code key} (the channel's value: {@code email}
   * …) and {@code type}. Always present, as the JSON's array is.
   */
  record Channels(String name, String key, int column) implements DocumentField {}
}
