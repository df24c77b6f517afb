package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The language files of the HubSpot surface's resource bundles (labels, descriptions) as they are
 * on the class path, for the tests that check them: a language's own file, not its bundle, so that
 * a key missing from a translation is not found in the base. Stateless.
 */
final class HubSpotBundleFiles {
  private HubSpotBundleFiles() {}

  /** The file of {@code code} ({@code EN} is the base) of the bundle {@code resource}, as bytes. */
  static byte[] bytes(String resource, String code) {
    String name =
        resource + (code.equals("EN") ? "" : "_" + code.toLowerCase(Locale.ROOT)) + ".properties";
    try (InputStream in = HubSpotBundleFiles.class.getClassLoader().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(name, e);
    }
  }

  /** The keys and texts of that file, read as strict UTF-8. */
  static Map<String, String> read(String resource, String code) {
    Properties p = new Properties();
    try (Reader r =
        new InputStreamReader(
            new ByteArrayInputStream(bytes(resource, code)),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException(code, e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }

  /**
   * Checks that the file of {@code code} has exactly the base's keys, each with a text that is not
   * blank, has no surrounding space and none of the marks of a broken encoding or of {@code
   * forbidden}.
   */
  static void assertCompleteAndClean(String resource, String code, String... forbidden) {
    Map<String, String> own = read(resource, code);
    assertThat(own.keySet()).isEqualTo(read(resource, "EN").keySet());
    own.forEach((key, text) ->
        assertThat(text)
            .as("%s %s", code, key)
            .isNotBlank()
            .isEqualTo(text.strip())
            .doesNotContain("\uFFFD", "Ã", "\\u"));
    for (String mark : forbidden) {
      own.forEach((key, text) -> assertThat(text).as("%s %s", code, key).doesNotContain(mark));
    }
  }

  /** The keys of the file of {@code code} whose text is the same as the base's (English). */
  static Set<String> sameAsEnglish(String resource, String code) {
    Map<String, String> english = read(resource, "EN");
    Map<String, String> own = read(resource, code);
    return own.keySet().stream()
        .filter(k -> own.get(k).equals(english.get(k)))
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
