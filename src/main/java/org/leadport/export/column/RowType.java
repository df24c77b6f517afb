package org.leadport.export.column;

/** What one exported row is: a lead, one of its contacts, or one of its opportunities. */
public enum RowType {
  LEADS,
  CONTACTS,
  OPPORTUNITIES
}
