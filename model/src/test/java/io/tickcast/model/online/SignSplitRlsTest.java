package io.tickcast.model.online;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SignSplitRlsTest {

  private static final double SD = 0.001;

  /** A threshold AR(1): r' = up·r after an up bar, down·r after a down bar, plus noise. */
  private static final class ThresholdAr {
    final SplittableRandom rnd;
    double last;

    ThresholdAr(long seed) {
      rnd = new SplittableRandom(seed);
    }

    double next(double up, double down) {
      last = (last > 0 ? up : down) * last + SD * rnd.nextGaussian();
      return last;
    }
  }

  /** Feeds n bars; returns the mean squared error of the one-step forecasts over the last m. */
  private static double feed(SignSplitRls s, ThresholdAr g, double up, double down, int n, int m) {
    double sse = 0;
    for (int i = 0; i < n; i++) {
      double prev = g.last;
      double f = s.predict(prev, SD);
      double r = g.next(up, down);
      if (i >= n - m) {
        sse += (r - f) * (r - f);
      }
      s.update(r, prev, SD);
    }
    return sse / m;
  }

  @Test
  void shouldLearnBothCoefficientsOfAThresholdAr() {
    SignSplitRls s = new SignSplitRls(0.99, 10.0);
    feed(s, new ThresholdAr(1), 0.6, -0.3, 2000, 1);

    assertThat(s.up()).isCloseTo(0.6, within(0.15));
    assertThat(s.down()).isCloseTo(-0.3, within(0.15));
  }

  @Test
  void shouldReLearnASwapWithinTensOfBars() {
    // Given the expert fitted to continuation after up bars and reversal after down bars
    SignSplitRls s = new SignSplitRls(0.99, 10.0);
    ThresholdAr g = new ThresholdAr(2);
    feed(s, g, 0.6, -0.3, 1500, 1);

    double before = s.up();

    // When the two coefficients swap, after 100 bars of the new regime
    feed(s, g, -0.3, 0.6, 100, 1);

    // Then the frequent side (down bars, now continuing) has crossed to its new sign, the rare
    // side (up bars, a third of them) is on its way, and over the next 500 bars the error is
    // within 10 % of the noise variance (the oracle's error)
    assertThat(s.down()).isGreaterThan(0.3);
    assertThat(s.up()).isLessThan(before - 0.05);
    double mse = feed(s, g, -0.3, 0.6, 500, 500);
    assertThat(mse / (SD * SD)).isLessThan(1.10);
  }

  @Test
  void shouldBeAnAr1WhenTheSeriesIsSymmetric() {
    SignSplitRls s = new SignSplitRls(0.99, 10.0);
    feed(s, new ThresholdAr(3), -0.4, -0.4, 3000, 1);

    assertThat(s.up()).isCloseTo(-0.4, within(0.12));
    assertThat(s.down()).isCloseTo(-0.4, within(0.12));
  }

  @Test
  void shouldNotWindUpWithoutExcitation() {
    // Given 100,000 flat bars (zero returns carry no information; without the trace cap P would
    // grow as 0.99^-t and overflow)
    SignSplitRls s = new SignSplitRls(0.99, 10.0);
    for (int i = 0; i < 100_000; i++) {
      s.update(0.0, 0.0, SD);
    }

    // When one informative bar arrives (a down bar of 1 sd followed by half a sd down)
    s.update(-0.5 * SD, -SD, SD);

    // Then the fit moves by a bounded step toward the 0.5 it implies, not to infinity
    assertThat(s.down()).isBetween(0.3, 0.5);
    assertThat(s.up()).isZero();
    assertThat(s.predict(0.0, SD)).isZero();
    // and a crash bar of 1,000 sd is clipped to 8
    assertThat(Math.abs(s.predict(-1000 * SD, SD))).isLessThanOrEqualTo(8 * 0.5 * SD);
  }

  @Test
  void shouldRoundTripExactlyAfterQuantiseAndRefuseCorruptBytes() throws IOException {
    SignSplitRls a = new SignSplitRls(0.99, 10.0);
    feed(a, new ThresholdAr(4), 0.5, -0.2, 300, 1);
    a.quantise();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    a.writeCompact(new DataOutputStream(b));
    byte[] bytes = b.toByteArray();
    assertThat(bytes).hasSize(8);

    SignSplitRls c = new SignSplitRls(0.99, 10.0);
    c.readCompact(new DataInputStream(new ByteArrayInputStream(bytes)));
    assertThat(c.up()).isEqualTo(a.up());
    assertThat(c.down()).isEqualTo(a.down());
    for (double x : new double[] {0.0012, -0.0007}) {
      assertThat(c.predict(x, SD)).isEqualTo(a.predict(x, SD));
    }
    // the same state: the next updates agree bit for bit, and it writes the same bytes
    c.update(0.0004, 0.0012, SD);
    a.update(0.0004, 0.0012, SD);
    c.update(-0.0009, -0.0003, SD);
    a.update(-0.0009, -0.0003, SD);
    assertThat(c.up()).isEqualTo(a.up());
    assertThat(c.down()).isEqualTo(a.down());
    c.quantise();
    a.quantise();
    ByteArrayOutputStream b2 = new ByteArrayOutputStream();
    c.writeCompact(new DataOutputStream(b2));
    ByteArrayOutputStream b3 = new ByteArrayOutputStream();
    a.writeCompact(new DataOutputStream(b3));
    assertThat(b2.toByteArray()).isEqualTo(b3.toByteArray());

    // a P above its cap (log2 P/delta > 0), a coefficient beyond the range, or too few bytes
    byte[] wound = bytes.clone();
    wound[4] = 0x01;
    assertThatThrownBy(() -> new SignSplitRls(0.99, 10.0)
        .readCompact(new DataInputStream(new ByteArrayInputStream(wound))))
        .isInstanceOf(IOException.class).hasMessageContaining("SignSplitRls");
    byte[] huge = bytes.clone();
    huge[0] = 0x7f;
    huge[1] = (byte) 0xff;
    assertThatThrownBy(() -> new SignSplitRls(0.99, 10.0)
        .readCompact(new DataInputStream(new ByteArrayInputStream(huge))))
        .isInstanceOf(IOException.class);
    assertThatThrownBy(() -> new SignSplitRls(0.99, 10.0)
        .readCompact(new DataInputStream(new ByteArrayInputStream(new byte[7]))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRefuseBadConfiguration() {
    assertThatThrownBy(() -> new SignSplitRls(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignSplitRls(1.01, 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignSplitRls(0.99, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SignSplitRls(0.99, Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
