package io.tickcast.model.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VarintTest {

  private static final long[] VALUES = {0, 1, 127, 128, 300, 16_383, 16_384, 5_000_000_000L,
      Long.MAX_VALUE, -1, Long.MIN_VALUE};

  @Test
  void shouldWriteTheSameBytesThroughEveryOutputAndReadThemBack() throws IOException {
    for (long v : VALUES) {
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      Varint.write(new DataOutputStream(stream), v);
      byte[] viaStream = stream.toByteArray();
      ByteBuffer buffer = ByteBuffer.allocate(Varint.MAX_BYTES);
      Varint.put(buffer, v);
      byte[] array = new byte[Varint.MAX_BYTES];
      int end = Varint.put(array, 0, v);

      assertThat(viaStream).hasSize(Varint.bytes(v));
      assertThat(Arrays.copyOf(buffer.array(), buffer.position())).isEqualTo(viaStream);
      assertThat(Arrays.copyOf(array, end)).isEqualTo(viaStream);
      assertThat(Varint.read(new DataInputStream(new ByteArrayInputStream(viaStream))))
          .isEqualTo(v);
      assertThat(Varint.get(ByteBuffer.wrap(viaStream))).isEqualTo(v);
    }
    // LEB128: 300 = 0b10_0101100 → 0xAC 0x02
    ByteBuffer b = ByteBuffer.allocate(2);
    Varint.put(b, 300);
    assertThat(b.array()).containsExactly((byte) 0xAC, (byte) 0x02);
    assertThat(Varint.bytes(-1)).isEqualTo(Varint.MAX_BYTES);
  }

  @Test
  void shouldMapSmallSignedValuesToSmallOnesAndBack() {
    assertThat(Varint.zigZag(0)).isZero();
    assertThat(Varint.zigZag(-1)).isEqualTo(1);
    assertThat(Varint.zigZag(1)).isEqualTo(2);
    assertThat(Varint.zigZag(-2)).isEqualTo(3);
    for (long v : VALUES) {
      assertThat(Varint.unZigZag(Varint.zigZag(v))).isEqualTo(v);
    }
  }

  @Test
  void shouldRefuseAnEncodingThatNeverEndsOrIsCutShort() {
    byte[] endless = new byte[12];
    Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> Varint.read(new DataInputStream(new ByteArrayInputStream(endless))))
        .isInstanceOf(IOException.class).hasMessageContaining("longer than 10");
    assertThatThrownBy(() -> Varint.get(ByteBuffer.wrap(endless)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] cut = {(byte) 0x80};
    assertThatThrownBy(() -> Varint.read(new DataInputStream(new ByteArrayInputStream(cut))))
        .isInstanceOf(EOFException.class);
    assertThatThrownBy(() -> Varint.get(ByteBuffer.wrap(cut)))
        .isInstanceOf(BufferUnderflowException.class);
  }
}
