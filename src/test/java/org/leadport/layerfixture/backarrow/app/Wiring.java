package org.leadport.layerfixture.backarrow.app;

/** A fixture of {@link org.leadport.PackageLayersTest}: the top layer. */
public final class Wiring {
  public static String name() {
    return "wiring";
  }
}
