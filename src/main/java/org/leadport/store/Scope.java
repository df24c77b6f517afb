package org.leadport.store;

import java.util.Arrays;
import java.util.Optional;

/** What an API key may do. */
public enum Scope {
  LEADS_READ("leads.read"),
  LEADS_WRITE("leads.write"),
  LEADS_EXPORT("leads.export");

  private final String wireName;

  Scope(String wireName) {
    this.wireName = wireName;
  }

  /** The name clients send and see, such as {@code leads.read}. */
  public String wireName() {
    return wireName;
  }

  public static Optional<Scope> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
