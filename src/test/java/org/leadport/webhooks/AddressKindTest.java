package org.leadport.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The SSRF guard's address classes, and the URLs it refuses before any DNS. */
class AddressKindTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "127.0.0.1, LOOPBACK",
    "127.5.6.7, LOOPBACK",
    "::1, LOOPBACK",
    "::ffff:127.0.0.1, LOOPBACK",
    "169.254.169.254, LINK_LOCAL",
    "fe80::1, LINK_LOCAL",
    "10.0.0.1, PRIVATE",
    "172.16.0.1, PRIVATE",
    "172.31.255.255, PRIVATE",
    "192.168.1.1, PRIVATE",
    "100.64.0.1, PRIVATE",
    "fc00::1, PRIVATE",
    "fd12:3456:789a::1, PRIVATE",
    "::ffff:10.1.2.3, PRIVATE",
    "0.0.0.0, UNSPECIFIED",
    "0.1.2.3, UNSPECIFIED",
    "::, UNSPECIFIED",
    "224.0.0.1, MULTICAST",
    "239.255.255.250, MULTICAST",
    "ff02::1, MULTICAST",
    "8.8.8.8, PUBLIC",
    "172.32.0.1, PUBLIC",
    "100.128.0.1, PUBLIC",
    "93.184.215.14, PUBLIC",
    "2606:4700:4700::1111, PUBLIC",
    "::ffff:8.8.8.8, PUBLIC"
  })
  void classifies(String address, AddressKind kind) throws Exception {
    assertThat(AddressKind.of(InetAddress.getByName(address))).isEqualTo(kind);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://127.0.0.1/hook",
        "http://[::1]:8080/hook",
        "https://169.254.169.254/latest/meta-data",
        "http://10.0.0.5/",
        "http://localhost:9999/hook"
      })
  void nonPublicDestinationsAreRefusedUnlessAllowed(String url) {
    URI uri = Destinations.parse(url);
    assertThat(new Destinations(false).refusal(uri))
        .hasValueSatisfying(r -> assertThat(r).contains("LEADPORT_WEBHOOK_ALLOW_PRIVATE"));
    assertThat(new Destinations(true).refusal(uri)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://example.com/hook",
        "/relative/hook",
        "https://user:pw@example.com/hook",
        "https://example.com/hook#frag",
        "not a url",
        "https:///nohost"
      })
  void whatIsNoHttpUrlIsRefusedBeforeAnyLookup(String url) {
    assertThatThrownBy(() -> Destinations.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("url ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://8.8.8.8/hook", "https://[2606:4700:4700::1111]/hook"})
  void publicAddressesAreAccepted(String url) {
    assertThat(new Destinations(false).refusal(Destinations.parse(url))).isEmpty();
  }
}
