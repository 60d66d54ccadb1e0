package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The expert panel persists its update counters as ints capped at 2^31 − 1 (68 years of
 * 1-second bars), because only whether they are past 0 or 1 is ever read: a panel restored with
 * capped counters must forecast exactly like the one with the true counts, and keep writing the
 * same capped bytes.
 */
class ExpertPanelCountersTest {

  @Test
  void aPanelWithCappedCountersForecastsExactlyLikeTheLiveOne() throws IOException {
    // Given a panel after 300 bars, and its bytes with both counters set to the cap
    ExpertPanel live = ExpertPanel.fresh();
    Random rnd = new Random(21);
    for (int t = 0; t < 300; t++) {
      live.observe(0.001 * rnd.nextGaussian(), new Prediction(0.0002, 0.001, 0, 0.001));
    }
    byte[] bytes = bytes(live);
    ByteBuffer.wrap(bytes).putInt(1, Integer.MAX_VALUE).putInt(5, Integer.MAX_VALUE);
    ExpertPanel capped = ExpertPanel.readFrom(new DataInputStream(new ByteArrayInputStream(bytes)));

    // When both see the same 500 further bars
    for (int t = 0; t < 500; t++) {
      double r = 0.001 * rnd.nextGaussian();
      Prediction p = new Prediction(0.0001 * (t % 3), 0.001, 0, 0.001);
      live.observe(r, p);
      capped.observe(r, p);
      // Then every forecast is the same
      ExpertPanel.Mix a = live.forecast(0.0003, 0.0012);
      ExpertPanel.Mix b = capped.forecast(0.0003, 0.0012);
      assertThat(b.mean()).isEqualTo(a.mean());
      assertThat(b.sigma()).isEqualTo(a.sigma());
      assertThat(b.expertMeans()).containsExactly(a.expertMeans());
      assertThat(capped.fastMix()).isEqualTo(live.fastMix());
    }
    // and the capped panel still writes the cap, the rest byte for byte the live panel's
    byte[] a = bytes(live);
    byte[] b = bytes(capped);
    assertThat(ByteBuffer.wrap(b).getInt(1)).isEqualTo(Integer.MAX_VALUE);
    ByteBuffer.wrap(a).putInt(1, Integer.MAX_VALUE).putInt(5, Integer.MAX_VALUE);
    assertThat(b).isEqualTo(a);
  }

  private static byte[] bytes(ExpertPanel p) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.writeTo(new DataOutputStream(out));
    return out.toByteArray();
  }
}
