package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseScaleDriftTest {

  @Test
  void shouldAlarmWhenTheNoiseScaleCollapsesButNotOnNoise() {
    NoiseScaleDrift d = new NoiseScaleDrift(3, 50, 4, 20);
    Random rnd = new Random(9);
    int falseAlarms = 0;
    for (int i = 0; i < 2000; i++) {
      // B_simple fluctuating by a factor ~2 around 30
      falseAlarms += d.add(30 * Math.exp(0.7 * rnd.nextGaussian())) ? 1 : 0;
    }
    assertThat(falseAlarms).isZero();
    int delay = -1;
    for (int i = 0; i < 100 && delay < 0; i++) {
      if (d.add(1 * Math.exp(0.7 * rnd.nextGaussian()))) {
        delay = i + 1;
      }
    }
    assertThat(delay).isBetween(1, 15);
  }
}
