package org.leadport.surface.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.model.CustomField;

class HubSpotPropertiesTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Tier|tier",
        "Lead Score|lead_score",
        "Number of employees|number_of_employees",
        "  Renewal (date)  |renewal_date",
        "Größe|größe",
        "ARR/€|arr"
      })
  void customFieldsGetHubSpotsInternalNames(String label, String internal) {
    assertThat(HubSpotProperties.internalName(label)).isEqualTo(internal);
  }

  @Test
  void aCustomFieldAnswersToItsInternalNameAndAStandardNameWins() {
    Instant t = Instant.EPOCH;
    List<CustomField> fields =
        List.of(
            new CustomField("cf_1", "Lead Score", CustomField.Type.NUMBER, List.of(), t, t),
            new CustomField("cf_2", "City", CustomField.Type.TEXT, List.of(), t, t));
    HubSpotProperties companies = HubSpotProperties.of(HubSpotObject.COMPANIES, fields);
    assertThat(companies.find("lead_score").orElseThrow().field().customFieldId())
        .isEqualTo("cf_1");
    assertThat(companies.find("Lead Score").orElseThrow().field().customFieldId())
        .isEqualTo("cf_1");
    assertThat(companies.find("cf_1").orElseThrow().field().customFieldId()).isEqualTo("cf_1");
    // "city" is the standard property (the lead's first address), not the custom field "City".
    assertThat(companies.find("city").orElseThrow().field().customFieldId()).isNull();
    assertThat(companies.find("favourite_colour")).isEmpty();
    // Contacts have no custom fields.
    assertThat(HubSpotProperties.of(HubSpotObject.CONTACTS, fields).find("lead_score")).isEmpty();
  }
}
