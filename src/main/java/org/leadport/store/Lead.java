package org.leadport.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A lead with everything it holds. {@code custom} maps custom-field ids to JSON values; {@code
 * statusLabel} is resolved from the status when read.
 */
public record Lead(
    String id,
    String workspaceId,
    @Nullable String name,
    String displayName,
    @Nullable String statusId,
    @Nullable String statusLabel,
    @Nullable String url,
    @Nullable String description,
    @Nullable String source,
    @Nullable String medium,
    @Nullable String campaign,
    ObjectNode custom,
    List<Contact> contacts,
    List<Opportunity> opportunities,
    List<Activity> activities,
    List<Address> addresses,
    Instant createdAt,
    Instant updatedAt,
    @Nullable Instant deletedAt) {

  public Lead {
    contacts = List.copyOf(contacts);
    opportunities = List.copyOf(opportunities);
    activities = List.copyOf(activities);
    addresses = List.copyOf(addresses);
  }

  /** One email address, phone number or URL of a contact, with its kind (office, mobile…). */
  public record Channel(@Nullable String value, @Nullable String type) {}

  /**
   * A person at the lead. {@code name} is the one-piece name Close speaks, {@code firstName} and
   * {@code lastName} HubSpot's; {@link ContactNames} says how they relate.
   */
  public record Contact(
      String id,
      @Nullable String name,
      @Nullable String firstName,
      @Nullable String lastName,
      @Nullable String title,
      List<Channel> emails,
      List<Channel> phones,
      List<Channel> urls) {
    public Contact {
      emails = List.copyOf(emails);
      phones = List.copyOf(phones);
      urls = List.copyOf(urls);
    }
  }

  /** A deal with the lead; {@code value} is in minor units of {@code valueCurrency}. */
  public record Opportunity(
      String id,
      String statusType,
      @Nullable String statusLabel,
      @Nullable Long value,
      @Nullable String valueCurrency,
      @Nullable String valuePeriod,
      @Nullable Integer confidence,
      @Nullable LocalDate dateWon,
      @Nullable String note,
      @Nullable String userName) {}

  /** Something that happened with the lead: a note, call, email, meeting or SMS. */
  public record Activity(
      String id,
      String type,
      Instant date,
      @Nullable String direction,
      @Nullable Integer duration,
      @Nullable String subject,
      @Nullable String body) {}

  /** A postal address of the lead. */
  public record Address(
      String id,
      @Nullable String label,
      @Nullable String address1,
      @Nullable String address2,
      @Nullable String city,
      @Nullable String state,
      @Nullable String zipcode,
      @Nullable String country) {}
}
