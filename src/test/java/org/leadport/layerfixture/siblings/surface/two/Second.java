package org.leadport.layerfixture.siblings.surface.two;

/** A fixture of {@link org.leadport.PackageLayersTest}: a surface another one uses. */
public final class Second {
  public static String name() {
    return "second";
  }
}
