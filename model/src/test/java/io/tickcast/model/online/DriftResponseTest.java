package io.tickcast.model.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftResponseTest {

  @Test
  void shouldBoostThenDecayTheLearningRateAndRegrowTheReplayWindow() {
    DriftResponse d = new DriftResponse(4, 50, true, 32);
    assertThat(d.lrMultiplier()).isEqualTo(1.0);
    assertThat(d.replayHorizon(512)).isEqualTo(512);
    assertThat(d.takeMomentReset()).isFalse();
    d.onAlarm();
    assertThat(d.lrMultiplier()).isEqualTo(4.0);
    assertThat(d.replayHorizon(512)).isEqualTo(32);
    assertThat(d.takeMomentReset()).isTrue();
    assertThat(d.takeMomentReset()).isFalse();
    for (int i = 0; i < 50; i++) {
      d.onBar();
    }
    assertThat(d.lrMultiplier()).isCloseTo(2.5, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(d.replayHorizon(512)).isEqualTo(50);
    for (int i = 0; i < 1000; i++) {
      d.onBar();
    }
    assertThat(d.lrMultiplier()).isLessThan(1.001);
    assertThat(d.replayHorizon(512)).isEqualTo(512);
    assertThat(d.barsSinceAlarm()).isEqualTo(1050);
  }

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
