package org.leadport.export.sink;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.leadport.testing.ZstdTool;

class ZstdFramesTest {
  /** CSV-like rows: repeated words and growing ids, as an export's. */
  private static byte[] rows(int n) {
    SplittableRandom r = new SplittableRandom(7);
    String[] words = {"Acme", "Globex", "Initech", "lead", "Berlin", "München", "won", "active"};
    StringBuilder s = new StringBuilder("id,name,city,status,created_at\n");
    for (int i = 0; i < n; i++) {
      s.append("lead_")
          .append(Long.toString(r.nextLong() & Long.MAX_VALUE, 36))
          .append(',')
          .append(words[r.nextInt(words.length)])
          .append(' ')
          .append(words[r.nextInt(words.length)])
          .append(',')
          .append(words[r.nextInt(words.length)])
          .append(',')
          .append(words[r.nextInt(words.length)])
          .append(",2026-0")
          .append(1 + r.nextInt(9))
          .append("-1")
          .append(r.nextInt(10))
          .append("T12:0")
          .append(r.nextInt(10))
          .append(":00.123456Z\n");
    }
    return s.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] encode(byte[] plain, int frame, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZstdFrames z = new ZstdFrames(out, frame)) {
      for (int i = 0; i < plain.length; i += chunk) {
        if (chunk == 1) {
          z.write(plain[i]);
        } else {
          z.write(plain, i, Math.min(chunk, plain.length - i));
        }
        z.flush();
      }
    }
    return out.toByteArray();
  }

  @Test
  void everySizeAndWriteShapeDecodesToTheSameBytesByBothDecoders() throws IOException {
    byte[] all = rows(3000);
    for (int length : new int[] {0, 1, 4095, 4096, 4097, 3 * 4096 + 5, all.length}) {
      byte[] plain = java.util.Arrays.copyOf(all, length);
      for (int chunk : new int[] {1, 100, 10_000}) {
        byte[] encoded = encode(plain, 4096, chunk);
        assertThat(ZstdTool.decodeInJava(encoded)).as("%d by %d", length, chunk).isEqualTo(plain);
        if (chunk == 100) {
          byte[] byTool = ZstdTool.decodeWithTool(encoded, "ZstdFramesTest");
          if (byTool != null) {
            assertThat(byTool).as("%d, zstd -d", length).isEqualTo(plain);
          }
        }
      }
    }
  }

  @Test
  void compressesExportRowsSmallerThanAircompressorsStreamAndGzip() throws IOException {
    byte[] plain = rows(100_000);
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    try (ZstdFrames z = new ZstdFrames(frames)) {
      z.write(plain);
    }
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    try (ZstdOutputStream z = new ZstdOutputStream(stream)) {
      z.write(plain);
    }
    ByteArrayOutputStream gzip = new ByteArrayOutputStream();
    try (FastGzip z = new FastGzip(gzip)) {
      z.write(plain);
    }
    assertThat(frames.size()).isLessThan(stream.size()).isLessThan(gzip.size());
    assertThat(ZstdTool.decodeInJava(frames.toByteArray())).isEqualTo(plain);
  }
}
