package io.tickcast.model.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryTrackerTest {

  @Test
  void shouldCountBarsUntilTheRatioIsBackWithinTolerance() {
    RecoveryTracker t = new RecoveryTracker(10, 0.10);
    for (int i = 0; i < 20; i++) {
      assertThat(t.add(0.8, 1.0)).isEqualTo(-1);
    }
    t.drift();
    assertThat(t.preDriftRatio()).isEqualTo(0.8, org.assertj.core.data.Offset.offset(1e-12));
    // a bad patch: model error twice naive's, for 5 bars
    for (int i = 0; i < 5; i++) {
      assertThat(t.add(2.0, 1.0)).isEqualTo(-1);
    }
    // then good again: the window must flush the bad bars before the ratio is back under 0.88
    long recovered = -1;
    int bars = 5;
    while (recovered < 0 && bars < 100) {
      recovered = t.add(0.7, 1.0);
      bars++;
    }
    // ratio = (k*0.7 + (10-k)*2)/10 <= 0.88  =>  k >= 8.6 → 9 good bars → 14 bars after drift
    assertThat(recovered).isEqualTo(14);
    assertThat(t.recovering()).isFalse();
  }
}
