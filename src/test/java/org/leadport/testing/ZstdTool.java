package org.leadport.testing;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Decodes zstd bytes twice, by two independent decoders: aircompressor's Java decoder and the
 * {@code zstd} command-line tool (skipped, with a message, where it is not installed).
 */
public final class ZstdTool {
  private static final Path TOOL = Path.of("/usr/bin/zstd");

  private ZstdTool() {}

  /** The bytes {@code zstd} decodes to, by the Java decoder. */
  public static byte[] decodeInJava(byte[] zstd) {
    try (ZstdInputStream in = new ZstdInputStream(new ByteArrayInputStream(zstd))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The bytes {@code zstd -d} decodes {@code zstd} to, or null (after saying so on stderr) when the
   * tool is not installed.
   */
  public static byte @Nullable [] decodeWithTool(byte[] zstd, String who) {
    if (!Files.isExecutable(TOOL)) {
      System.err.println(
          who + ": no zstd command-line tool (apt package zstd); its decoding skipped");
      return null;
    }
    try {
      Path in = Files.createTempFile("zstd-tool-", ".zst");
      Path out = in.resolveSibling(in.getFileName() + ".out");
      try {
        Files.write(in, zstd);
        Process p =
            new ProcessBuilder(
                    TOOL.toString(), "-d", "-q", "-f", "-o", out.toString(), in.toString())
                .redirectErrorStream(true)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new AssertionError("zstd -d did not finish in 60 s");
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
          throw new AssertionError("zstd -d failed (" + p.exitValue() + "): " + said);
        }
        return Files.readAllBytes(out);
      } finally {
        Files.deleteIfExists(in);
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
