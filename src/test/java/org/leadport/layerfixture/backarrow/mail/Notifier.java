package org.leadport.layerfixture.backarrow.mail;

import org.leadport.layerfixture.backarrow.app.Wiring;

/** A fixture of {@link org.leadport.PackageLayersTest}: a lower layer that reaches back up. */
public final class Notifier {
  public static String name() {
    return Wiring.name();
  }
}
