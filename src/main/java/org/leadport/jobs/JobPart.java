package org.leadport.jobs;

/**
 * One published part of a job's export: a complete file of its format (docs/parts.md).
 *
 * @param n its number, from 1
 * @param rows the rows it holds, as its writer counted them
 * @param bytes its size in the store, counted as it was written
 * @param sha256 the lowercase hex SHA-256 of its stored bytes, computed as it was written
 * @param fileKey where the store keeps it
 * @param fileName the name it is downloaded under
 */
public record JobPart(
    int n, long rows, long bytes, String sha256, String fileKey, String fileName) {
  public JobPart {
    if (n < 1 || rows < 0 || bytes < 0) {
      throw new IllegalArgumentException("part " + n + ": rows and bytes must not be negative");
    }
  }
}
