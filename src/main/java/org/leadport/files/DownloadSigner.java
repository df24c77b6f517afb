package org.leadport.files;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;
import org.leadport.json.Json;

/**
 * Signs and verifies the short-lived download URLs of export files, which work without an API key:
 * the query string {@code expires=<epoch seconds>&signature=<sig>} is the only credential. Every
 * part of such a URL (path, {@code expires}, the base64url signature) is RFC 3986 unreserved text,
 * so the URL is valid as it is and reads the same however a client normalises its encoding.
 *
 * <p>The signature is the unpadded base64url HMAC-SHA256 of a length-prefixed encoding of the
 * purpose {@code download}, the HTTP method, the request path, the job id, the workspace id and the
 * exact {@code expires} text, so no two different tuples share an input. It is keyed with a key
 * derived from the server secret for download URLs alone, so no other signature the server makes
 * (such as a {@link org.leadport.query.KeysetCursor} MAC, keyed with the secret itself) can ever
 * pass as a download signature.
 *
 * <p>HEAD is verified as GET: the download route, which serves HEAD with the GET handler, passes
 * {@code "GET"} for a HEAD request. {@code "HEAD"} is also accepted and treated as {@code "GET"},
 * in both {@link #sign} and {@link #verify}, so one URL serves both whatever the caller passes.
 *
 * <p>Every way a URL can be wrong (missing or malformed parameters, tampering, another secret,
 * another job, workspace, path or method, expiry) is the same 403 {@code invalid_download_url},
 * whose message never repeats the signature. Thread-safe.
 */
public final class DownloadSigner {
  /** The purpose bound into every signed tuple. */
  private static final String PURPOSE = "download";

  private static final String ALGORITHM = "HmacSHA256";
  private static final String KEY_LABEL = "leadport/download-url/v1";
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  /** Epoch seconds above 18 digits would not fit a long; real ones have 10 or 11. */
  private static final int MAX_EXPIRES_DIGITS = 18;

  private static final String MESSAGE =
      "This download link is invalid or has expired; read the export's status for a fresh one.";

  private final SecretKeySpec key;
  private final Clock clock;

  /**
   * @param secret the server secret; copied, and only used to derive the download-URL key
   * @param clock the clock expiry is read from
   */
  public DownloadSigner(byte[] secret, Clock clock) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    this.clock = Objects.requireNonNull(clock, "clock");
    // A key of its own: HMAC(secret, label). Nothing else is ever keyed with it.
    this.key =
        new SecretKeySpec(
            hmac(new SecretKeySpec(secret.clone(), ALGORITHM), bytes(KEY_LABEL)), ALGORITHM);
  }

  /**
   * The query string, without {@code ?}, that makes a download URL of {@code path} valid for {@code
   * ttl} (rounded up to a whole second) from now: {@code expires=<epoch seconds>&signature=<sig>}.
   * Both values are URL-safe as they are.
   *
   * @param method the method the URL is for: {@code "GET"} (HEAD is treated as GET)
   * @param path the request path, of RFC 3986 unreserved characters and {@code /} only, so that the
   *     URL is valid as it is and no client's re-encoding changes it; the serving route passes the
   *     request's path percent-decoded to {@link #verify}
   * @param ttl how long the URL works; positive
   */
  public String sign(String method, String path, String jobId, String workspaceId, Duration ttl) {
    requireFields(method, path, jobId, workspaceId);
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    Instant until = clock.instant().plus(ttl);
    long seconds = until.getEpochSecond() + (until.getNano() > 0 ? 1 : 0);
    if (seconds <= 0) {
      throw new IllegalArgumentException("the clock is before 1970: " + clock.instant());
    }
    if (!uriPath(path)) {
      throw new IllegalArgumentException(
          "path must be RFC 3986 unreserved characters and '/' only: " + path);
    }
    for (String field : new String[] {method, path, jobId, workspaceId}) {
      if (Json.hasLoneSurrogate(field)) {
        throw new IllegalArgumentException("not well-formed UTF-16 (a lone surrogate): " + field);
      }
    }
    String expires = Long.toString(seconds);
    return "expires="
        + expires
        + "&signature="
        + signature(method, path, jobId, workspaceId, expires);
  }

  /**
   * Passes when {@code expires} and {@code signature} are the query parameters {@link #sign} made
   * for exactly this method, path, job and workspace, and the URL has not expired; otherwise throws
   * the 403 {@code invalid_download_url}.
   *
   * @param method the request method; pass {@code "GET"} for HEAD (HEAD is also accepted as GET)
   * @param expires the {@code expires} query parameter, or null when absent
   * @param signature the {@code signature} query parameter, or null when absent
   * @throws LeadportException 403 {@code invalid_download_url}
   */
  public void verify(
      String method,
      String path,
      String jobId,
      String workspaceId,
      @Nullable String expires,
      @Nullable String signature) {
    requireFields(method, path, jobId, workspaceId);
    if (expires == null || signature == null || !canonicalPositive(expires)) {
      throw invalid();
    }
    // UTF-8 would turn a lone surrogate into '?', making two values one; no URL we sign has one.
    if (Json.hasLoneSurrogate(method)
        || Json.hasLoneSurrogate(path)
        || Json.hasLoneSurrogate(jobId)
        || Json.hasLoneSurrogate(workspaceId)) {
      throw invalid();
    }
    String expected = signature(method, path, jobId, workspaceId, expires);
    // Compare the texts, not the decoded bytes: base64 has spare bits in its last character, and
    // another spelling of the same bytes is not a URL we issued.
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.UTF_8))) {
      throw invalid();
    }
    if (!clock.instant().isBefore(Instant.ofEpochSecond(Long.parseLong(expires)))) {
      throw invalid();
    }
  }

  private String signature(
      String method, String path, String jobId, String workspaceId, String expires) {
    String m = method.equals("HEAD") ? "GET" : method;
    ByteArrayOutputStream tuple = new ByteArrayOutputStream(128);
    for (String field : new String[] {PURPOSE, m, path, jobId, workspaceId, expires}) {
      byte[] b = bytes(field);
      // Length-prefixed, so no field can borrow bytes from its neighbour.
      tuple.write(b.length >>> 24);
      tuple.write(b.length >>> 16);
      tuple.write(b.length >>> 8);
      tuple.write(b.length);
      tuple.writeBytes(b);
    }
    return ENCODER.encodeToString(hmac(key, tuple.toByteArray()));
  }

  private static void requireFields(String method, String path, String jobId, String workspaceId) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(workspaceId, "workspaceId");
  }

  /** ALPHA / DIGIT / "-" / "." / "_" / "~" and "/": a path no URI encoding touches. */
  private static boolean uriPath(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-._~/".indexOf(c) >= 0;
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Digits only, no sign, no leading zero, not zero, and small enough for a long. */
  static boolean canonicalPositive(String s) {
    if (s.isEmpty() || s.length() > MAX_EXPIRES_DIGITS || s.charAt(0) == '0') {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static byte[] hmac(SecretKeySpec key, byte[] data) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static LeadportException invalid() {
    return new LeadportException(403, "invalid_download_url", MESSAGE);
  }
}
