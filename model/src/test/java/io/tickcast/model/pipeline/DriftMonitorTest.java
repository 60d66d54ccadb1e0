package io.tickcast.model.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.ForecasterConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DriftMonitorTest {

  private static final ForecasterConfig CFG = ForecasterConfig.defaults();
  private static final double SIGMA = 0.01;
  private static final int SWITCH = 400;

  /**
   * Returns N(0, σ); the LSTM always forecasts 0 (so its error, and the error test's input, has
   * the same distribution throughout); the linear expert forecasts 0 too until {@link #SWITCH},
   * then {@code linearGain}·r (a linear expert that has learnt something the LSTM has not).
   * Returns the bars (counted from 0) on which an alarm was raised.
   */
  private static int[] alarms(DriftMonitor m, double linearGain, boolean withLinear, int bars) {
    Random rnd = new Random(7);
    int[] at = new int[bars];
    int n = 0;
    for (int t = 0; t < bars; t++) {
      double r = SIGMA * rnd.nextGaussian();
      double linear = !withLinear ? Double.NaN : t < SWITCH ? 0 : linearGain * r;
      if (m.observe(r, new Prediction(0, SIGMA, 0, SIGMA), linear).drift()) {
        at[n++] = t;
      }
    }
    return Arrays.copyOf(at, n);
  }

  @Test
  void shouldAlarmSoonAfterTheLinearExpertStartsBeatingTheLstm() {
    // Given an LSTM whose error level never changes, and a linear expert that becomes better by
    // about 0.9 of a variance per bar at bar 400
    DriftMonitor m = DriftMonitor.fresh(CFG);

    // When the monitor sees 800 bars
    int[] alarms = alarms(m, 0.7, true, 800);

    // Then the skill test alarms once, within 2·λ/(0.9 − δ) bars of the switch (the running mean
    // since the start damps it), and never before the switch
    assertThat(alarms).hasSizeGreaterThanOrEqualTo(1);
    assertThat(alarms[0]).isBetween(SWITCH, SWITCH
        + (int) (2 * DriftMonitor.SKILL_LAMBDA / (0.9 - DriftMonitor.SKILL_DELTA)));
    assertThat(m.drifts()).isEqualTo(alarms.length);
  }

  @Test
  void shouldTellWhichTestRaisedTheAlarm() {
    // Given one monitor whose LSTM error stays put while the fast path gets better at bar 400,
    // and one without a fast forecast whose LSTM error grows fivefold at bar 400
    DriftMonitor bySkill = DriftMonitor.fresh(CFG);
    DriftMonitor byError = DriftMonitor.fresh(CFG);
    Random rnd = new Random(7);
    DriftMonitor.Signal firstSkill = null;
    DriftMonitor.Signal firstError = null;

    // When each sees 800 bars
    for (int t = 0; t < 800; t++) {
      double r = SIGMA * rnd.nextGaussian();
      DriftMonitor.Signal s = bySkill.observe(r, new Prediction(0, SIGMA, 0, SIGMA),
          t < SWITCH ? 0 : 0.7 * r);
      firstSkill = firstSkill == null && s.drift() ? s : firstSkill;
      double off = t < SWITCH ? 0 : 5 * SIGMA;
      DriftMonitor.Signal e = byError.observe(r, new Prediction(off, SIGMA, 0, SIGMA), Double.NaN);
      firstError = firstError == null && e.drift() ? e : firstError;
    }

    // Then the first alarms say which test raised them
    assertThat(firstSkill).isNotNull();
    assertThat(firstSkill.skill()).isTrue();
    assertThat(firstError).isNotNull();
    assertThat(firstError.skill()).isFalse();
  }

  @Test
  void shouldNotAlarmWithoutTheLinearForecastOrWhenTheLstmIsTheBetterOne() {
    // Given the same series without a linear forecast (NaN), and with a linear expert that
    // becomes WORSE than the LSTM at bar 400
    DriftMonitor none = DriftMonitor.fresh(CFG);
    DriftMonitor worse = DriftMonitor.fresh(CFG);

    // When each sees 800 bars
    // Then neither alarms: the error test sees a stationary error, the skill test a decrease
    assertThat(alarms(none, 0.7, false, 800)).isEmpty();
    assertThat(alarms(worse, -1.0, true, 800)).isEmpty();
  }

  @Test
  void shouldRestoreTheSkillTestExactlyAndMigrateAPartWithoutIt() throws IOException {
    // Given a monitor 420 bars into the scenario (the skill test is accumulating evidence)
    DriftMonitor m = DriftMonitor.fresh(CFG);
    alarms(m, 0.7, true, SWITCH + 20);
    byte[] bytes = bytes(m);

    // When it is restored, and when the same part is read without its last 10 bytes (the
    // previous release's layout, which had no skill test)
    DriftMonitor copy = read(bytes);
    DriftMonitor migrated = read(Arrays.copyOf(bytes, bytes.length - 10));

    // Then the copy writes the same bytes and raises the same alarms from here on as the monitor
    // that never went through the store (the skill test is quantised to its stored precision on
    // every bar, so in-memory and restored state cannot drift apart), ending in the same bytes
    DriftMonitor control = read(bytes);
    assertThat(bytes(copy)).isEqualTo(bytes);
    assertThat(alarmsFrom(copy)).containsExactly(alarmsFrom(m));
    assertThat(bytes(copy)).isEqualTo(bytes(m));
    // (and the stream goes on after the restore: the bytes moved)
    alarmsFrom(control);
    assertThat(bytes(control)).isEqualTo(bytes(m)).isNotEqualTo(bytes);
    // and the migrated one keeps the error test, recovery and drift count, with a fresh skill test
    assertThat(migrated.drifts()).isEqualTo(m.drifts());
    byte[] migratedBytes = bytes(migrated);
    assertThat(Arrays.copyOf(migratedBytes, bytes.length - 10))
        .isEqualTo(Arrays.copyOf(bytes, bytes.length - 10));
    assertThat(Arrays.copyOfRange(migratedBytes, bytes.length - 10, bytes.length))
        .isEqualTo(new byte[10]);
  }

  /** Alarms of a restored monitor over the next 300 bars of a linear-better stream. */
  private static int[] alarmsFrom(DriftMonitor m) {
    Random rnd = new Random(11);
    int[] at = new int[300];
    int n = 0;
    for (int t = 0; t < 300; t++) {
      double r = SIGMA * rnd.nextGaussian();
      if (m.observe(r, new Prediction(0, SIGMA, 0, SIGMA), 0.7 * r).drift()) {
        at[n++] = t;
      }
    }
    return Arrays.copyOf(at, n);
  }

  private static byte[] bytes(DriftMonitor m) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      m.writeTo(out);
    }
    return b.toByteArray();
  }

  private static DriftMonitor read(byte[] b) throws IOException {
    return DriftMonitor.readFrom(new DataInputStream(new ByteArrayInputStream(b)), CFG);
  }
}
