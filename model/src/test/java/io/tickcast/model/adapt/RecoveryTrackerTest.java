package io.tickcast.model.adapt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecoveryTrackerTest {

  @Test
  void shouldCountBarsUntilTheRollingErrorIsBackWithinToleranceOfThePreDriftLevel() {
    // Given a long calm stretch at level 1.0
    RecoveryTracker t = new RecoveryTracker(10, 0.10);
    for (int i = 0; i < 100; i++) {
      assertThat(t.add(1.0)).isEqualTo(-1);
    }
    // and a shift to level 4 that the detector flags after 5 bars
    for (int i = 0; i < 5; i++) {
      t.add(4.0);
    }
    t.drift();
    // the normal level is an EMA, so the 5 pre-alarm bars lift it a little above 1
    double level = t.preDriftLevel();
    assertThat(level).isBetween(1.0, 1.5);
    // When errors stay high for 20 bars, then return to 1.0
    for (int i = 0; i < 20; i++) {
      assertThat(t.add(4.0)).isEqualTo(-1);
    }
    long recovered = -1;
    int bars = 20;
    while (recovered < 0 && bars < 200) {
      recovered = t.add(1.0);
      bars++;
    }
    // Then recovery completes after the first k good bars with (k*1 + (10-k)*4)/10 <= 1.1 * level
    int k = 0;
    while ((k + (10 - k) * 4.0) / 10 > 1.1 * level) {
      k++;
    }
    assertThat(recovered).isEqualTo(20L + k);
    assertThat(t.recovering()).isFalse();
  }

  @Test
  void shouldRoundTrip() throws Exception {
    RecoveryTracker t = new RecoveryTracker(10, 0.1);
    for (int i = 0; i < 30; i++) {
      t.add(i % 3);
    }
    t.drift();
    var bytes = new java.io.ByteArrayOutputStream();
    t.writeTo(new java.io.DataOutputStream(bytes));
    RecoveryTracker u = RecoveryTracker.readFrom(new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(bytes.toByteArray())), 10, 0.1);
    for (int i = 0; i < 30; i++) {
      assertThat(u.add(0.5)).isEqualTo(t.add(0.5));
    }
    assertThat(u.rollingMean()).isEqualTo(t.rollingMean());
  }

  @Test
  void shouldContinueExactlyAfterARestoreWhateverTheValues() throws Exception {
    // Given a tracker that has seen fewer values than its window, none exact in float (the
    // forecaster's standardised squared errors), restored from its bytes
    RecoveryTracker live = new RecoveryTracker(50, 0.1);
    for (int i = 0; i < 35; i++) {
      live.add(1.0 / 3 + 0.1 * i);
    }
    RecoveryTracker restored = roundTrip(live);
    assertThat(restored.rollingMean()).isEqualTo(live.rollingMean());

    // When an early alarm takes the pre-drift level from the rolling window and both go on
    live.drift();
    restored.drift();

    // Then the level, the rolling mean and the recovery bar are the same, and so are the bytes
    assertThat(restored.preDriftLevel()).isEqualTo(live.preDriftLevel());
    for (int i = 0; i < 100; i++) {
      double x = 9.0 / (i + 1) + 0.7;
      assertThat(restored.add(x)).as("add %d", i).isEqualTo(live.add(x));
      assertThat(restored.rollingMean()).isEqualTo(live.rollingMean());
    }
    assertThat(bytes(restored)).isEqualTo(bytes(live));
  }

  private static RecoveryTracker roundTrip(RecoveryTracker t) throws Exception {
    return RecoveryTracker.readFrom(new java.io.DataInputStream(
        new java.io.ByteArrayInputStream(bytes(t))), 50, 0.1);
  }

  private static byte[] bytes(RecoveryTracker t) throws Exception {
    var out = new java.io.ByteArrayOutputStream();
    t.writeTo(new java.io.DataOutputStream(out));
    return out.toByteArray();
  }

  @Test
  void shouldStopRecoveringWhenTheNewLevelNeverComesBack() {
    // Given a calm level of 0.5 (e.g. a market that did not move), then an alarm
    RecoveryTracker t = new RecoveryTracker(10, 0.10);
    for (int i = 0; i < 100; i++) {
      t.add(0.5);
    }
    for (int i = 0; i < 3; i++) {
      t.add(3.0);
    }
    t.drift();
    // When the error settles at 1.0 for good, well above the old level (≈ 0.7 with those bars)
    long recovered = -1;
    int bars = 0;
    while (t.recovering() && bars < 10_000) {
      recovered = Math.max(recovered, t.add(1.0));
      bars++;
    }
    // Then no recovery is reported, but after GIVE_UP_WINDOWS windows it stops recovering
    assertThat(recovered).isEqualTo(-1);
    assertThat(bars).isEqualTo(RecoveryTracker.GIVE_UP_WINDOWS * 10);
    assertThat(t.barsSinceDrift()).isEqualTo(-1);
    // and the normal level then follows the new regime: a later alarm is recovered from
    for (int i = 0; i < 500; i++) {
      t.add(1.0);
    }
    t.drift();
    for (int i = 0; i < 5; i++) {
      t.add(3.0);
    }
    long again = -1;
    for (int i = 0; i < 50 && again < 0; i++) {
      again = t.add(1.0);
    }
    assertThat(again).isBetween(6L, 20L);
  }
}
