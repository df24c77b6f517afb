package org.leadport.surface.close;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.leadport.LeadportException;
import org.leadport.json.JsonInput;
import org.leadport.query.Condition;
import org.leadport.query.Fields;
import org.leadport.query.ObjectKind;
import org.leadport.query.Query;

class CloseOpportunityParamsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Query read(String json) throws Exception {
    return CloseOpportunityParams.query(JsonInput.of((ObjectNode) JSON.readTree(json), "params"));
  }

  @Test
  void noFilterIsEveryOpportunity() throws Exception {
    assertThat(read("{}")).isEqualTo(new Query.All());
  }

  @Test
  void aTermIsEqualityOnItsField() throws Exception {
    assertThat(read("{\"status_type\":\"won\"}"))
        .isEqualTo(
            new Query.And(
                List.of(
                    Query.equal(
                        Fields.STANDARD
                            .regular(ObjectKind.OPPORTUNITY, "status_type")
                            .orElseThrow(),
                        "won"))));
  }

  @Test
  void aDayAsTheUpperBoundOfADateTimeIncludesThatWholeDay() throws Exception {
    Query q = read("{\"date_created__gte\":\"2026-02-01\",\"date_created__lte\":\"2026-02-18\"}");
    assertThat(q)
        .isEqualTo(
            new Query.And(
                List.of(
                    new Query.Match(
                        Fields.STANDARD
                            .regular(ObjectKind.OPPORTUNITY, "date_created")
                            .orElseThrow(),
                        new Condition.MomentRange(
                            null,
                            Instant.parse("2026-02-01T00:00:00Z"),
                            Instant.parse("2026-02-19T00:00:00Z"),
                            null)))));
  }

  @Test
  void anInstantAsTheUpperBoundIsInclusiveAsGiven() throws Exception {
    Query q = read("{\"date_updated__lte\":\"2026-02-18T09:30:00+02:00\"}");
    assertThat(q)
        .isEqualTo(
            new Query.And(
                List.of(
                    new Query.Match(
                        Fields.STANDARD
                            .regular(ObjectKind.OPPORTUNITY, "date_updated")
                            .orElseThrow(),
                        new Condition.MomentRange(
                            null, null, null, Instant.parse("2026-02-18T07:30:00Z"))))));
  }

  @Test
  void anUnknownFilterIsA400NamingTheValidOnes() {
    LeadportException e =
        catchThrowableOfType(LeadportException.class, () -> read("{\"value__gte\":1}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.param()).isEqualTo("params.value__gte");
    assertThat(e.getMessage())
        .isEqualTo(
            "Unknown opportunity filter params.value__gte; valid filters are date_created__gte,"
                + " date_created__lte, date_updated__gte, date_updated__lte, date_won__gte,"
                + " date_won__lte, lead_id, status_label, status_type, user_name, value_currency,"
                + " value_period.");
  }

  @ParameterizedTest
  @CsvSource({"2026-02-30", "yesterday", "2026-02-18T09:30:00"})
  void aBoundThatIsNeitherADayNorAnInstantIsA400(String bad) {
    LeadportException e =
        catchThrowableOfType(
            LeadportException.class, () -> read("{\"date_won__gte\":\"" + bad + "\"}"));
    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage())
        .isEqualTo(
            "params.date_won__gte must be a date such as 2026-02-18 or a date-time such as"
                + " 2026-02-18T09:30:00+00:00.");
  }
}
