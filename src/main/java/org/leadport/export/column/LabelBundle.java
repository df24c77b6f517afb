package org.leadport.export.column;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import org.jspecify.annotations.Nullable;

/**
 * Reads one language of a properties resource bundle of labels, as strict UTF-8 and without the
 * JDK's fallback to the JVM's default locale: the candidates of {@code de} are {@code <base>_de}
 * and then the base bundle, so English (the base) is English on a German JVM too. Stateless.
 */
public final class LabelBundle {
  private static final Control CONTROL = new Control();

  private LabelBundle() {}

  /**
   * The labels of {@code language} (a lower-case code such as {@code de}) in the bundle {@code
   * baseName}, as an unmodifiable map. Fails when {@code language} is not {@code base} and has no
   * bundle of its own, rather than giving the base bundle's labels in its stead.
   *
   * @param base the language of the base bundle
   */
  public static Map<String, String> load(
      String baseName, String language, String base, ClassLoader loader) {
    Locale locale = Locale.of(language);
    ResourceBundle bundle = ResourceBundle.getBundle(baseName, locale, loader, CONTROL);
    if (!language.equals(base) && !bundle.getLocale().equals(locale)) {
      throw new IllegalStateException("no " + baseName + " bundle for " + language);
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String key : Collections.list(bundle.getKeys())) {
      labels.put(key, bundle.getString(key));
    }
    return Collections.unmodifiableMap(labels);
  }

  /** Properties bundles only, read as strict UTF-8, and no fallback to the default locale. */
  private static final class Control extends ResourceBundle.Control {
    @Override
    public List<String> getFormats(String baseName) {
      return FORMAT_PROPERTIES;
    }

    @Override
    public @Nullable Locale getFallbackLocale(String baseName, Locale locale) {
      return null;
    }

    @Override
    public @Nullable ResourceBundle newBundle(
        String baseName, Locale locale, String format, ClassLoader loader, boolean reload)
        throws IOException {
      String resource = toResourceName(toBundleName(baseName, locale), "properties");
      InputStream in = loader.getResourceAsStream(resource);
      if (in == null) {
        return null;
      }
      try (Reader reader =
          new InputStreamReader(
              in,
              StandardCharsets.UTF_8
                  .newDecoder()
                  .onMalformedInput(CodingErrorAction.REPORT)
                  .onUnmappableCharacter(CodingErrorAction.REPORT))) {
        return new PropertyResourceBundle(reader);
      }
    }
  }
}
