package org.leadport.http;

import io.github.bucket4j.BucketConfiguration;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import javax.sql.DataSource;
import org.leadport.LeadportException;

/**
 * Rate limits of the public API (PRODUCT §1 {@code LEADPORT_RATE_LIMIT}, §4), kept in PostgreSQL
 * table {@code rate_limit_buckets} with Bucket4j's select-for-update backend, so that every server
 * node on the same database shares the same buckets and concurrent requests are counted exactly
 * (each consumption is one transaction holding the bucket's row lock).
 *
 * <p><b>Per key.</b> Every request that authenticated with a live API key takes one token from the
 * bucket of that key and the route's endpoint {@link Group}: {@code limit} requests a minute. The
 * window is fixed: it starts with the first request of the bucket and all {@code limit} tokens come
 * back at once when it ends (Bucket4j "refill intervally"), so {@code X-RateLimit-Reset} is the end
 * of the current window and stays the same for every response within it. A request over the limit
 * is a 429 {@code rate_limited} with {@code Retry-After}. The token is taken before the scope check
 * and the handler, so 403s, 404s and 400s of an authenticated key count and carry the headers too.
 *
 * <p><b>Per client address, for failed authentication.</b> Requests to the public API whose
 * credentials are missing or invalid (the 401 path) take one token from the bucket of the client's
 * IP address ({@link Context#ip()}): {@code min(limit, }{@value #FAILED_AUTH_PER_MINUTE}{@code )}
 * failures a minute. Once it is empty, further failing requests from that address get a 429 with
 * {@code Retry-After} and the {@code X-RateLimit-*} trio instead of the 401, until the window ends.
 * Valid keys are checked first and never consult this bucket: a valid key works from a throttled
 * address too (several clients behind one NAT do not lock each other out), while guessing keys from
 * it only meets 429s. Below the threshold every failure is the same 401, with no rate-limit
 * headers, so the 401 tells nothing about keys or about the address's budget.
 *
 * <p><b>HubSpot's surface.</b> Requests under {@code /crm/} are counted as HubSpot counts them, in
 * ten-second windows: {@code ceil(limit / 6)} requests per key and group each 10 s (100 for the
 * default 600 a minute, HubSpot's own figure), in buckets of their own. Their 429 is HubSpot's
 * {@code TEN_SECONDLY_ROLLING} one (code {@value #TEN_SECONDLY_ROLLING}, rendered by the HubSpot
 * surface), whose retry HubSpot's clients make after 10 s, when the window has come back; their
 * responses also carry HubSpot's {@code X-HubSpot-RateLimit-*} headers. See
 * docs/hubspot-properties.md.
 *
 * <p>Time comes from the injected {@link Clock} (nodes are expected to have synchronised wall
 * clocks). The limit is part of a bucket's id, so changing {@code LEADPORT_RATE_LIMIT} starts new
 * buckets instead of reusing ones of another size. Rows of buckets that are full again expire and
 * are deleted now and then by whichever node is serving. Thread-safe.
 */
public final class RateLimiter {
  /** The most failed authentications a minute from one client address. */
  public static final int FAILED_AUTH_PER_MINUTE = 60;

  /** Length of a rate-limit window. */
  public static final Duration WINDOW = Duration.ofMinutes(1);

  /** Length of a rate-limit window of HubSpot's surface ({@code /crm/...}). */
  public static final Duration HUBSPOT_WINDOW = Duration.ofSeconds(10);

  /** The code of a 429 of HubSpot's surface: its ten-second window is spent. */
  public static final String TEN_SECONDLY_ROLLING = "ten_secondly_rolling";

  /**
   * What a key's request budget is counted per: each key has one bucket per group. Decided from the
   * request path by {@link #of(String)}, the one place that knows the routes.
   */
  public enum Group {
    /** The native lead API: {@code /api/v1/leads} and below, except the export. */
    LEADS("leads"),
    /**
     * Every export: {@code /api/v1/leads/export}, {@code /api/v1/export/...}, {@code
     * /api/v1/exports...}, {@code /api/v2/contacts/exports...}, {@code /crm/v3/exports/...}.
     */
    EXPORT("export"),
    /** Statuses, custom fields, lists and saved searches. */
    CATALOG("catalog"),
    /** {@code /api/v1/data/search/} and {@code /crm/v3/objects/{type}/search}. */
    SEARCH("search"),
    /** The rest of the HubSpot-style {@code /crm/...} surface. */
    CRM("crm"),
    /** Any other public endpoint. */
    API("api");

