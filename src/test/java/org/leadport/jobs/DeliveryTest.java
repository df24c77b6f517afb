package org.leadport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.leadport.json.Json;

/** A job's delivery as stored: read back as written, and jobs stored before a packaging existed. */
class DeliveryTest {
  @Test
  void everyPackagingReadsBackAsWritten() {
    for (Delivery.Packaging p : Delivery.Packaging.values()) {
      Delivery d = new Delivery(p, "leads", 5, 7);
      assertThat(Delivery.of(Json.object().set("delivery", d.toJson()))).isEqualTo(d);
    }
  }

  @Test
  void jobsStoredWithoutADeliveryOrWithTheOldPackagingsReadAsBefore() {
    assertThat(Delivery.of(Json.object())).isEqualTo(Delivery.GZIP);
    assertThat(
            Delivery.of(
                Json.object()
                    .set(
                        "delivery",
                        Json.object()
                            .put("packaging", "PLAIN_OR_ZIP")
                            .put("name", "contacts")
                            .put("zip_over_bytes", 0)
                            .put("rows_per_file", 0))))
        .isEqualTo(Delivery.plain("contacts"));
  }

  @Test
  void packagingNamesAreStoredAndNeverRenamed() {
    assertThat(Delivery.Packaging.values())
        .extracting(Enum::name)
        .containsExactly("GZIP", "PLAIN_OR_ZIP", "GZIP_FILE", "ZSTD_FILE");
  }
}
