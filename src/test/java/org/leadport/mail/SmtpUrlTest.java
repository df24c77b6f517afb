package org.leadport.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SmtpUrlTest {
  private static final String DEFAULT = SmtpUrl.DEFAULT_FROM;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          smtp://mail.example.com:2525            | false | mail.example.com | 2525 | -       | -       | -
          smtp://localhost                        | false | localhost        | 25   | -       | -       | -
          '  smtp://localhost:1025/  '            | false | localhost        | 1025 | -       | -       | -
          SMTP://Mail.Example.com:587             | false | Mail.Example.com | 587  | -       | -       | -
          smtp://127.0.0.1:1025                   | false | 127.0.0.1        | 1025 | -       | -       | -
          smtp://[::1]:1025                       | false | [::1]            | 1025 | -       | -       | -
          smtps://smtp.example.com                | true  | smtp.example.com | 465  | -       | -       | -
          smtps://smtp.example.com:2465           | true  | smtp.example.com | 2465 | -       | -       | -
          smtp://bob:hunter2@smtp.example.com:587 | false | smtp.example.com | 587  | bob     | hunter2 | -
          smtp://h?from=exports%40example.com     | false | h                | 25   | -       | -       | exports@example.com
          smtp://h:25/?from=ex+lp%40example.com   | false | h                | 25   | -       | -       | ex+lp@example.com
          smtp://h?from=Lead%20Port%20%3Cx%40example.com%3E | false | h    | 25   | -       | -       | Lead Port <x@example.com>
          """)
  void readsValidUrls(
      String value, boolean tls, String host, int port, String user, String password, String from) {
    SmtpUrl url = SmtpUrl.parse(value);

    assertThat(url)
        .isEqualTo(new SmtpUrl(tls, host, port, user, password, from == null ? DEFAULT : from));
  }

  @Test
  void percentDecodesUserAndPasswordButKeepsPlusSigns() {
    SmtpUrl url =
        SmtpUrl.parse("smtps://exports%40example.com:p%40ss%3Aw+rd%2F%C3%A9@smtp.example.com");

    assertThat(url.user()).isEqualTo("exports@example.com");
    assertThat(url.password()).isEqualTo("p@ss:w+rd/é");
    assertThat(url.protocol()).isEqualTo("smtps");
    assertThat(url.address()).isEqualTo("smtps://smtp.example.com:465");
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void refusesNothing(String value) {
    assertThatThrownBy(() -> SmtpUrl.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LEADPORT_SMTP_URL must look like smtp://host:port, was empty");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          localhost:25                   | LEADPORT_SMTP_URL must look like smtp://host:port, was localhost:25
          mail.example.com               | LEADPORT_SMTP_URL must look like smtp://host:port, was mail.example.com
          smtp:mail.example.com          | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp:mail.example.com
          smtp://                        | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://
          smtp://host:abc                | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://host:abc
          smtp://ho st:25                | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://ho st:25
          smtp://host:25#top             | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://host:25#top
          http://host:25                 | LEADPORT_SMTP_URL must start with smtp:// or smtps://, was http://host:25
          smtp://host:0                  | LEADPORT_SMTP_URL port must be between 1 and 65535, was smtp://host:0
          smtp://host:65536              | LEADPORT_SMTP_URL port must be between 1 and 65535, was smtp://host:65536
          smtp://host:25/mail            | LEADPORT_SMTP_URL must have no path, was smtp://host:25/mail
          smtp://host:25?to=a%40b.com    | LEADPORT_SMTP_URL takes only the query parameter from, was smtp://host:25?to=a%40b.com
          smtp://h?from=a%40b.com&from=c%40d.com | LEADPORT_SMTP_URL takes only the query parameter from, was smtp://h?from=a%40b.com&from=c%40d.com
          smtp://h?from=a%40b.com&x=1    | LEADPORT_SMTP_URL takes only the query parameter from, was smtp://h?from=a%40b.com&x=1
          smtp://h?from=                 | LEADPORT_SMTP_URL from must be one email address, was smtp://h?from=
          smtp://h?from=nobody           | LEADPORT_SMTP_URL from must be one email address, was smtp://h?from=nobody
          smtp://h?from=a%40b.com,c%40d.com | LEADPORT_SMTP_URL from must be one email address, was smtp://h?from=a%40b.com,c%40d.com
          smtp://h?from=a%40b.com%0D%0ABcc:c%40d.com | LEADPORT_SMTP_URL from must be one email address, was smtp://h?from=a%40b.com%0D%0ABcc:c%40d.com
          smtp://bob@host:25             | LEADPORT_SMTP_URL must give both user and password, as smtp://user:password@host:port, was smtp://***@host:25
          smtp://bob:@host:25            | LEADPORT_SMTP_URL must give both user and password, as smtp://user:password@host:port, was smtp://bob:***@host:25
          smtp://:hunter2@host:25        | LEADPORT_SMTP_URL must give both user and password, as smtp://user:password@host:port, was smtp://:***@host:25
          smtp://bob:hunter2@host:99999  | LEADPORT_SMTP_URL port must be between 1 and 65535, was smtp://bob:***@host:99999
          smtp://bob:hunter2@host/x      | LEADPORT_SMTP_URL must have no path, was smtp://bob:***@host/x
          ftp://bob:hunter2@host         | LEADPORT_SMTP_URL must start with smtp:// or smtps://, was ftp://bob:***@host
          smtp://bob:hun ter2@host       | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://bob:***@host
          smtp://bob:hun/ter2@host       | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://bob:***@host
          smtp://bob:hun?ter2@host       | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://bob:***@host
          smtp://bob:hun@ter2@host?x=1   | LEADPORT_SMTP_URL must look like smtp://host:port, was smtp://bob:***@host?x=1
          smtp://bob:hunter2@host?from=x | LEADPORT_SMTP_URL from must be one email address, was smtp://bob:***@host?from=x
          """)
  void refusesWithExactMessages(String value, String message) {
    assertThatThrownBy(() -> SmtpUrl.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "smtp://bob:hunter2@host:99999",
        "smtp://bob:hunter2@",
        "smtp://bob:hunter2@host:25/path",
        "smtp://bob:hunter2@host:25?from=x",
        "smtp://bob:hunter2@host:25?from=a%40b.com&other=1",
        "smtp://bob:hunter2@ho st",
        "smtp://bob:hunter2@@host",
        "smtp://bob:hunter2:more@host:abc",
        "smtp://hunter2@host",
        "smtp://bob:hun%zzter2@host",
        "smtp://bob:hunter2\r\n@host",
        "ftp://bob:hunter2@host",
        "bob:hunter2@host:25",
        "smtp:bob:hunter2@host",
      })
  void neverShowsThePassword(String value) {
    assertThatThrownBy(() -> SmtpUrl.parse(value))
        .isInstanceOf(IllegalArgumentException.class)
        .satisfies(e -> {
          assertThat(e.getMessage()).startsWith("LEADPORT_SMTP_URL ");
          for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(t.toString()).doesNotContain("hun");
          }
        });
  }

  @Test
  void toStringMasksThePassword() {
    SmtpUrl url = SmtpUrl.parse("smtp://bob:hunter2@smtp.example.com:587?from=x%40example.com");

    assertThat(url.toString())
        .isEqualTo("SmtpUrl[smtp://bob:***@smtp.example.com:587, from=x@example.com]")
        .doesNotContain("hunter2");
    assertThat(url.address()).isEqualTo("smtp://smtp.example.com:587");
  }

  @Test
  void recordRefusesHalfALoginAndBadSenders() {
    assertThatThrownBy(() -> new SmtpUrl(false, "h", 25, "bob", null, DEFAULT))
        .hasMessage("user and password must be given together");
    assertThatThrownBy(() -> new SmtpUrl(false, "h", 0, null, null, DEFAULT))
        .hasMessage("port must be between 1 and 65535, was 0");
    assertThatThrownBy(() -> new SmtpUrl(false, "h", 25, null, null, "a@b.com\r\nBcc: c@d.com"))
        .hasMessage("from must be one email address");
    assertThatThrownBy(() -> new SmtpUrl(false, " ", 25, null, null, DEFAULT))
        .hasMessage("host must be a host name or address");
  }
}