    private final String wireName;

    Group(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }

    /** The group of a request path. */
    public static Group of(String path) {
      if (under(path, "/api/v1/leads/export")
          || under(path, "/api/v1/export")
          || under(path, "/api/v1/exports")
          || under(path, "/api/v2/contacts/exports")
          || under(path, "/crm/v3/exports")) {
        return EXPORT;
      }
      if (under(path, "/api/v1/data/search")
          || (path.startsWith("/crm/") && path.matches("/crm/v\\d+/objects/[^/]+/search/?"))) {
        return SEARCH;
      }
      if (under(path, "/api/v1/leads")) {
        return LEADS;
      }
      if (under(path, "/api/v1/statuses")
          || under(path, "/api/v1/custom_fields")
          || under(path, "/api/v1/lists")
          || under(path, "/api/v1/saved_searches")) {
        return CATALOG;
      }
      if (under(path, "/crm")) {
        return CRM;
      }
      return API;
    }

    private static boolean under(String path, String prefix) {
      return path.startsWith(prefix)
          && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }
  }

  /**
   * The state of one bucket after a request took (or failed to take) its token.
   *
   * @param allowed whether the request may proceed
   * @param limit requests a window
   * @param remaining requests left in the current window
   * @param reset when the current window ends, rounded up to a whole second
   * @param retryAfterSeconds whole seconds until a token is available again, at least 1
   */
  public record Decision(
      boolean allowed, long limit, long remaining, Instant reset, long retryAfterSeconds) {}

  private final io.micrometer.core.instrument.MeterRegistry metrics;
  private final RateLimitBuckets buckets;
  private final int keyLimit;
  private final int failedAuthLimit;
  private final BucketConfiguration keyConfig;
  private final BucketConfiguration failedAuthConfig;
  private final int hubSpotLimit;
  private final BucketConfiguration hubSpotConfig;

