package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DoneEmailTest {
  private static final String URL = "https://leadport.example.com/downloads/expo_123?sig=abc";

  @Test
  void succeededSaysWhereTheFileIsAndThatTheLinkExpires() {
    DoneEmail email =
        DoneEmail.succeeded("ann@example.com", "expo_123", "acme", "leads.csv", 12345L, URL);

    assertThat(email.subject()).isEqualTo("Your Leadport export expo_123 is ready");
    assertThat(email.body())
        .startsWith("Your Leadport export expo_123 of workspace acme is ready.\n\n")
        .contains("File: leads.csv\n", "Rows: 12345\n", "Download: " + URL + "\n")
        .contains("This link expires soon", "read the export's status with the Leadport API")
        .doesNotContain("Error");
  }

  @Test
  void succeededWithoutALinkSaysHowToGetOne() {
    DoneEmail email = DoneEmail.succeeded("ann@example.com", "expo_1", "acme", null, null, null);

    assertThat(email.body())
        .contains("Read the export's status with the Leadport API to get a download link.")
        .doesNotContain("File:", "Rows:", "Download:");
  }

  @Test
  void failedGivesTheErrorAndNoLink() {
    DoneEmail email =
        DoneEmail.failed("ann@example.com", "expo_123", "acme", "Disk full.\r\nRetry later.");

    assertThat(email.subject()).isEqualTo("Your Leadport export expo_123 failed");
    assertThat(email.body())
        .startsWith("Your Leadport export expo_123 of workspace acme failed.\n\n")
        .contains("Error: Disk full.\nRetry later.\n")
        .doesNotContain("\r", "Download", "expires");
  }

  @Test
  void failedWithoutDetailsSaysSo() {
    assertThat(DoneEmail.failed("ann@example.com", "expo_1", "acme", null).body())
        .contains("Error: no details were recorded");
  }

  @Test
  void canceledGivesTheReason() {
    DoneEmail email = DoneEmail.canceled("ann@example.com", "expo_9", "acme", "Canceled by bob.");

    assertThat(email.subject()).isEqualTo("Your Leadport export expo_9 was canceled");
    assertThat(email.body()).contains("was canceled.", "Reason: Canceled by bob.");
  }

  @Test
  void bodyOnlyTextLosesControlCharacters() {
    DoneEmail email =
        DoneEmail.succeeded("ann@example.com", "expo_1", "ac\r\nme\u0000", "a\nb.csv", 1L, URL);

    assertThat(email.body())
        .contains("of workspace ac  me  is ready.", "File: a b.csv\n")
        .doesNotContain("\r", "\u0000");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ann@example.com\r\nBcc: eve@example.com",
        "ann@example.com\nBcc: eve@example.com",
        "ann@example.com\r",
        "ann@example.com, eve@example.com",
        "ann@example.com; eve@example.com",
        "team: ann@example.com, eve@example.com;",
        "ann",
        "@example.com",
        "ann@",
        "",
        "ann@exa mple.com",
        "Ann\r\n <ann@example.com>",
      })
  void refusesAnythingButOneRecipient(String to) {
    assertThatThrownBy(() -> DoneEmail.failed(to, "expo_1", "acme", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("to must be exactly one email address without line breaks");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ann@example.com", "Ann Lee <ann@example.com>", "a+b@sub.example.com"})
  void acceptsOneRecipient(String to) {
    assertThat(DoneEmail.failed(to, "expo_1", "acme", null).to()).isEqualTo(to);
  }

  @ParameterizedTest
  @ValueSource(strings = {"expo_1\r\nBcc: eve@example.com", "expo_1\n", "", " ", "expo\t1"})
  void refusesJobIdsThatAreNotOneLine(String jobId) {
    assertThatThrownBy(() -> DoneEmail.failed("ann@example.com", jobId, "acme", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jobId must be one line of text");
  }

  @Test
  void linksAreOnlyForSucceededExports() {
    assertThatThrownBy(() ->
            new DoneEmail(
                "ann@example.com",
                "expo_1",
                DoneEmail.Status.FAILED,
                null,
                null,
                URL,
                "boom",
                "acme"))
        .hasMessage("downloadUrl is only for a succeeded export");
    assertThatThrownBy(() ->
            DoneEmail.succeeded(
                "ann@example.com", "expo_1", "acme", null, null, URL + "\r\nBcc: x"))
        .hasMessage("downloadUrl must be one URL without spaces");
    assertThatThrownBy(
            () -> DoneEmail.succeeded("ann@example.com", "expo_1", "acme", null, -1L, null))
        .hasMessage("rowCount must not be negative, was -1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://lp.example.com/downloads/expo_1/Kontakte_März.csv?expires=1&signature=a",
        "https://lp.example.com/downloads/expo_1/a#b#c.csv?expires=1&signature=a",
        "https://lp.example.com/downloads/expo_1/100%.csv?expires=1&signature=a",
        "https://lp.example.com/downloads/expo_1/a|b.csv?expires=1&signature=a",
        "/downloads/expo_1/leads.csv?expires=1&signature=a",
        "ftp://lp.example.com/downloads/expo_1/leads.csv",
        "https:leads.csv",
      })
  void aLinkMustBeAValidAbsoluteUri(String url) {
    assertThatThrownBy(
            () -> DoneEmail.succeeded("ann@example.com", "expo_1", "acme", "x.csv", 1L, url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("downloadUrl must be an absolute http(s) URI (RFC 3986)");
  }
}
