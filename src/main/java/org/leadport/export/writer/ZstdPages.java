package org.leadport.export.writer;

import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Compresses a Parquet file's pages with zstd in pure Java (aircompressor), in place of
 * parquet-java's own codec factory: that one instantiates Hadoop's codec classes, so it needs the
 * Hadoop runtime, and its zstd is zstd-jni's native library. This one needs neither
 * (docs/parquet.md has the measurements behind the choice). It only compresses: Leadport writes
 * Parquet, never reads it. Not thread-safe (one page buffer); one per writer.
 */
final class ZstdPages implements CompressionCodecFactory {
  private final ZstdCompressor zstd = new ZstdCompressor();
  private final Page page = new Page();

  private final BytesInputCompressor compressor =
      new BytesInputCompressor() {
        @Override
        public BytesInput compress(BytesInput bytes) throws IOException {
          // One page at a time: its bytes gathered into a buffer kept between pages.
          page.reset();
          bytes.writeAllTo(page);
          byte[] out = new byte[zstd.maxCompressedLength(page.size())];
          int n = zstd.compress(page.bytes(), 0, page.size(), out, 0, out.length);
          return BytesInput.from(out, 0, n);
        }

        @Override
        public CompressionCodecName getCodecName() {
          return CompressionCodecName.ZSTD;
        }

        @Override
        public void release() {}
      };

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    if (codec != CompressionCodecName.ZSTD) {
      throw new IllegalArgumentException("only zstd pages are written, not " + codec);
    }
    return compressor;
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    throw new UnsupportedOperationException("Leadport writes Parquet files and reads none");
  }

  @Override
  public void release() {}

  /** A page's uncompressed bytes, read in place. */
  private static final class Page extends ByteArrayOutputStream {
    Page() {
      super(1 << 20);
    }

    byte[] bytes() {
      return buf;
    }
  }
}
