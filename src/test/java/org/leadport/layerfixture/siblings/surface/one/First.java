package org.leadport.layerfixture.siblings.surface.one;

import org.leadport.layerfixture.siblings.surface.two.Second;

/** A fixture of {@link org.leadport.PackageLayersTest}: a surface that uses another. */
public final class First {
  public static String name() {
    return Second.name();
  }
}
