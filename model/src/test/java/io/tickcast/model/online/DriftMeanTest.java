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

class DriftMeanTest {

  @Test
  void shouldForecastTheEwMeanOfScaledReturnsTimesTheScaleWhenUnshrunk() {
    DriftMean d = new DriftMean(10, 0);
    double alpha = 1 - Math.pow(0.5, 0.1);
    double m = 0;
    SplittableRandom rnd = new SplittableRandom(1);
    for (int i = 0; i < 100; i++) {
      double r = 0.002 + 0.01 * rnd.nextGaussian();
      d.update(r, 0.01);
      m += alpha * (r / 0.01 - m);
    }
    assertThat(d.mean()).isCloseTo(m, within(1e-12));
    assertThat(d.predict(0.02)).isCloseTo(m * 0.02, within(1e-14));
  }

  @Test
  void shouldStayAtZeroWithinTheThresholdAndPassTheExcessBeyondIt() {
    // Half-life 1 bar: α = 0.5, standard error √(α/(2−α)) = √(1/3); threshold 2 se = 1.155
    DriftMean d = new DriftMean(1, 2);
    d.update(2.0, 1.0);   // mean 1.0: inside the threshold
    assertThat(d.predict(1.0)).isZero();
    d.update(3.0, 1.0);   // mean 2.0
    assertThat(d.predict(1.0)).isCloseTo(2.0 - 2 * Math.sqrt(1.0 / 3), within(1e-12));
    DriftMean neg = new DriftMean(1, 2);
    neg.update(-6.0, 1.0); // mean −3.0
    assertThat(neg.predict(0.5)).isCloseTo(-(3.0 - 2 * Math.sqrt(1.0 / 3)) * 0.5, within(1e-12));
  }

  @Test
  void shouldMoveByAtMostAlphaTimesTheClipOnAnOutlier() {
    DriftMean d = new DriftMean(200, 0);
    d.update(1000.0, 0.001);
    assertThat(d.mean()).isCloseTo(RlsAr.alpha(200) * RlsAr.CLIP, within(1e-15));
  }

  @Test
  void shouldRoundTripExactlyAfterQuantiseAndRejectACorruptMean() throws IOException {
    DriftMean d = new DriftMean(200, 0);
    SplittableRandom rnd = new SplittableRandom(2);
    for (int i = 0; i < 500; i++) {
      d.update(0.001 * rnd.nextGaussian() + 0.0002, 0.001);
      d.quantise();
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    d.writeCompact(new DataOutputStream(b));
    assertThat(b.size()).isEqualTo(4);
    DriftMean e = new DriftMean(200, 0);
    e.readCompact(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
    assertThat(e.mean()).isEqualTo(d.mean());
    assertThat(e.predict(0.001)).isEqualTo(d.predict(0.001));

    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    new DataOutputStream(bad).writeFloat(Float.NaN);
    assertThatThrownBy(() -> new DriftMean(200, 0).readCompact(
        new DataInputStream(new ByteArrayInputStream(bad.toByteArray()))))
        .isInstanceOf(IOException.class);
  }

  @Test
  void shouldRejectABadConfiguration() {
    assertThatThrownBy(() -> new DriftMean(0.5, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new DriftMean(100, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