  /**
   * @param dataSource the database holding {@code rate_limit_buckets}
   * @param clock the time windows are measured with
   * @param perMinute requests a minute per key and endpoint group ({@code LEADPORT_RATE_LIMIT})
   */
  public RateLimiter(DataSource dataSource, Clock clock, int perMinute) {
    this(
        dataSource,
        clock,
        perMinute,
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
  }

  /**
   * @param metrics where rejections are counted ({@code leadport.ratelimit.rejections} by group;
   *     group {@code auth} for failed-authentication rejections)
   */
  public RateLimiter(
      DataSource dataSource,
      Clock clock,
      int perMinute,
      io.micrometer.core.instrument.MeterRegistry metrics) {
    this.metrics = metrics;
    if (perMinute < 1) {
      throw new IllegalArgumentException("perMinute must be at least 1, was " + perMinute);
    }
    this.keyLimit = perMinute;
    this.failedAuthLimit = Math.min(perMinute, FAILED_AUTH_PER_MINUTE);
    this.keyConfig = RateLimitBuckets.perWindow(keyLimit, WINDOW);
    this.failedAuthConfig = RateLimitBuckets.perWindow(failedAuthLimit, WINDOW);
    this.hubSpotLimit = (perMinute + 5) / 6;
    this.hubSpotConfig = RateLimitBuckets.perWindow(hubSpotLimit, HUBSPOT_WINDOW);
    this.buckets = new RateLimitBuckets(dataSource, Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Runs a key's bucket path once as a key's first two requests do (the bucket created, retried,
   * taken from; then taken from again), on a bucket of its own that no key has, and deletes it
   * again: the start-up warm-up's ({@code app.StartupWarmup}), so that a client's first request
   * does not load Bucket4j's classes, run its code for the first time or give the pool's
   * connections their first statements of {@code rate_limit_buckets}. Leaves no bucket behind.
   */
  public void warmUp() {
    String id = "warmup:" + java.util.UUID.randomUUID();
    // Two tokens whatever the limit, so that both requests are taken (a limit may be 1).
    BucketConfiguration twice = RateLimitBuckets.perWindow(2, WINDOW);
    try {
      for (int i = 0; i < 2; i++) {
        if (!buckets.consume(id, twice, 2).allowed()) {
          throw new IllegalStateException("the warm-up's fresh rate-limit bucket was empty");
        }
      }
    } finally {
      buckets.remove(id);
    }
  }

  /** Requests a minute per key and endpoint group. */
  public int limit() {
    return keyLimit;
  }

  /** Requests per key and endpoint group each {@link #HUBSPOT_WINDOW} on HubSpot's surface. */
  public int hubSpotLimit() {
    return hubSpotLimit;
  }

  /** Failed authentications a minute per client address. */
  public int failedAuthLimit() {
    return failedAuthLimit;
  }

  /**
   * Takes one token of {@code keyId}'s bucket for the group of {@code ctx}'s path and writes the
   * {@code X-RateLimit-*} headers; throws the 429 (with {@code Retry-After}) when it is empty.
   */
  public void acquire(Context ctx, String keyId) {
    Group group = Group.of(ctx.path());
    if (ctx.path().startsWith("/crm/")) {
      String id = "key:" + keyId + ":" + group.wireName() + ":10s:" + hubSpotLimit;
      Decision d = buckets.consume(id, hubSpotConfig, hubSpotLimit);
      writeHeaders(ctx, d);
      writeHubSpotHeaders(ctx, d);
      if (!d.allowed()) {
        rejected(group.wireName());
        // HubSpot's own words: its clients recognise the limit by the policy name and this text.
        throw new LeadportException(
            429, TEN_SECONDLY_ROLLING, "You have reached your ten_secondly_rolling limit.");
      }
      return;
    }
    String id = "key:" + keyId + ":" + group.wireName() + ":" + keyLimit;
    Decision d = buckets.consume(id, keyConfig, keyLimit);
    writeHeaders(ctx, d);
    if (!d.allowed()) {
      rejected(group.wireName());
      throw new LeadportException(
          429,
          "rate_limited",
          "Rate limit of "
              + keyLimit
              + " requests a minute for this API key on the "
              + group.wireName()
              + " endpoints exceeded; retry after "
              + d.retryAfterSeconds()
              + " s.");
    }
  }

  /**
   * Counts a failed authentication from {@code ctx}'s client address. Returns normally while the
   * address is within its budget (the caller then throws its 401); otherwise writes the headers and
   * throws the 429.
   */
  public void authenticationFailed(Context ctx) {
    String id = "ip:" + ctx.ip() + ":" + failedAuthLimit;
    Decision d = buckets.consume(id, failedAuthConfig, failedAuthLimit);
    if (!d.allowed()) {
      writeHeaders(ctx, d);
      rejected("auth");
      throw new LeadportException(
          429,
          "rate_limited",
          "Too many requests with missing or invalid credentials from this address; retry after "
              + d.retryAfterSeconds()
              + " s.");
    }
  }

  private void rejected(String group) {
    io.micrometer.core.instrument.Counter.builder("leadport.ratelimit.rejections")
        .description("Requests refused with a 429 by the rate limiter")
        .tag("group", group)
        .register(metrics)
        .increment();
  }

  /** The one place that writes the rate-limit headers of a response. */
  static void writeHeaders(Context ctx, Decision d) {
    ctx.header("X-RateLimit-Limit", Long.toString(d.limit()));
    ctx.header("X-RateLimit-Remaining", Long.toString(Math.max(0, d.remaining())));
    ctx.header("X-RateLimit-Reset", DateTimeFormatter.ISO_INSTANT.format(d.reset()));
    if (!d.allowed()) {
      ctx.header("Retry-After", Long.toString(d.retryAfterSeconds()));
    }
  }

  /**
   * HubSpot's rate-limit headers, as HubSpot documents them: the window's length, the requests it
   * allows and those left. (Leadport has no daily limit, so HubSpot's daily headers are absent.)
   */
  private static void writeHubSpotHeaders(Context ctx, Decision d) {
    ctx.header(
        "X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(HUBSPOT_WINDOW.toMillis()));
    ctx.header("X-HubSpot-RateLimit-Max", Long.toString(d.limit()));
    ctx.header("X-HubSpot-RateLimit-Remaining", Long.toString(Math.max(0, d.remaining())));
  }
}
