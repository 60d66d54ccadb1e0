package io.tickcast.model.online;

import static org.assertj.core.api.Assertions.assertThat;

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
}
