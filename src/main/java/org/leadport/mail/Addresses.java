package org.leadport.mail;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;

/** Strict parsing of one email address. Stateless. */
final class Addresses {
  private Addresses() {}

  /**
   * Parses exactly one address, such as {@code a@example.com} or {@code Name <a@example.com>}.
   *
   * @param message the exception's message when {@code text} is not one valid address
   * @throws IllegalArgumentException when {@code text} is a list, a group, lacks a domain or holds
   *     any control character
   */
  static InternetAddress one(String text, String message) {
    if (text == null || text.isBlank() || hasControl(text)) {
      // Line breaks are refused before parsing: they are how headers get injected.
      throw new IllegalArgumentException(message);
    }
    InternetAddress address;
    try {
      address = new InternetAddress(text, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(message, e);
    }
    String bare = address.getAddress();
    if (address.isGroup() || bare == null || bare.indexOf('@') < 1) {
      throw new IllegalArgumentException(message);
    }
    return address;
  }

  /** True when the text holds a control character (CR, LF, tab, NUL and the like). */
  static boolean hasControl(String text) {
    return text.chars().anyMatch(Character::isISOControl);
  }
}
