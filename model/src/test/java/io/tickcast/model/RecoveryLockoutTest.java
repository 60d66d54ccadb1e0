package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.BarFeed;
import io.tickcast.model.training.FastSkip;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A symbol that was dead (constant price) for its first 2,000 bars, then trades as an AR(1) that
 * flips sign after 3,000 bars, against the same market without the dead start. The drift alarm
 * when trading starts measures recovery against the dead market's error level, which the active
 * one never gets back to; the monitor must not stay "recovering" for ever, since that shuts
 * the catch-up (head refit) for the rest of the symbol's life: the flip must still be answered
 * and the LSTM recover about as fast as without the dead start. The fast skip is off: with it the
 * LSTM re-learns this flip without a skill alarm, so the catch-up this test drives never runs.
 */
class RecoveryLockoutTest {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryLockoutTest.class);
  private static final int BEFORE = 3_000;
  private static final int AFTER = 2_500;

  /** {LSTM recovery bars after the flip, catch-ups after the flip, bars since drift at the end}. */
  private static long[] run(int deadBars) {
    SymbolForecaster f = SymbolForecaster.create("LOCK",
        ForecasterConfig.defaults().withFastSkip(FastSkip.off()));
    BarFeed feed = new BarFeed("LOCK", 100);
    f.onBar(feed.first());
    for (int t = 0; t < deadBars; t++) {
      f.onBar(feed.flat());
    }
    Random rnd = new Random(1_000_003L);
    int n = BEFORE + AFTER;
    double[] m = new double[n];
    double[] lstm = new double[n];
    double prev = 0;
    Forecast last = null;
    long catchUps = 0;
    for (int t = 0; t < n; t++) {
      m[t] = (t < BEFORE ? 0.6 : -0.6) * prev;
      double r = m[t] + 1e-3 * rnd.nextGaussian();
      prev = r;
      lstm[t] = last == null ? 0 : last.modelReturn();
      BarResult res = f.onBar(feed.next(r));
      if (t >= BEFORE && res.extra().tried()) {
        catchUps++;
      }
      last = res.forecast() == null ? last : res.forecast();
    }
    long recovery = -1;
    for (int d = 0; BEFORE + d + 200 <= n && recovery < 0; d++) {
      double err = 0;
      double gain = 0;
      for (int t = BEFORE + d; t < BEFORE + d + 200; t++) {
        err += (lstm[t] - m[t]) * (lstm[t] - m[t]);
        gain += m[t] * m[t];
      }
      recovery = 1 - err / gain >= 0.5 ? d : -1;
    }
    return new long[] {recovery, catchUps, f.barsSinceDrift()};
  }

  @Test
  void aDeadStartDoesNotShutTheCatchUpForGood() {
    long[] control = run(0);
    long[] dead = run(2_000);
    LOG.info("LOCKOUT control: LSTM recovery {} bars, {} catch-ups; dead start: {} bars, {}"
        + " catch-ups, bars since drift at the end {}", control[0], control[1], dead[0], dead[1],
        dead[2]);
    assertThat(control[1]).as("catch-ups after the flip, control").isPositive();
    assertThat(dead[1]).as("catch-ups after the flip, dead start").isPositive();
    assertThat(dead[0]).as("LSTM recovery after the flip, dead start")
        .isBetween(0L, 2 * control[0] + 10);
  }
}
