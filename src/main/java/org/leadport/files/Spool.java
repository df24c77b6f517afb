package org.leadport.files;

/** Names of unpublished uploads on local disk. Stateless. */
final class Spool {
  private Spool() {}

  /**
   * The file name of {@code key}'s upload: the key with every character outside {@code
   * [A-Za-z0-9._-]} replaced, so one key always names the same file and a takeover can remove the
   * upload of the attempt it replaces (keys hold the job id and the attempt's fencing token).
   */
  static String fileName(String key) {
    return key.replaceAll("[^A-Za-z0-9._-]", "_") + ".part";
  }
}
