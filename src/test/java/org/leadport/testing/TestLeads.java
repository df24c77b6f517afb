package org.leadport.testing;

import java.time.Instant;
import java.util.List;
import org.leadport.json.Json;
import org.leadport.store.Lead;

/**
 * Leads for tests that write or render a lead's items and care for nothing else of it.
 *
 * <p>The one copy of the nineteen-argument constructor call that the tests of the projection, its
 * race and the native JSON had each written out.
 */
public final class TestLeads {
  private TestLeads() {}

  /**
   * A lead of workspace {@code ws} with these items and nothing else: its name and display name are
   * its id, no status, URL, description or source, no custom fields, created and updated at {@code
   * at}, not deleted.
   */
  public static Lead withItems(
      String id,
      String ws,
      Instant at,
      List<Lead.Contact> contacts,
      List<Lead.Opportunity> opportunities,
      List<Lead.Activity> activities,
      List<Lead.Address> addresses) {
    return new Lead(
        id,
        ws,
        id,
        id,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Json.object(),
        contacts,
        opportunities,
        activities,
        addresses,
        at,
        at,
        null);
  }
}
