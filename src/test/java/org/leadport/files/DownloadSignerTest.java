package org.leadport.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.leadport.LeadportException;
import org.leadport.query.KeysetCursor;
import org.leadport.testing.MutableClock;

class DownloadSignerTest {
  static final byte[] SECRET =
      "test-secret-test-secret-test-secret".getBytes(StandardCharsets.UTF_8);
  static final Instant START = Instant.parse("2025-03-01T12:00:00Z");
  static final Duration TTL = Duration.ofMinutes(15);
  static final String PATH = "/api/v1/exports/exp_123/download";
  static final String JOB = "exp_123";
  static final String WORKSPACE = "ws_abc";
  static final String MESSAGE =
      "This download link is invalid or has expired; read the export's status for a fresh one.";

  /** Every character base64url and the query syntax can hold, and a few it cannot. */
  static final String REPLACEMENTS = "ABCMZabcmz0189-_=&+ .~!/%?#*;:,é\u0000";

  MutableClock clock;
  DownloadSigner signer;

  @BeforeEach
  void setUp() {
    clock = new MutableClock(START);
    signer = new DownloadSigner(SECRET, clock);
  }

  String sign() {
    return signer.sign("GET", PATH, JOB, WORKSPACE, TTL);
  }

  /** Parses a query string as a server does: first value wins, values URL-decoded. */
  static Map<String, String> params(String query) {
    Map<String, String> out = new HashMap<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.putIfAbsent(decode(name), decode(value));
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s; // a bad escape: keep it raw, it must fail verification all the same
    }
  }

  void verify(String query) {
    verify("GET", PATH, JOB, WORKSPACE, query);
  }

  void verify(String method, String path, String job, String workspace, String query) {
    Map<String, String> p = params(query);
    signer.verify(method, path, job, workspace, p.get("expires"), p.get("signature"));
  }

  static void assertRejected(ThrowingCallable call) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            LeadportException.class,
            e -> {
              assertThat(e.status()).isEqualTo(403);
              assertThat(e.code()).isEqualTo("invalid_download_url");
              assertThat(e.getMessage()).isEqualTo(MESSAGE);
              assertThat(e.param()).isNull();
            });
  }

  @Test
  void signsTheExpiryAndAnUnpaddedBase64urlHmacSha256() {
    String query = sign();
    long expires = START.plus(TTL).getEpochSecond();
    assertThat(query).matches("expires=" + expires + "&signature=[A-Za-z0-9_-]{43}");
    byte[] mac = Base64.getUrlDecoder().decode(params(query).get("signature"));
    assertThat(mac).hasSize(32);
    assertThat(sign()).as("deterministic").isEqualTo(query);
  }

  @Test
  void aFreshUrlVerifies() {
    assertThatCode(() -> verify(sign())).doesNotThrowAnyException();
  }

  @Test
  void oneSecondBeforeExpiryItStillVerifies() {
    String query = sign();
    clock.advance(TTL.minusSeconds(1));
    assertThatCode(() -> verify(query)).doesNotThrowAnyException();
    clock.advance(Duration.ofMillis(999));
    assertThatCode(() -> verify(query)).doesNotThrowAnyException();
  }

  @Test
  void atAndAfterExpiryItFails() {
    String query = sign();
    clock.advance(TTL);
    assertRejected(() -> verify(query));
    clock.advance(Duration.ofDays(400));
    assertRejected(() -> verify(query));
  }

  @Test
  void aFractionalNowRoundsTheExpiryUpSoTheUrlLivesAtLeastTheTtl() {
    clock.advance(Duration.ofMillis(400));
    String query = signer.sign("GET", PATH, JOB, WORKSPACE, Duration.ofSeconds(10));
    assertThat(params(query).get("expires")).isEqualTo(Long.toString(START.getEpochSecond() + 11));
    clock.advance(Duration.ofSeconds(10));
    assertThatCode(() -> verify(query)).doesNotThrowAnyException();
    clock.advance(Duration.ofMillis(600));
    assertRejected(() -> verify(query));
  }

  @Test
  void everySingleCharacterChangeOfTheQueryIsRejected() {
    String query = sign();
    int tried = 0;
    for (int i = 0; i < query.length(); i++) {
      List<Character> with = new ArrayList<>();
      for (int r = 0; r < REPLACEMENTS.length(); r++) {
        with.add(REPLACEMENTS.charAt(r));
      }
      // Neighbours in the base64url alphabet: still valid base64, same length.
      char original = query.charAt(i);
      with.add((char) (original + 1));
      with.add((char) (original - 1));
      with.add(Character.toUpperCase(original));
      with.add(Character.toLowerCase(original));
      for (char c : with) {
        if (c == original) {
          continue;
        }
        String changed = query.substring(0, i) + c + query.substring(i + 1);
        assertRejected(() -> verify(changed));
        tried++;
      }
      // And dropping or doubling it, unless that leaves the parameters as they were ("&&").
      String dropped = query.substring(0, i) + query.substring(i + 1);
      String doubled = query.substring(0, i) + original + query.substring(i);
      assertRejected(() -> verify(dropped));
      if (original == '&') {
        assertThat(params(doubled)).containsAllEntriesOf(params(query));
      } else {
        assertRejected(() -> verify(doubled));
      }
    }
    assertThat(tried).isGreaterThan(query.length() * 30);
  }

  @Test
  void aNonCanonicalSpellingOfTheSameSignatureBytesIsRejected() {
    String query = sign();
    String sig = params(query).get("signature");
    // 32 bytes are 43 characters of which the last carries 2 unused bits.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    int last = alphabet.indexOf(sig.charAt(42));
    assertThat(last & 3).isZero();
    byte[] bytes = Base64.getUrlDecoder().decode(sig);
    for (int spare = 1; spare < 4; spare++) {
      String variant = sig.substring(0, 42) + alphabet.charAt(last | spare);
      assertThat(Base64.getUrlDecoder().decode(variant)).isEqualTo(bytes);
      String q = query.replace(sig, variant);
      assertRejected(() -> verify(q));
    }
    // Padded, or in the standard alphabet: the same bytes again, another text.
    assertRejected(() -> verify(query + "="));
    String std = Base64.getEncoder().encodeToString(bytes);
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires(query), std));
  }

  @Test
  void theUrlIsBoundToMethodPathJobAndWorkspace() {
    String query = sign();
    assertRejected(() -> verify("POST", PATH, JOB, WORKSPACE, query));
    assertRejected(() -> verify("get", PATH, JOB, WORKSPACE, query));
    assertRejected(() -> verify("DELETE", PATH, JOB, WORKSPACE, query));
    assertRejected(() -> verify("GET", PATH + "/", JOB, WORKSPACE, query));
    assertRejected(() -> verify("GET", "/api/v1/exports/exp_124/download", JOB, WORKSPACE, query));
    assertRejected(() -> verify("GET", PATH.toUpperCase(Locale.ROOT), JOB, WORKSPACE, query));
    assertRejected(() -> verify("GET", PATH, "exp_124", WORKSPACE, query));
    assertRejected(() -> verify("GET", PATH, "", WORKSPACE, query));
    assertRejected(() -> verify("GET", PATH, JOB, "ws_abd", query));
    assertRejected(() -> verify("GET", PATH, JOB, "", query));
    assertRejected(() -> verify("GET", PATH, WORKSPACE, JOB, query));
  }

  @Test
  void fieldBoundariesCannotShift() {
    String query = signer.sign("GET", PATH, "ab", "c", TTL);
    assertThatCode(() -> verify("GET", PATH, "ab", "c", query)).doesNotThrowAnyException();
    assertRejected(() -> verify("GET", PATH, "a", "bc", query));
    assertRejected(() -> verify("GET", PATH, "abc", "", query));
    assertRejected(() -> verify("GET", PATH, "ab\u0000", "c", query));
    assertRejected(() -> verify("GET", PATH + "ab", "", "c", query));
  }

  @Test
  void headVerifiesAsGet() {
    String query = sign();
    assertThatCode(() -> verify("HEAD", PATH, JOB, WORKSPACE, query)).doesNotThrowAnyException();
    String headSigned = signer.sign("HEAD", PATH, JOB, WORKSPACE, TTL);
    assertThat(headSigned).isEqualTo(query);
  }

  @Test
  void aSignatureFromAnotherSecretIsRejected() {
    byte[] other = SECRET.clone();
    other[0] ^= 1;
    String foreign = new DownloadSigner(other, clock).sign("GET", PATH, JOB, WORKSPACE, TTL);
    assertThat(foreign).isNotEqualTo(sign());
    assertRejected(() -> verify(foreign));
  }

  /** The documented construction, spelled out: pins the format of URLs already handed out. */
  static String expectedSignature(byte[] key, String... fields) throws Exception {
    ByteArrayOutputStream tuple = new ByteArrayOutputStream();
    for (String f : fields) {
      byte[] b = f.getBytes(StandardCharsets.UTF_8);
      tuple.writeBytes(ByteBuffer.allocate(4).putInt(b.length).array());
      tuple.writeBytes(b);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, tuple.toByteArray()));
  }

  static byte[] hmac(byte[] key, byte[] data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  @Test
  void theSignatureIsTheDocumentedConstruction() throws Exception {
    String query = sign();
    String expires = expires(query);
    byte[] derived = hmac(SECRET, "leadport/download-url/v1".getBytes(StandardCharsets.UTF_8));
    assertThat(params(query).get("signature"))
        .isEqualTo(expectedSignature(derived, "download", "GET", PATH, JOB, WORKSPACE, expires));
  }

  @Test
  void aMacKeyedWithTheServerSecretItselfIsNoDownloadSignature() throws Exception {
    // As a cursor's MAC is: the same tuple under the underived secret must not pass.
    String expires = expires(sign());
    String raw = expectedSignature(SECRET, "download", "GET", PATH, JOB, WORKSPACE, expires);
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires, raw));
    String cursor =
        new KeysetCursor(SECRET, "download")
            .encode(new KeysetCursor.Position(START, JOB), WORKSPACE, PATH);
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires, cursor));
  }

  @Test
  void theSecretIsCopied() {
    byte[] secret = SECRET.clone();
    DownloadSigner s = new DownloadSigner(secret, clock);
    String query = s.sign("GET", PATH, JOB, WORKSPACE, TTL);
    secret[0] ^= 1;
    assertThatCode(() -> verify(query)).doesNotThrowAnyException();
  }

  @Test
  void missingParametersAreRejected() {
    String query = sign();
    String expires = expires(query);
    String sig = params(query).get("signature");
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, null, sig));
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires, null));
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, null, null));
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, "", sig));
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires, ""));
    assertRejected(() -> verify(""));
    assertRejected(() -> verify("expires=" + expires));
    assertRejected(() -> verify("signature=" + sig));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "00",
        "-1",
        "+%s",
        "0%s",
        "00%s",
        " %s",
        "%s ",
        "%s\n",
        "%s.0",
        "%se0",
        "0x%s",
        "1e10",
        "99999999999999999999",
        "9223372036854775807",
        "١٧٤٠٨٣٠٤٠٠"
      })
  void nonCanonicalExpiriesAreRejected(String template) {
    String query = sign();
    String expires = template.replace("%s", expires(query));
    String sig = params(query).get("signature");
    assertRejected(() -> signer.verify("GET", PATH, JOB, WORKSPACE, expires, sig));
  }

  @Test
  void aLaterExpiryWithTheOldSignatureIsRejected() {
    String query = sign();
    long later = Long.parseLong(expires(query)) + 3600;
    assertRejected(() -> verify(query.replace(expires(query), Long.toString(later))));
  }

  @Test
  void theCanonicalDecimalCheck() {
    assertThat(DownloadSigner.canonicalPositive("1")).isTrue();
    assertThat(DownloadSigner.canonicalPositive("1740830400")).isTrue();
    assertThat(DownloadSigner.canonicalPositive("999999999999999999")).isTrue();
    assertThat(DownloadSigner.canonicalPositive("1000000000000000000")).isFalse();
    assertThat(DownloadSigner.canonicalPositive("")).isFalse();
    assertThat(DownloadSigner.canonicalPositive("0")).isFalse();
    assertThat(DownloadSigner.canonicalPositive("01")).isFalse();
    assertThat(DownloadSigner.canonicalPositive("１")).isFalse();
  }

  @Test
  void loneSurrogatesNeitherSignNorVerify() {
    // UTF-8 would make both of these "exp_?": they must not share a signature.
    assertThatThrownBy(() -> signer.sign("GET", PATH, "exp_\uD800", WORKSPACE, TTL))
        .isInstanceOf(IllegalArgumentException.class);
    String query = signer.sign("GET", PATH, "exp_?", WORKSPACE, TTL);
    assertRejected(() -> verify("GET", PATH, "exp_\uD800", WORKSPACE, query));
    String emoji = signer.sign("GET", PATH, "exp_\uD83D\uDE00", WORKSPACE, TTL);
    assertThatCode(() -> verify("GET", PATH, "exp_\uD83D\uDE00", WORKSPACE, emoji))
        .doesNotThrowAnyException();
  }

  @Test
  void theMessageNeverHoldsTheSignature() {
    String query = sign();
    String sig = params(query).get("signature");
    clock.advance(TTL.plusSeconds(1));
    assertThatThrownBy(() -> verify(query))
        .isInstanceOf(LeadportException.class)
        .hasMessageNotContaining(sig)
        .hasMessageNotContaining(expires(query));
  }

  @Test
  void badArgumentsToSignAreProgrammingErrors() {
    assertThatThrownBy(() -> signer.sign("GET", PATH, JOB, WORKSPACE, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("GET", PATH, JOB, WORKSPACE, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> signer.sign("GET", PATH, null, WORKSPACE, TTL))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new DownloadSigner(new byte[0], clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyPathsNoEncodingTouchesAreSigned() {
    for (String path :
        new String[] {
          "/downloads/expo_1/All contacts.csv",
          "/downloads/expo_1/Kontakte%20M%C3%A4rz.csv",
          "/downloads/expo_1/März.csv",
          "/downloads/expo_1/a#b.csv",
          "/downloads/expo_1/a?b.csv",
          "/downloads/expo_1/a+b.csv",
        }) {
      assertThatThrownBy(() -> signer.sign("GET", path, JOB, WORKSPACE, TTL))
          .as(path)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unreserved");
    }
    String query = signer.sign("GET", "/downloads/expo_1/a-b_c.d~e.csv", JOB, WORKSPACE, TTL);
    assertThat(query).matches("expires=[0-9]+&signature=[A-Za-z0-9_-]+");
  }

  @Test
  void itIsThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int n = t;
        futures.add(
            pool.submit(() -> {
              for (int i = 0; i < 500; i++) {
                String job = "exp_" + n + "_" + i;
                String q = signer.sign("GET", PATH, job, WORKSPACE, TTL);
                verify("GET", PATH, job, WORKSPACE, q);
                assertRejected(() -> verify("GET", PATH, job + "x", WORKSPACE, q));
              }
              return null;
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String expires(String query) {
    return params(query).get("expires");
  }
}
