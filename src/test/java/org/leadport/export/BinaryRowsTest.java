package org.leadport.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's binary COPY of text and two-dimensional text[] columns (as {@code textsend} and
 * {@code array_send} write them), read back; the bytes are built here as the COPY docs spell them.
 */
class BinaryRowsTest {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
  };

  @Test
  void readsTextAndItemsWithNullsEmptyArraysAndMultibyteText() throws Exception {
    byte[] items =
        array(new @Nullable String[][] {{"a", "", null}, {"Ünïcødé ✓ 🚀", "x,\"y\"", "{}"}});
    byte[] empty = emptyArray();
    Deque<byte[]> messages = new ArrayDeque<>();
    messages.add(concat(header(0), row(utf8("lead_1"), null, items, empty)));
    messages.add(row(utf8("lead_2"), utf8("naïve"), null, items));
    messages.add(trailer());
    BinaryRows rows = new BinaryRows(messages::poll, 4);

    assertThat(rows.next()).isTrue();
    assertThat(rows.text(0)).isEqualTo("lead_1");
    assertThat(rows.text(1)).isNull();
    List<String[]> read = rows.items(2, "lead_1", 3);
    assertThat(read).hasSize(2);
    assertThat(Arrays.asList(read.get(0))).containsExactly("lead_1", "a", "", null);
    assertThat(Arrays.asList(read.get(1)))
        .containsExactly("lead_1", "Ünïcødé ✓ 🚀", "x,\"y\"", "{}");
    assertThat(rows.items(3, "lead_1", 3)).isEmpty();

    assertThat(rows.next()).isTrue();
    assertThat(rows.text(0)).isEqualTo("lead_2");
    assertThat(rows.text(1)).isEqualTo("naïve");
    assertThat(rows.items(2, "lead_2", 3)).isEmpty();
    assertThat(rows.items(3, "lead_2", 3)).hasSize(2);

    assertThat(rows.next()).isFalse();
    assertThat(rows.next()).isFalse();
    assertThat(messages).isEmpty();
  }

  @Test
  void readsAHeaderInAMessageOfItsOwnAndItsExtension() throws Exception {
    Deque<byte[]> messages = new ArrayDeque<>();
    messages.add(header(3));
    messages.add(row(utf8("x")));
    messages.add(trailer());
    BinaryRows rows = new BinaryRows(messages::poll, 1);
    assertThat(rows.next()).isTrue();
    assertThat(rows.text(0)).isEqualTo("x");
    assertThat(rows.next()).isFalse();
  }

  @Test
  void noRowsIsTheHeaderAndTheTrailer() throws Exception {
    Deque<byte[]> messages = new ArrayDeque<>();
    messages.add(concat(header(0), trailer()));
    assertThat(new BinaryRows(messages::poll, 2).next()).isFalse();
  }

  @Test
  void refusesAnotherShape() throws Exception {
    byte[] items = array(new @Nullable String[][] {{"a", "b"}});
    assertThatThrownBy(() -> BinaryRows.items(items, 0, items.length, "l", 3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("1 items of 2 fields, expected 3");
    assertThatThrownBy(() -> BinaryRows.items(items, 0, items.length - 1, "l", 2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cut short");
    Deque<byte[]> wrongCount = new ArrayDeque<>();
    wrongCount.add(concat(header(0), row(utf8("a"), utf8("b"))));
    assertThatThrownBy(() -> new BinaryRows(wrongCount::poll, 3).next())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2 fields, expected 3");
    Deque<byte[]> noSignature = new ArrayDeque<>();
    noSignature.add(row(utf8("a")));
    assertThatThrownBy(() -> new BinaryRows(noSignature::poll, 1).next())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("signature");
    Deque<byte[]> noTrailer = new ArrayDeque<>();
    noTrailer.add(concat(header(0), row(utf8("a"))));
    BinaryRows cut = new BinaryRows(noTrailer::poll, 1);
    assertThat(cut.next()).isTrue();
    assertThatThrownBy(cut::next)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without its trailer");
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] header(int extension) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(SIGNATURE);
    out.writeInt(0);
    out.writeInt(extension);
    out.write(new byte[extension]);
    return bytes.toByteArray();
  }

  private static byte[] trailer() {
    return new byte[] {(byte) 0xff, (byte) 0xff};
  }

  private static byte[] row(byte @Nullable []... fields) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(fields.length);
    for (byte[] f : fields) {
      if (f == null) {
        out.writeInt(-1);
      } else {
        out.writeInt(f.length);
        out.write(f);
      }
    }
    return bytes.toByteArray();
  }

  /** {@code array_send} of a two-dimensional text[] (lower bounds 1, as PostgreSQL's are). */
  private static byte[] array(@Nullable String[][] items) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    boolean nulls = Arrays.stream(items).flatMap(Arrays::stream).anyMatch(v -> v == null);
    out.writeInt(2);
    out.writeInt(nulls ? 1 : 0);
    out.writeInt(BinaryRows.TEXT_OID);
    out.writeInt(items.length);
    out.writeInt(1);
    out.writeInt(items[0].length);
    out.writeInt(1);
    for (String[] item : items) {
      for (String v : item) {
        if (v == null) {
          out.writeInt(-1);
        } else {
          byte[] b = utf8(v);
          out.writeInt(b.length);
          out.write(b);
        }
      }
    }
    return bytes.toByteArray();
  }

  private static byte[] emptyArray() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0);
    out.writeInt(0);
    out.writeInt(BinaryRows.TEXT_OID);
    return bytes.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
