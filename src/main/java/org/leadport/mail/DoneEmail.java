package org.leadport.mail;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The one email sent when an async export finishes, to the address of the API key that started it.
 * Its subject and plain-text body are made here, in the same words for every API surface.
 *
 * <p>Immutable and thread-safe. The constructor refuses what could smuggle headers into the email:
 * a recipient that is not exactly one address, and control characters in the job id (which goes
 * into the subject) or in the download URL, and a download URL that is not a valid absolute URI.
 * Text that only goes into the body is tidied instead.
 *
 * @param to the recipient: exactly one email address, optionally with a display name
 * @param jobId the export's id, such as {@code expo_123}
 * @param status how the export ended
 * @param fileName the export file's name, or null
 * @param rowCount rows in the file, or null when unknown
 * @param downloadUrl the signed download link; null unless the export succeeded
 * @param errorMessage why the export failed or was canceled, or null
 * @param workspaceName the name of the workspace the export read
 * @param parts the parts of a succeeded export published as parts, listed instead of the one link
 *     (which names no file then, docs/parts.md); null for an export of one file
 */
public record DoneEmail(
    String to,
    String jobId,
    Status status,
    @Nullable String fileName,
    @Nullable Long rowCount,
    @Nullable String downloadUrl,
    @Nullable String errorMessage,
    String workspaceName,
    @Nullable Parts parts) {

  /** How an export ended, in words shared by every API surface. */
  public enum Status {
    SUCCEEDED,
    FAILED,
    CANCELED
  }

  /**
   * The parts of an export in parts as the email lists them.
   *
   * @param list every part, in order, with a link minted when the email is made
   * @param statusUrl where the export's status is read for fresh links once these expire
   */
  public record Parts(List<Part> list, String statusUrl) {
    public Parts {
      list = List.copyOf(list);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("an export in parts has at least one part");
      }
      checkUrl("statusUrl", statusUrl);
    }
  }

  /**
   * One part as the email lists it: what a reader checks the downloaded file against.
   *
   * @param url its signed download link
   */
  public record Part(int n, long rows, long bytes, String sha256, String url) {
    public Part {
      if (!sha256.matches("[0-9a-f]{64}")) {
        throw new IllegalArgumentException("sha256 must be 64 lowercase hex digits");
      }
      checkUrl("a part's url", url);
    }
  }

  /** An email without parts, as every export of one file has. */
  public DoneEmail(
      String to,
      String jobId,
      Status status,
      @Nullable String fileName,
      @Nullable Long rowCount,
      @Nullable String downloadUrl,
      @Nullable String errorMessage,
      String workspaceName) {
    this(to, jobId, status, fileName, rowCount, downloadUrl, errorMessage, workspaceName, null);
  }

  public DoneEmail {
    Addresses.one(to, "to must be exactly one email address without line breaks");
    Objects.requireNonNull(jobId, "jobId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(workspaceName, "workspaceName");
    if (jobId.isBlank() || Addresses.hasControl(jobId)) {
      throw new IllegalArgumentException("jobId must be one line of text");
    }
    if (rowCount != null && rowCount < 0) {
      throw new IllegalArgumentException("rowCount must not be negative, was " + rowCount);
    }
    if (downloadUrl != null) {
      if (status != Status.SUCCEEDED) {
        throw new IllegalArgumentException("downloadUrl is only for a succeeded export");
      }
      checkUrl("downloadUrl", downloadUrl);
    }
    if (parts != null && (status != Status.SUCCEEDED || downloadUrl != null)) {
      throw new IllegalArgumentException("parts are for a succeeded export without one link");
    }
  }

  /** Refuses a link that could smuggle headers or that a mail client would have to repair. */
  private static void checkUrl(String name, String url) {
    if (url.isBlank() || url.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException(name + " must be one URL without spaces");
    }
    if (!absoluteUri(url)) {
      throw new IllegalArgumentException(
          name + " must be an absolute http(s) URI (RFC 3986): " + url);
    }
  }

  /**
   * Whether {@code url} is an absolute {@code http} or {@code https} URI as RFC 3986 spells one
   * (nothing a mail client or a browser would have to repair, so the link works as it is clicked).
   */
  private static boolean absoluteUri(String url) {
    try {
      URI uri = new URI(url);
      return uri.getRawAuthority() != null
          && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
          && uri.toASCIIString().equals(url);
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** A succeeded export's email; {@code downloadUrl} may be null when no link can be made. */
  public static DoneEmail succeeded(
      String to,
      String jobId,
      String workspaceName,
      String fileName,
      Long rowCount,
      @Nullable String downloadUrl) {
    return new DoneEmail(
        to, jobId, Status.SUCCEEDED, fileName, rowCount, downloadUrl, null, workspaceName);
  }

  /** A succeeded export's email when the export was published as {@code parts}. */
  public static DoneEmail inParts(
      String to, String jobId, String workspaceName, String fileName, Long rowCount, Parts parts) {
    return new DoneEmail(
        to, jobId, Status.SUCCEEDED, fileName, rowCount, null, null, workspaceName, parts);
  }

  /** A failed export's email. */
  public static DoneEmail failed(
      String to, String jobId, String workspaceName, @Nullable String errorMessage) {
    return new DoneEmail(to, jobId, Status.FAILED, null, null, null, errorMessage, workspaceName);
  }

  /** A canceled export's email; {@code reason} may be null. */
  public static DoneEmail canceled(
      String to, String jobId, String workspaceName, @Nullable String reason) {
    return new DoneEmail(to, jobId, Status.CANCELED, null, null, null, reason, workspaceName);
  }

  /** One line, such as {@code Your Leadport export expo_123 is ready}. */
  public String subject() {
    return "Your Leadport export " + jobId + " " + outcome();
  }

  /** The plain-text body, lines separated by {@code \n}. */
  public String body() {
    StringBuilder body = new StringBuilder();
    body.append("Your Leadport export ")
        .append(jobId)
        .append(" of workspace ")
        .append(oneLine(workspaceName))
        .append(' ')
        .append(outcome())
        .append(".\n\n");
    switch (status) {
      case SUCCEEDED -> {
        if (fileName != null) {
          body.append("File: ").append(oneLine(fileName)).append('\n');
        }
        if (rowCount != null) {
          body.append("Rows: ").append(rowCount).append('\n');
        }
        if (parts != null) {
          appendParts(body, parts);
        } else if (downloadUrl != null) {
          body.append("Download: ").append(downloadUrl).append("\n\n");
          body.append("This link expires soon. For a fresh one, read the export's status with the")
              .append(" Leadport API: every status read returns a new download link.\n");
        } else {
          body.append("\nRead the export's status with the Leadport API to get a download link.\n");
        }
      }
      case FAILED -> {
        body.append("Error: ")
            .append(errorMessage == null ? "no details were recorded" : paragraph(errorMessage))
            .append("\n\n");
        body.append("No file was made. You can start a new export with the Leadport API.\n");
      }
      case CANCELED -> {
        if (errorMessage != null) {
          body.append("Reason: ").append(paragraph(errorMessage)).append("\n\n");
        }
        body.append("No file was made.\n");
      }
    }
    body.append(
        "\n-- \nLeadport sent this email because an export was started with your API key.\n");
    return body.toString();
  }

  /** Every part with its size, checksum and link, then where fresh links come from. */
  private static void appendParts(StringBuilder body, Parts parts) {
    body.append("Parts: ")
        .append(parts.list().size())
        .append(", each a whole file. Download every one and check it against its SHA-256:\n\n");
    for (Part p : parts.list()) {
      body.append("Part ")
          .append(p.n())
          .append(": ")
          .append(p.rows())
          .append(" rows, ")
          .append(p.bytes())
          .append(" bytes, SHA-256 ")
          .append(p.sha256())
          .append('\n')
          .append(p.url())
          .append("\n\n");
    }
    body.append("These links expire soon. For fresh ones, read the export's status: ")
        .append(parts.statusUrl())
        .append('\n');
  }

  private String outcome() {
    return switch (status) {
      case SUCCEEDED -> "is ready";
      case FAILED -> "failed";
      case CANCELED -> "was canceled";
    };
  }

  /** Text for inside a line: control characters, line breaks included, become spaces. */
  private static String oneLine(String text) {
    return clean(text, false);
  }

  /** Text that may span lines: line breaks become {@code \n}, other control characters spaces. */
  private static String paragraph(String text) {
    return clean(text.replace("\r\n", "\n").replace('\r', '\n'), true);
  }

  private static String clean(String text, boolean keepLines) {
    return text.codePoints()
        .map(c -> (keepLines && c == '\n') || !Character.isISOControl(c) ? c : ' ')
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString();
  }
}
