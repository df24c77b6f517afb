package org.leadport.query;

/** The kinds of object a query can be about: a lead and what it holds. */
public enum ObjectKind {
  LEAD("leads"),
  CONTACT("contacts"),
  OPPORTUNITY("opportunities"),
  ADDRESS("addresses"),
  ACTIVITY("activities");

  private final String table;

  ObjectKind(String table) {
    this.table = table;
  }

  /** The table holding objects of this kind. */
  public String table() {
    return table;
  }
}
