package org.leadport.testing;

import java.util.List;

/**
 * The members of a lead as the exports and the API write them, in their order, spelled out here on
 * purpose (not read from {@code LeadJson} or {@code SmartFields}): a test that compares what the
 * code writes with these fails when the code changes them.
 *
 * <p>The one copy of the lists that the tests of the native JSON, the nested documents' schema and
 * Close's export content had each written.
 */
public final class LeadMembers {
  /** A lead's native JSON members ({@code LeadJson}), in the order it writes them. */
  public static final List<String> NATIVE =
      List.of(
          "id",
          "name",
          "display_name",
          "status_id",
          "status_label",
          "url",
          "description",
          "source",
          "medium",
          "campaign",
          "custom",
          "contacts",
          "opportunities",
          "activities",
          "addresses",
          "created_at",
          "updated_at",
          "deleted_at");

  /** Close's smart fields, in the order the exports write them. */
  public static final List<String> SMART =
      List.of(
          "num_contacts",
          "num_emails",
          "num_calls",
          "num_notes",
          "num_opportunities",
          "num_won_opportunities",
          "times_communicated",
          "first_communication_date",
          "last_communication_date",
          "last_activity_date",
          "last_call_date",
          "last_email_date",
          "primary_opportunity_value");

  private LeadMembers() {}
}
