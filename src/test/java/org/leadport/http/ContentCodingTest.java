package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.airlift.compress.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ContentCodingTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "NULL",
      value = {
        "NULL|IDENTITY",
        "''|IDENTITY",
        "identity|IDENTITY",
        "*|IDENTITY",
        "br, deflate|IDENTITY",
        "gzip|GZIP",
        "GZip ; q=0.5|GZIP",
        "gzip;q=0|IDENTITY",
        "gzip;q=0.000|IDENTITY",
        "zstd|ZSTD",
        "gzip, deflate, br, zstd|ZSTD",
        "zstd;q=0.5, gzip|GZIP",
        "zstd, gzip;q=0.9|ZSTD",
        "zstd;q=0, gzip|GZIP",
        "zstd;q=0|IDENTITY",
        "zstd;q=oops|ZSTD",
      })
  void negotiatesTheCodingTheClientWeighsHighestZstdOnATie(String accept, ContentCoding coding) {
    assertThat(ContentCoding.negotiate(accept)).isEqualTo(coding);
  }

  @ParameterizedTest
  @EnumSource(ContentCoding.class)
  void encodesWhatItsDecoderReadsBack(ContentCoding coding) throws IOException {
    byte[] csv = csv();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = coding.encoder(sink)) {
      out.write(csv);
    }
    byte[] body = sink.toByteArray();
    byte[] decoded =
        switch (coding) {
          case IDENTITY -> body;
          case GZIP -> new GZIPInputStream(new ByteArrayInputStream(body)).readAllBytes();
          case ZSTD -> new ZstdInputStream(new ByteArrayInputStream(body)).readAllBytes();
        };
    assertThat(decoded).isEqualTo(csv);
    if (coding != ContentCoding.IDENTITY) {
      assertThat(body.length).isLessThan(csv.length / 3);
    }
  }

  /** A CSV of a few thousand lead-like rows. */
  static byte[] csv() {
    StringBuilder b = new StringBuilder("id,name,city,created_at\r\n");
    for (int i = 0; i < 5_000; i++) {
      b.append("lead_")
          .append(Integer.toString(i * 7_919, 36))
          .append(",Acme ")
          .append(i)
          .append(" GmbH,")
          .append(i % 3 == 0 ? "Berlin" : "São Paulo")
          .append(",2026-02-18T13:04:05.")
          .append(100_000 + i)
          .append("Z\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
