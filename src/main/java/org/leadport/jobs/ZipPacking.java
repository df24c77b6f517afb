package org.leadport.jobs;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.IntFunction;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jspecify.annotations.Nullable;
import org.leadport.export.column.ExportOptions;
import org.leadport.export.sink.Segment;
import org.leadport.export.writer.ExportFormat;
import org.leadport.export.writer.FileLayout;
import org.leadport.export.writer.PartedRowWriter;
import org.leadport.export.writer.RowWriter;

/**
 * The plain-or-zip packaging of an async export's file (HubSpot's, docs/hubspot-exports.md),
 * streamed into the store with no temporary file: an export of more rows than a file holds is split
 * into parts, each a whole file with its header, written one after the other as entries of one zip;
 * a single file of a format {@link ExportFormat#zipsWhenLarge() zipped when large} is held in
 * memory up to the size limit, then, once it is crossed, goes on as the one entry of a zip; any
 * other is written as it is. A zip ends with the export's column schema, {@value #SCHEMA}
 * (docs/schema.md). Whether to split is known before the first row (the export's rows are counted
 * in its snapshot, {@link Segment#rows()}). One per export; not thread-safe.
 */
final class ZipPacking implements FileLayout {
  /** Buffer between the zip and the store. */
  private static final int BUFFER = 64 * 1024;

  static final String ZIP = "application/zip";

  private final String name;
  private final long rowsPerFile;
  private final long zipOverBytes;
  private final byte @Nullable [] schema;
  private boolean zipped;

  /**
   * @param name the download name without extension
   * @param rowsPerFile rows per file before the export is split into parts; 0 never splits
   * @param zipOverBytes a file of a format zipped when large is zipped over this size; 0 never
   */
  ZipPacking(String name, long rowsPerFile, long zipOverBytes) {
    this(name, rowsPerFile, zipOverBytes, null);
  }

  /**
   * As {@link #ZipPacking(String, long, long)}, with the export's column schema (docs/schema.md),
   * which a zip holds as its last entry, {@value #SCHEMA}; null for none.
   */
  ZipPacking(String name, long rowsPerFile, long zipOverBytes, byte @Nullable [] schema) {
    if (rowsPerFile < 0 || zipOverBytes < 0) {
      throw new IllegalArgumentException("limits must not be negative");
    }
    this.name = name;
    this.rowsPerFile = rowsPerFile;
    this.zipOverBytes = zipOverBytes;
    this.schema = schema;
  }

  /** The zip entry of the export's column schema. */
  static final String SCHEMA = "schema.json";

  /** Writes the schema entry, when there is a schema, before the zip is finished. */
  private void schemaEntry(ZipOutputStream zip) throws IOException {
    if (schema != null) {
      zip.putNextEntry(new ZipEntry(SCHEMA));
      zip.write(schema);
      zip.closeEntry();
    }
  }

  @Override
  public RowWriter writer(
      ExportFormat format, ExportOptions options, Segment segment, OutputStream out) {
    if (segment.rows() < 0) {
      throw new IllegalStateException("a packed export must know its rows before the first");
    }
    String ext = "." + format.extension();
    if (rowsPerFile > 0 && segment.rows() > rowsPerFile) {
      zipped = true;
      return new PartedRowWriter(
          format, options, rowsPerFile, new Entries(zip(out), n -> name + "-" + n + ext));
    }
    // Never more held in memory than a node's heap allows, whatever a job was stored with: a job
    // stored before the setting was bounded zips past the bound instead of holding its whole file.
    long limit = format.zipsWhenLarge() ? Math.min(zipOverBytes, Delivery.MAX_HELD_BYTES) : 0;
    return new PartedRowWriter(format, options, rowsPerFile, new OneFile(out, limit, name + ext));
  }

  /** How the file is served, once it is written. */
  JobHandler.FileInfo file(ExportFormat format) {
    return zipped
        ? new JobHandler.FileInfo(name + ".zip", ZIP, null)
        : new JobHandler.FileInfo(name + "." + format.extension(), format.contentType(), null);
  }

  private static ZipOutputStream zip(OutputStream out) {
    ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(out, BUFFER));
    zip.setLevel(Deflater.BEST_SPEED);
    return zip;
  }

  /** Parts as the entries of one zip: closing a part's stream closes its entry. */
  private final class Entries implements PartedRowWriter.Parts {
    private final ZipOutputStream zip;
    private final IntFunction<String> entryName;

    Entries(ZipOutputStream zip, IntFunction<String> entryName) {
      this.zip = zip;
      this.entryName = entryName;
    }

    @Override
    public OutputStream open(int n) throws IOException {
      zip.putNextEntry(new ZipEntry(entryName.apply(n)));
      return new FilterOutputStream(zip) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
          zip.closeEntry();
        }
      };
    }

    @Override
    public void finish() throws IOException {
      schemaEntry(zip);
      zip.finish();
      zip.flush();
    }
  }

  /**
   * The one part of an export that is not split: written as it is, or, over {@code limit} bytes
   * (when not 0), as the one entry of a zip. Up to the limit the bytes wait in memory, since a
   * file's first bytes differ once zipped.
   */
  private final class OneFile extends OutputStream implements PartedRowWriter.Parts {
    private final OutputStream out;
    private final long limit;
    private final String entryName;
    private @Nullable ByteArrayOutputStream held;
    private @Nullable ZipOutputStream zip;
    private boolean closed;

    OneFile(OutputStream out, long limit, String entryName) {
      this.out = out;
      this.limit = limit;
      this.entryName = entryName;
      this.held = limit > 0 ? new ByteArrayOutputStream() : null;
    }

    @Override
    public OutputStream open(int n) {
      if (n != 1) {
        throw new IllegalStateException(
            "the export has more rows than it counted (" + rowsPerFile + " a file)");
      }
      return this;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (held == null) {
        (zip != null ? zip : out).write(b, off, len);
        return;
      }
      if (held.size() + (long) len <= limit) {
        held.write(b, off, len);
        return;
      }
      // Over the limit: from here on a zip, which starts with what was held.
      zipped = true;
      zip = zip(out);
      zip.putNextEntry(new ZipEntry(entryName));
      held.writeTo(zip);
      held = null;
      zip.write(b, off, len);
    }

    /** Flushes what is written as it is; held bytes wait until the end of the part. */
    @Override
    public void flush() throws IOException {
      if (held == null) {
        (zip != null ? zip : out).flush();
      }
    }

    /** The end of the part: what was held goes out as it is, or the zip is completed. */
    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      if (held != null) {
        held.writeTo(out);
        held = null;
      } else if (zip != null) {
        zip.closeEntry();
        schemaEntry(zip);
        zip.finish();
      }
      flush();
    }
  }
}
