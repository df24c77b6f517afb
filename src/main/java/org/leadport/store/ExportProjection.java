package org.leadport.store;

import java.util.Arrays;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jspecify.annotations.Nullable;

/**
 * A lead's export projection (migration V19, docs/export-projection.md): the columns of the lead
 * row that carry its primary contact (name, first email, first phone) and primary address,
 * "primary" meaning the first by position. The triggers on contacts and addresses compute them in
 * SQL; a writer that writes a lead together with its whole collection of contacts or addresses
 * writes them itself from these values and tells the triggers so ({@link #declareWritten}), sparing
 * each lead the lookups and the extra row versions. The one place that rule is spelled in Java,
 * shared by the native API's writes ({@link LeadRepository#insertAll}, {@link
 * LeadRepository#update}) and the synthetic seed.
 */
public record ExportProjection(
    @Nullable String contactName,
    @Nullable String contactEmail,
    @Nullable String contactPhone,
    @Nullable String address1,
    @Nullable String address2,
    @Nullable String city,
    @Nullable String state,
    @Nullable String zipcode,
    @Nullable String country) {

  /** The projection's columns of {@code leads}, in the order of {@link #values()}. */
  public static final List<String> COLUMNS =
      List.of(
          "primary_contact_name",
          "primary_contact_email",
          "primary_contact_phone",
          "primary_address_1",
          "primary_address_2",
          "primary_city",
          "primary_state",
          "primary_zipcode",
          "primary_country");

  /**
   * How many of {@link #COLUMNS}, the first ones, are the primary contact's; the rest the
   * address's.
   */
  public static final int CONTACT_COLUMNS = 3;

  /** The projection of {@code lead} as it is about to be written with its items. */
  public static ExportProjection of(Lead lead) {
    return of(
        lead.contacts().isEmpty() ? null : lead.contacts().get(0),
        lead.addresses().isEmpty() ? null : lead.addresses().get(0));
  }

  /**
   * The projection of a lead whose first contact by position is {@code contact} and first address
   * {@code address} (null: it has none): what the triggers compute, {@code emails -> 0 ->> 'email'}
   * and {@code phones -> 0 ->> 'phone'} being the first channel's value.
   */
  public static ExportProjection of(
      Lead.@Nullable Contact contact, Lead.@Nullable Address address) {
    return new ExportProjection(
        contact == null ? null : contact.name(),
        contact == null ? null : first(contact.emails()),
        contact == null ? null : first(contact.phones()),
        address == null ? null : address.address1(),
        address == null ? null : address.address2(),
        address == null ? null : address.city(),
        address == null ? null : address.state(),
        address == null ? null : address.zipcode(),
        address == null ? null : address.country());
  }

  /** The values of {@link #COLUMNS}, in their order. */
  public List<@Nullable String> values() {
    return Arrays.asList(
        contactName, contactEmail, contactPhone, address1, address2, city, state, zipcode, country);
  }

  /**
   * Tells the projection triggers that this transaction of {@code h} writes the projection of every
   * lead whose contacts or addresses it writes, with the lead row, so they skip their lookups until
   * it ends. Only for leads the transaction inserts (no other transaction can write their items
   * before it commits) or whose row it has written before their items (its lock keeps every other
   * writer of their items waiting until it commits: the triggers lock the lead first), and only
   * with their whole collection of contacts or addresses written, the projection computed from it.
   */
  public static void declareWritten(Handle h) {
    h.execute("set local leadport.projection_written = on");
  }

  private static @Nullable String first(List<Lead.Channel> channels) {
    return channels.isEmpty() ? null : channels.get(0).value();
  }
}
