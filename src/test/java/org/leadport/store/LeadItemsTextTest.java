package org.leadport.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The text {@link LeadItemsText} renders for a {@code lead_items} column: PostgreSQL's for the
 * tricky cases (LeadItemsIT compares the same renderer with {@code lead_items_write}'s rows).
 */
class LeadItemsTextTest {
  @Test
  void quotesWhatArrayOutQuotesAndEscapesQuotesAndBackslashes() {
    String text =
        new LeadItemsText()
            .item()
            .text("plain")
            .text("")
            .text(null)
            .text("NULL")
            .text("nUlL")
            .text("NULLS")
            .text("a b")
            .text("q\"b\\s")
            .text("{x}")
            .text("a,b")
            .text("\t\n\r\u000B\f")
            .text("\u0001é→😀＝")
            .end();
    assertThat(text)
        .isEqualTo(
            "{{plain,\"\",NULL,\"NULL\",\"nUlL\",NULLS,\"a b\",\"q\\\"b\\\\s\",\"{x}\",\"a,b\","
                + "\"\t\n\r\u000B\f\",\u0001é→😀＝}}");
  }

  @Test
  void noItemsIsNullAsArrayAggOfNoRowsAndTheRendererStartsOver() {
    LeadItemsText t = new LeadItemsText();
    assertThat(t.end()).isNull();
    assertThat(LeadItemsText.of(ItemKind.ADDRESSES, List.of())).isNull();
    t.item().text("a").item().text("b");
    assertThat(t.end()).isEqualTo("{{a},{b}}");
    t.item().number(-5L).number(null).number(9_223_372_036_854_775_807L);
    assertThat(t.end()).isEqualTo("{{-5,NULL,9223372036854775807}}");
  }

  @Test
  void datesAsDateTextInTheIsoStyle() {
    String text =
        new LeadItemsText()
            .item()
            .date(LocalDate.of(2026, 3, 4))
            .date(LocalDate.of(7, 1, 2))
            .date(LocalDate.of(12_345, 12, 31))
            .date(LocalDate.of(-43, 3, 15))
            .date(null)
            .end();
    assertThat(text).isEqualTo("{{2026-03-04,0007-01-02,12345-12-31,\"0044-03-15 BC\",NULL}}");
  }

  @Test
  void timestampsInUtcWithMicroseconds() {
    String text =
        new LeadItemsText()
            .item()
            .time(Instant.parse("2026-12-31T23:59:59.999999Z"))
            .time(Instant.parse("0999-01-02T03:04:05Z"))
            .time(-1)
            .end();
    assertThat(text)
        .isEqualTo(
            "{{2026-12-31T23:59:59.999999Z,0999-01-02T03:04:05.000000Z,"
                + "1969-12-31T23:59:59.999999Z}}");
    LeadItemsText t = new LeadItemsText().item();
    assertThatThrownBy(() -> t.time(Instant.parse("2026-01-01T00:00:00.0000001Z")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> t.time(Instant.parse("+10000-01-01T00:00:00Z")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void channelsAsJsonbPrintsThemKeysByLengthThenBytes() {
    String text =
        new LeadItemsText()
            .item()
            .channels(List.of(), "email")
            .channels(
                List.of(new Lead.Channel("a@b.io", "office"), new Lead.Channel(null, null)),
                "email")
            .channels(List.of(new Lead.Channel("q\"b\\s\t\n\b\f\r\u0001\u001fé", "x")), "url")
            .end();
    assertThat(text)
        .isEqualTo(
            "{{[],"
                + "\"[{\\\"type\\\": \\\"office\\\", \\\"email\\\": \\\"a@b.io\\\"},"
                + " {\\\"type\\\": null, \\\"email\\\": null}]\","
                + "\"[{\\\"url\\\": \\\"q\\\\\\\"b\\\\\\\\s\\\\t\\\\n\\\\b\\\\f\\\\r"
                + "\\\\u0001\\\\u001fé\\\", \\\"type\\\": \\\"x\\\"}]\"}}");
  }

  @Test
  void aKindsItemsInTheCataloguesFieldOrder() {
    Lead.Opportunity o =
        new Lead.Opportunity(
            "oppo_1",
            "won",
            "Won",
            1200L,
            "EUR",
            "annual",
            80,
            LocalDate.of(2026, 3, 4),
            null,
            "Ann");
    assertThat(LeadItemsText.of(ItemKind.OPPORTUNITIES, List.of(o, o)))
        .isEqualTo(
            "{{oppo_1,won,Won,1200,EUR,annual,80,2026-03-04,NULL,Ann},"
                + "{oppo_1,won,Won,1200,EUR,annual,80,2026-03-04,NULL,Ann}}");
    Lead.Activity a =
        new Lead.Activity(
            "acti_1",
            "call",
            Instant.parse("2026-02-18T13:04:05.123456Z"),
            "inbound",
            60,
            "Hi",
            null);
    assertThat(LeadItemsText.of(ItemKind.ACTIVITIES, List.of(a)))
        .isEqualTo("{{acti_1,call,2026-02-18T13:04:05.123456Z,inbound,60,Hi,NULL}}");
  }
}
