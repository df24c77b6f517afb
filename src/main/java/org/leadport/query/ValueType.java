package org.leadport.query;

/** The type of a field's values, which decides the conditions and operators it accepts. */
public enum ValueType {
  TEXT,
  NUMBER,
  DATE,
  DATETIME,
  BOOLEAN
}
