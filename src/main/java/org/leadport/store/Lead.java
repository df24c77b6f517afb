package org.leadport.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A lead with everything it holds. {@code custom} maps custom-field ids to JSON values; {@code
 * statusLabel} is resolved from the status when read.
 */
public record Lead(
    String id,
    String workspaceId,
    String name,
    String displayName,
    String statusId,
    String statusLabel,
    String url,
    String description,
    String source,
    String medium,
    String campaign,
    ObjectNode custom,
    List<Contact> contacts,
    List<Opportunity> opportunities,
    List<Activity> activities,
    List<Address> addresses,
    Instant createdAt,
    Instant updatedAt,
    Instant deletedAt) {

  public Lead {
    contacts = List.copyOf(contacts);
    opportunities = List.copyOf(opportunities);
    activities = List.copyOf(activities);
    addresses = List.copyOf(addresses);
  }

  /** One email address, phone number or URL of a contact, with its kind (office, mobile…). */
  public record Channel(String value, String type) {}

  /**
   * A person at the lead. {@code name} is the one-piece name Close speaks, {@code firstName} and
   * {@code lastName} HubSpot's; {@link ContactNames} says how they relate.
   */
  public record Contact(
      String id,
      String name,
      String firstName,
      String lastName,
      String title,
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
      String statusLabel,
      Long value,
      String valueCurrency,
      String valuePeriod,
      Integer confidence,
      LocalDate dateWon,
      String note,
      String userName) {}

  /** Something that happened with the lead: a note, call, email, meeting or SMS. */
  public record Activity(
      String id,
      String type,
      Instant date,
      String direction,
      Integer duration,
      String subject,
      String body) {}

  /** A postal address of the lead. */
  public record Address(
      String id,
      String label,
      String address1,
      String address2,
      String city,
      String state,
      String zipcode,
      String country) {}
}
