package org.leadport.leads;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.leadport.LeadportException;
import org.leadport.json.DateRange;
import org.leadport.json.Json;
import org.leadport.json.Times;
import org.leadport.model.CustomField;

/** The rule of a custom field's value by the field's type. Stateless. */
final class CustomValues {
  private CustomValues() {}

  /** Checks a value against its field's type; dates and date-times are normalised to ISO. */
  static JsonNode check(CustomField field, JsonNode v, String path) {
    switch (field.type()) {
      case TEXT -> {
        if (!v.isTextual() || v.textValue().length() > LeadParser.LONG_TEXT) {
          throw LeadportException.invalid(path, path + " must be a string (custom text field).");
        }
        return v;
      }
      case NUMBER -> {
        if (!v.isNumber() || (v.isFloatingPointNumber() && !Double.isFinite(v.doubleValue()))) {
          throw LeadportException.invalid(path, path + " must be a number (custom number field).");
        }
        return v;
      }
      case BOOLEAN -> {
        if (!v.isBoolean()) {
          throw LeadportException.invalid(path, path + " must be true or false.");
        }
        return v;
      }
      case DATE -> {
        try {
          LocalDate day = DateRange.check(LocalDate.parse(v.asText()), path);
          return Json.MAPPER.getNodeFactory().textNode(day.toString());
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(path, path + " must be a date such as 2026-02-18.");
        }
      }
      case DATETIME -> {
        try {
          Instant t = DateRange.check(OffsetDateTime.parse(v.asText()).toInstant(), path);
          return Json.MAPPER.getNodeFactory().textNode(Times.iso(t));
        } catch (DateTimeParseException e) {
          throw LeadportException.invalid(
              path, path + " must be a date-time with an offset such as 2026-02-18T09:30:00Z.");
        }
      }
      case CHOICES -> {
        if (!v.isTextual() || !field.choices().contains(v.textValue())) {
          throw LeadportException.invalid(path, path + " must be one of " + field.choices() + ".");
        }
        return v;
      }
    }
    throw new IllegalStateException("unhandled custom field type " + field.type());
  }
}
