package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The done email of an export in parts: every part with its link, never the job's one link. */
class DoneEmailPartsTest {
  private static final String SHA = "ab".repeat(32);
  private static final String STATUS = "https://leadport.example.com/api/v1/export/expo_1/";

  private static DoneEmail.Part part(int n) {
    return new DoneEmail.Part(
        n, 4, 100 + n, SHA, "https://leadport.example.com/downloads/expo_1/p-" + n + ".csv?s=x");
  }

  @Test
  void listsEveryPartWithItsChecksumAndLinkThenWhereFreshLinksAre() {
    DoneEmail email =
        DoneEmail.inParts(
            "ann@example.com",
            "expo_1",
            "acme",
            "leads.csv",
            8L,
            new DoneEmail.Parts(List.of(part(1), part(2)), STATUS));
    assertThat(email.body())
        .contains(
            "File: leads.csv\nRows: 8\nParts: 2, each a whole file. Download every one and check"
                + " it against its SHA-256:\n\n"
                + "Part 1: 4 rows, 101 bytes, SHA-256 "
                + SHA
                + "\nhttps://leadport.example.com/downloads/expo_1/p-1.csv?s=x\n\n"
                + "Part 2: 4 rows, 102 bytes, SHA-256 "
                + SHA
                + "\nhttps://leadport.example.com/downloads/expo_1/p-2.csv?s=x\n\n"
                + "These links expire soon. For fresh ones, read the export's status: "
                + STATUS
                + "\n")
        .doesNotContain("Download: ");
  }

  @Test
  void refusesLinksThatCouldSmuggleHeadersAndPartsBesideALink() {
    assertThatThrownBy(() -> new DoneEmail.Part(1, 1, 1, SHA, "https://x.example/a\r\nBcc: y"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DoneEmail.Parts(List.of(part(1)), "/relative"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DoneEmail.Parts(List.of(), STATUS))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() ->
            new DoneEmail(
                "ann@example.com",
                "expo_1",
                DoneEmail.Status.SUCCEEDED,
                "leads.csv",
                1L,
                STATUS,
                null,
                "acme",
                new DoneEmail.Parts(List.of(part(1)), STATUS)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
