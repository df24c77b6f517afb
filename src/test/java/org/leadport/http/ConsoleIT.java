package org.leadport.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.leadport.testing.Errors;
import org.leadport.testing.Reply;
import org.leadport.testing.TestServer;

/**
 * The export console's files over plain HTTP: content types, the strict security headers, caching,
 * 404s, no way out of the console folder, and a page without inline script or style.
 */
class ConsoleIT {
  /** The console's ES modules: {@code console.js}, the page's entry, and what it imports. */
  static final List<String> MODULES =
      List.of(
          "console.js",
          "api.js",
          "dom.js",
          "form.js",
          "format.js",
          "parts.js",
          "state.js",
          "table.js");

  static final String CSP =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Reply get(String path) {
    return server.send(path, b -> b.GET());
  }

  static void assertSecure(Reply r) {
    assertThat(r.header("Content-Security-Policy")).as(r.toString()).isEqualTo(CSP);
    assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = ConsoleIT.class.getClassLoader().getResourceAsStream("console/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  @Test
  void thePageIsServedWithAStrictPolicyAndLinksItsFilesAndTheApiReference() throws IOException {
    Reply r = get("/console");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).isEqualTo("text/html;charset=utf-8");
    assertSecure(r);
    assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
    assertThat(r.header("ETag")).matches("\"[0-9a-f]{32}\"");
    assertThat(r.body()).isEqualTo(resource("index.html"));
    String html = r.text();
    assertThat(html).contains("<script type=\"module\" src=\"/console/console.js\"></script>");
    assertThat(html).contains("<link rel=\"stylesheet\" href=\"/console/console.css\">");
    assertThat(html).contains("<a href=\"/openapi.yaml\">");
    assertThat(get("/console?v=2").body()).isEqualTo(r.body());
  }

  @Test
  void eachFileHasItsOwnTypeAndTheSameHeaders() throws IOException {
    Map<String, String> types = new LinkedHashMap<>();
    for (String module : MODULES) {
      types.put(module, "text/javascript; charset=utf-8");
    }
    types.put("console.css", "text/css; charset=utf-8");
    types.put("favicon.svg", "image/svg+xml; charset=utf-8");
    types.put("index.html", "text/html;charset=utf-8");
    for (var e : types.entrySet()) {
      Reply r = get("/console/" + e.getKey());
      assertThat(r.status()).as(e.getKey()).isEqualTo(200);
      assertThat(r.header("Content-Type")).as(e.getKey()).isEqualTo(e.getValue());
      assertSecure(r);
      assertThat(r.body()).isEqualTo(resource(e.getKey()));
    }
  }

  @Test
  void headAnswersTheHeadersOfGetWithoutABody() {
    Reply get = get("/console/console.css");
    Reply head = server.send("/console/console.css", b -> b.method("HEAD", noBody()));
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(head.header("Content-Type")).isEqualTo("text/css; charset=utf-8");
    assertThat(head.header("ETag")).isEqualTo(get.header("ETag"));
    assertSecure(head);
  }

  @Test
  void aKnownEntityTagIsAnsweredWithNotModified() {
    Reply first = get("/console/console.js");
    String etag = first.header("ETag");
    Reply again = server.send("/console/console.js", b -> b.header("If-None-Match", etag).GET());
    assertThat(again.status()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.header("ETag")).isEqualTo(etag);
    assertSecure(again);
    Reply weak =
        server.send("/console/console.js", b -> b.header("If-None-Match", "W/" + etag).GET());
    assertThat(weak.status()).isEqualTo(304);
    Reply other =
        server.send("/console/console.js", b -> b.header("If-None-Match", "\"other\"").GET());
    assertThat(other.status()).isEqualTo(200);
    assertThat(other.body()).isEqualTo(first.body());
    assertThat(get("/console/console.css").header("ETag")).isNotEqualTo(etag);
  }

  @Test
  void theFolderWithASlashRedirectsToThePage() {
    Reply r = get("/console/");
    assertThat(r.status()).isEqualTo(308);
    assertThat(r.header("Location")).isEqualTo("/console");
    assertSecure(r);
  }

  @Test
  void anUnknownFileIsA404WithTheSameHeaders() {
    for (String name : List.of("missing.js", "console.map", "CONSOLE.JS", "console.js.bak")) {
      Reply r = get("/console/" + name);
      Errors.assertError(r, 404, "not_found", null);
      assertSecure(r);
      assertThat(r.text()).doesNotContain(name);
    }
  }

  @Test
  void nothingOutsideTheConsoleFolderCanBeReached() throws IOException {
    String logger = new String(rootResource("simplelogger.properties"), StandardCharsets.UTF_8);
    List<String> paths =
        List.of(
            "/console/simplelogger.properties",
            "/console/..%2Fsimplelogger.properties",
            "/console/..%2fsimplelogger.properties",
            "/console/%2e%2e/simplelogger.properties",
            "/console/%2e%2e%2fsimplelogger.properties",
            "/console/..%5csimplelogger.properties",
            "/console/.%2e/.%2e/simplelogger.properties",
            "/console/..%252fsimplelogger.properties",
            "/console/%2fsimplelogger.properties",
            "/console/..%2F..%2Forg%2Fleadport%2Fsurface%2Fconsole%2FConsoleRoutes.class",
            "/console/..;/simplelogger.properties",
            "/console/console.js%00.html",
            "/console/.%2e",
            "/console/index.html/");
    for (String path : paths) {
      Reply r = get(path);
      assertThat(r.status()).as(path + " -> " + r).isIn(400, 404);
      if (r.status() == 400) {
        // Jetty's own refusal of an ambiguous or NUL-bearing path, in the native error shape.
        Errors.assertError(r, 400, "malformed_request", null);
      }
      assertThat(r.text()).as(path).doesNotContain("simpleLogger");
      assertThat(
              r.body().length >= 4 && (r.body()[0] & 0xff) == 0xca && (r.body()[1] & 0xff) == 0xfe)
          .as(path + " answers a class file")
          .isFalse();
      assertThat(r.text()).as(path).doesNotContain(logger.substring(0, 40));
    }
    // The normalized form of "/console/../x" is "/x": no console file, and nothing there either.
    Reply dots = get("/console/../simplelogger.properties");
    assertThat(dots.status()).isEqualTo(404);
    assertThat(dots.text()).doesNotContain("simpleLogger");
  }

  static byte[] rootResource(String name) throws IOException {
    try (InputStream in = ConsoleIT.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /** Every start tag of the page, and its attributes by lower-case name. */
  record Tag(String name, Map<String, String> attributes, int end) {}

  private static final Pattern TAG =
      Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>");
  private static final Pattern ATTRIBUTE =
      Pattern.compile("([^\\s\"'>/=]+)(?:\\s*=\\s*(\"[^\"]*\"|'[^']*'|[^\\s>]+))?");

  static List<Tag> tags(String html) {
    List<Tag> tags = new ArrayList<>();
    Matcher m = TAG.matcher(html);
    while (m.find()) {
      Map<String, String> attributes = new LinkedHashMap<>();
      Matcher a = ATTRIBUTE.matcher(m.group(2));
      while (a.find()) {
        String value = a.group(2) == null ? "" : a.group(2);
        if (value.startsWith("\"") || value.startsWith("'")) {
          value = value.substring(1, value.length() - 1);
        }
        attributes.put(a.group(1).toLowerCase(java.util.Locale.ROOT), value);
      }
      tags.add(new Tag(m.group(1).toLowerCase(java.util.Locale.ROOT), attributes, m.end()));
    }
    return tags;
  }

  @Test
  void thePageHasNoInlineScriptStyleOrHandlersAndEveryControlHasALabel() {
    String html = get("/console").text();
    List<Tag> tags = tags(html);
    assertThat(tags).extracting(Tag::name).contains("html", "script", "form", "input", "select");
    List<String> ids = new ArrayList<>();
    for (Tag t : tags) {
      assertThat(t.name()).as("inline style element").isNotEqualTo("style");
      assertThat(t.attributes()).as("<%s> attributes", t.name()).doesNotContainKey("style");
      for (var a : t.attributes().entrySet()) {
        assertThat(a.getKey()).as("event handler on <%s>", t.name()).doesNotStartWith("on");
        assertThat(a.getValue().strip().toLowerCase(java.util.Locale.ROOT))
            .as("%s of <%s>", a.getKey(), t.name())
            .doesNotStartWith("javascript:");
      }
      if (t.name().equals("script")) {
        assertThat(t.attributes()).as("a script without src").containsKey("src");
        assertThat(html.substring(t.end())).as("an empty script element").startsWith("</script>");
      }
      if (t.attributes().containsKey("id")) {
        ids.add(t.attributes().get("id"));
      }
    }
    assertThat(ids).as("ids are unique").doesNotHaveDuplicates();
    for (Tag t : tags) {
      boolean control =
          t.name().equals("select")
              || (t.name().equals("input") && !"hidden".equals(t.attributes().get("type")));
      if (control) {
        String id = t.attributes().get("id");
        assertThat(id).as("a control without id").isNotBlank();
        assertThat(html).as("the label of #" + id).contains("<label for=\"" + id + "\">");
      }
      String describedBy = t.attributes().get("aria-describedby");
      if (describedBy != null) {
        for (String ref : describedBy.split(" ")) {
          assertThat(ids).as("aria-describedby of <%s>", t.name()).contains(ref);
        }
      }
      if (t.name().equals("label")) {
        assertThat(ids).as("label for").contains(t.attributes().get("for"));
      }
    }
    assertThat(html).contains("<html lang=\"en\">");
    assertThat(html)
        .contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
  }

  @Test
  void theScriptBuildsNoMarkupFromTextAndSetsNoStyle() {
    StringBuilder all = new StringBuilder();
    for (String module : MODULES) {
      String js = get("/console/" + module).text();
      assertThat(js)
          .as(module)
          .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write");
      assertThat(js)
          .as(module)
          .doesNotContain("eval(", "new Function", ".style.", "setAttribute('style'");
      assertThat(js).as(module).doesNotContain("localStorage", "document.cookie");
      all.append(js);
    }
    assertThat(all.toString()).contains("sessionStorage");
  }

  @Test
  void theModulesImportOnlyEachOtherByRelativePath() {
    Pattern imports = Pattern.compile("(?m)^import\\b[^;]*?from '([^']*)';");
    Set<String> seen = new TreeSet<>();
    for (String module : MODULES) {
      Matcher m = imports.matcher(get("/console/" + module).text());
      while (m.find()) {
        assertThat(m.group(1)).as(module).matches("\\./[a-z0-9-]+\\.js");
        seen.add(m.group(1).substring(2));
      }
    }
    // Every module is served and checked above, and each one is reached from the page's entry.
    Set<String> reached = new TreeSet<>(seen);
    reached.add("console.js");
    assertThat(reached).containsExactlyInAnyOrderElementsOf(MODULES);
  }

  private static HttpRequest.BodyPublisher noBody() {
    return HttpRequest.BodyPublishers.noBody();
  }
}
