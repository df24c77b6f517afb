package org.leadport.export.column;

/**
 * Whose field names an export's columns and lead documents carry. The data is the same; only keys
 * differ, so that each surface speaks its own API's names while the native API keeps Leadport's.
 */
public enum ExportNaming {
  /**
   * Leadport's own: {@code created_at}, {@code updated_at}, {@code deleted_at}, custom fields as
   * {@code custom.<name>} columns and a nested {@code custom} object keyed by field id.
   */
  NATIVE,
  /**
   * Close's (docs/close-exports.md): {@code date_created}, {@code date_updated}, no {@code
   * deleted_at} (Close exports only live leads), and custom fields as flat {@code custom.cf_…} keys
   * and columns, by field id.
   */
  CLOSE;

  /** The name under this naming of a documented column or top-level document key. */
  public String name(String nativeName) {
    if (this == NATIVE) {
      return nativeName;
    }
    return switch (nativeName) {
      case "created_at" -> "date_created";
      case "updated_at" -> "date_updated";
      default -> nativeName;
    };
  }

  /** Whether a documented column or top-level document key exists under this naming. */
  public boolean shows(String nativeName) {
    return shows(nativeName, false);
  }

  /**
   * As {@link #shows(String)}, for an export that includes deleted leads ({@code tombstones}): a
   * delta export's tombstones carry {@code deleted_at} under every naming (docs/changes.md).
   */
  public boolean shows(String nativeName, boolean tombstones) {
    return this == NATIVE || tombstones || !nativeName.equals("deleted_at");
  }
}
