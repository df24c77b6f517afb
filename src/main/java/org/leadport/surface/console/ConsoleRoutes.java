package org.leadport.surface.console;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.leadport.LeadportException;

/**
 * The export console: a static page (HTML, CSS and JavaScript from the class path's {@code
 * console/} folder) at {@code /console}, which talks to {@code /api/v1/exports} with the API key a
 * person signs in with. Every answer carries a strict Content-Security-Policy (no inline script or
 * style, nothing from elsewhere) and headers that keep the page out of frames and sniffers.
 */
public final class ConsoleRoutes {
  /** The Content-Security-Policy of every console file. */
  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  /** Console file names: one flat folder, lower-case names, known extensions only. */
  private static final Pattern NAME =
      Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|css|js|svg)");

  /** Media types by extension; HTML's is written as Jetty sends it (it rewrites its own type). */
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html;charset=utf-8",
          "css", "text/css; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "svg", "image/svg+xml; charset=utf-8");

  private static final String FOLDER = "console/";

  /** Files already read from the class path, by name; they never change while the jar runs. */
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();

  /** A console file: its bytes, media type and strong entity tag (with quotes). */
  private record Asset(byte[] bytes, String contentType, String etag) {}

  public void register(RoutesConfig r) {
    Handler page = ctx -> serve(ctx, "index.html");
    Handler file = ctx -> serve(ctx, ctx.pathParam("asset"));
    r.get("/console", page);
    r.head("/console", page);
    r.get("/console/", ConsoleRoutes::toPage);
    r.head("/console/", ConsoleRoutes::toPage);
    r.get("/console/{asset}", file);
    r.head("/console/{asset}", file);
  }

  private static void toPage(Context ctx) {
    secure(ctx);
    ctx.header("Location", "/console");
    ctx.status(308);
  }

  /** A page ignores its query string, as static pages do (a cache-busting {@code ?v=2}, say). */
  private void serve(Context ctx, String name) {
    secure(ctx);
    Asset asset =
        find(name)
            .orElseThrow(
                () -> new LeadportException(404, "not_found", "No such file in the console."));
    ctx.header("Cache-Control", "no-cache");
    ctx.header("ETag", asset.etag());
    if (matches(ctx.header("If-None-Match"), asset.etag())) {
      ctx.status(304);
      return;
    }
    ctx.status(200);
    ctx.contentType(asset.contentType());
    ctx.result(asset.bytes());
  }

  /** The headers of every console answer, errors included. */
  private static void secure(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
  }

  private Optional<Asset> find(String name) {
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      return Optional.empty();
    }
    Asset known = assets.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = ConsoleRoutes.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      // NAME allows only the extensions TYPES maps.
      String type = Objects.requireNonNull(TYPES.get(m.group(1)));
      Asset read = new Asset(bytes, type, "\"" + sha256(bytes) + "\"");
      assets.putIfAbsent(name, read);
      return Optional.of(read);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read console file " + name, e);
    }
  }

  /**
   * Whether an {@code If-None-Match} header names {@code etag} (weakly compared) or is {@code *}.
   */
  private static boolean matches(@Nullable String header, String etag) {
    if (header == null) {
      return false;
    }
    for (String candidate : header.split(",")) {
      String tag = candidate.strip();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  private static String sha256(byte[] bytes) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
