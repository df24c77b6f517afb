package org.leadport.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.leadport.export.sink.FastGzip;
import org.leadport.export.sink.ZstdFrames;
import org.leadport.json.JsonInput;

/**
 * The content codings a streamed body can be sent in, and the choice among them by a request's
 * {@code Accept-Encoding} (RFC 9110 §12.5.3): the coding the client accepts with the highest
 * weight, zstd before gzip when it weighs them the same (zstd compresses CSV smaller and faster),
 * none when it accepts neither. A coding with {@code q=0} is refused. A wildcard {@code *} does not
 * choose a coding: streamed exports were sent plain to such clients before zstd, and still are.
 */
public enum ContentCoding {
  IDENTITY(null),
  GZIP("gzip"),
  /** Zstandard (RFC 8878), in pure Java ({@link ZstdFrames}): no native library. */
  ZSTD("zstd");

  private final @Nullable String token;

  ContentCoding(@Nullable String token) {
    this.token = token;
  }

  /**
   * The words an async export's {@code compression} takes ({@code none}, {@code gzip}, {@code
   * zstd}), in the order they are listed, each with its coding.
   */
  public static final Map<String, ContentCoding> WORDS = words();

  /** The {@code Content-Encoding} value, or null for the identity coding (no header). */
  public @Nullable String header() {
    return token;
  }

  /**
   * An encoder writing into {@code out}, which it closes when closed (writing the coding's end
   * first); {@code out} itself for the identity coding.
   */
  public OutputStream encoder(OutputStream out) throws IOException {
    return switch (this) {
      case IDENTITY -> out;
      case GZIP -> new FastGzip(out);
      case ZSTD -> new ZstdFrames(out);
    };
  }

  /** The coding to answer a request with {@code acceptEncoding} in. */
  public static ContentCoding negotiate(@Nullable String acceptEncoding) {
    if (acceptEncoding == null) {
      return IDENTITY;
    }
    double zstd = QualityValues.weight(acceptEncoding, "zstd");
    double gzip = QualityValues.weight(acceptEncoding, "gzip");
    if (zstd > 0 && zstd >= gzip) {
      return ZSTD;
    }
    return gzip > 0 ? GZIP : IDENTITY;
  }

  /**
   * The coding {@code key} of {@code in} names ({@code none}, {@code gzip} or {@code zstd}), or
   * null when it is absent; a 400 naming the key for any other value.
   */
  public static @Nullable ContentCoding read(JsonInput in, String key) {
    String word = in.oneOf(key, WORDS.keySet());
    // oneOf() answers only with one of the keys.
    return word == null ? null : Objects.requireNonNull(WORDS.get(word));
  }

  private static Map<String, ContentCoding> words() {
    Map<String, ContentCoding> m = new LinkedHashMap<>();
    m.put("none", IDENTITY);
    m.put("gzip", GZIP);
    m.put("zstd", ZSTD);
    return Collections.unmodifiableMap(m);
  }
}
