package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tickcast.model.persistence.Varint;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The expert panel persists its two update counters as variable-length integers (version 3;
 * version 2 capped them as ints at 2^31 − 1): counts far past 2^31 (68 years of 1-second bars)
 * restore exactly, and the panel forecasts as if it had never been written.
 */
class ExpertPanelCountersTest {

  private static final long BARS = 5_000_000_000L;

  @Test
  void aPanelWithCountsPastTwoToThe31RestoresExactlyAndForecastsLikeTheLiveOne()
      throws IOException {
    // Given a panel after 300 bars, and its bytes with the counts moved past 2^32
    ExpertPanel live = ExpertPanel.fresh();
    Random rnd = new Random(21);
    for (int t = 0; t < 300; t++) {
      live.observe(0.001 * rnd.nextGaussian(), new Prediction(0.0002, 0.001, 0, 0.001));
    }
    byte[] bytes = withCounts(bytes(live), BARS, BARS - 3);
    ExpertPanel big = read(bytes);

    // When both see the same 500 further bars
    for (int t = 0; t < 500; t++) {
      double r = 0.001 * rnd.nextGaussian();
      Prediction p = new Prediction(0.0001 * (t % 3), 0.001, 0, 0.001);
      live.observe(r, p);
      big.observe(r, p);
      // Then every forecast is the same
      ExpertPanel.Mix a = live.forecast(0.0003, 0.0012);
      ExpertPanel.Mix b = big.forecast(0.0003, 0.0012);
      assertThat(b.mean()).isEqualTo(a.mean());
      assertThat(b.sigma()).isEqualTo(a.sigma());
      assertThat(b.expertMeans()).containsExactly(a.expertMeans());
      assertThat(big.fastMix()).isEqualTo(live.fastMix());
    }
    // and it writes the counts it was given plus 500 bars, the rest byte for byte the live one's
    assertThat(bytes(big)).isEqualTo(withCounts(bytes(live), BARS + 500, BARS - 3 + 500));
    assertThat(counts(bytes(big))).containsExactly(BARS + 500, BARS - 3 + 500);
  }

  @Test
  void refusesCorruptCounters() throws IOException {
    byte[] ok = bytes(ExpertPanel.fresh());
    // more scored forecasts than bars, and a varint that never ends
    assertThatThrownBy(() -> read(withCounts(ok, 2, 5))).isInstanceOf(IOException.class)
        .hasMessageContaining("counters");
    byte[] endless = new byte[16];
    endless[0] = ok[0];
    Arrays.fill(endless, 1, 16, (byte) 0x80);
    assertThatThrownBy(() -> read(endless)).isInstanceOf(IOException.class);
  }

  /** The two counters at the head of a version-3 record: bars, and bars − scored (zig-zag). */
  private static long[] counts(byte[] v3) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(v3, 1, v3.length - 1));
    long bars = Varint.read(in);
    return new long[] {bars, bars - Varint.unZigZag(Varint.read(in))};
  }

  /** The record with its counters replaced. */
  private static byte[] withCounts(byte[] v3, long bars, long scored) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(v3, 1, v3.length - 1));
    Varint.read(in);
    Varint.read(in);
    int rest = v3.length - in.available();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(b);
    out.writeByte(v3[0]);
    Varint.write(out, bars);
    Varint.write(out, Varint.zigZag(bars - scored));
    out.write(v3, rest, v3.length - rest);
    return b.toByteArray();
  }

  private static ExpertPanel read(byte[] b) throws IOException {
    return ExpertPanel.readFrom(new DataInputStream(new ByteArrayInputStream(b)));
  }

  private static byte[] bytes(ExpertPanel p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.writeTo(new DataOutputStream(out));
    return out.toByteArray();
  }
}
