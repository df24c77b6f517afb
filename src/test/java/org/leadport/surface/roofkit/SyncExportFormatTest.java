package org.leadport.surface.roofkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.export.writer.ExportFormat;

/** The sync export's format by the request's {@code Accept}: CSV unless Parquet weighs more. */
class SyncExportFormatTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "application/vnd.apache.parquet | PARQUET",
        "APPLICATION/VND.APACHE.PARQUET | PARQUET",
        "text/csv, application/vnd.apache.parquet;q=0.5 | CSV",
        "text/csv;q=0.5, application/vnd.apache.parquet | PARQUET",
        "application/vnd.apache.parquet;q=0, text/csv | CSV",
        "application/vnd.apache.parquet;q=0 | CSV",
        "*/* | CSV",
        "application/vnd.apache.parquet, */*;q=0.1 | PARQUET",
        "text/*, application/vnd.apache.parquet | CSV",
        "text/html | CSV",
      })
  void csvUnlessParquetWeighsMore(String accept, ExportFormat expected) {
    assertThat(SyncExportRoutes.format(accept)).isEqualTo(expected);
  }

  @Test
  void noAcceptIsCsv() {
    assertThat(SyncExportRoutes.format(null)).isEqualTo(ExportFormat.CSV);
  }
}
