package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.training.FastSkip;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every parameter update a forecaster makes is reported in its {@link BarResult}s, the
 * catch-up's steps and head refits after a skill alarm included: the stream's step, rollback and
 * refit counters and the backtest's counts read nothing else.
 */
class StepReportingTest extends ModelTestBase {

  /**
   * The defaults without the fast skip: with it the LSTM re-learns this flip without a skill
   * alarm, so the catch-up whose reporting these tests check would not run.
   */
  private static final ForecasterConfig CATCHING_UP =
      ForecasterConfig.defaults().withFastSkip(FastSkip.off());

  /** An AR(1) whose coefficient flips from +0.6 to -0.6 after 1,200 bars (seeded). */
  private static final class Flip {
    private final Random rnd = new Random(1);
    private double close = 100;
    private double prev;
    private long end = 1_700_000_000_000L;
    private int t;

    Bar first() {
      return new Bar("SR", end - 60_000, end, close, close, close, close, 10, close, 10);
    }

    Bar next() {
      double r = (t++ < 1200 ? 0.6 : -0.6) * prev + 1e-3 * rnd.nextGaussian();
      prev = r;
      double open = close;
      close = open * Math.exp(r);
      Bar b = new Bar("SR", end, end + 60_000, open, Math.max(open, close),
          Math.min(open, close), close, 10, (open + close) / 2, 10);
      end += 60_000;
      return b;
    }
  }

  @Test
  void shouldReportTheCatchUpStepsAndRefitsBesideTheRegularSteps() {
    // Given the flipping AR(1) (the fast experts re-learn it first, the skill test alarms and
    // the LSTM catches up)
    SymbolForecaster f = SymbolForecaster.create("SR", CATCHING_UP);
    Flip flip = new Flip();
    f.onBar(flip.first());
    long applied = 0;
    long extraApplied = 0;
    long refits = 0;
    long refused = 0;
    long rolledBack = 0;
    long extraBars = 0;

    // When it sees 1,500 bars
    for (int t = 0; t < 1500; t++) {
      BarResult res = f.onBar(flip.next());
      applied += res.step() != null && !res.rolledBack() && !res.step().skipped() ? 1 : 0;
      extraApplied += res.extra().applied();
      refits += res.extra().refits();
      refused += res.extra().refitsRefused();
      rolledBack += res.rollbacks();
      extraBars += res.extra().tried() ? 1 : 0;
      if (res.extra().ran()) {
        assertThat(res.modelChanged()).isTrue();
      }
      if (res.extra().tried()) {
        assertThat(res.extra().nanos()).isPositive();
      }
    }

    // Then the catch-up ran after the flip (at the defaults a refit instead of steps), and the
    // reported steps and applied refits add up to the model's version
    assertThat(extraBars).isPositive();
    assertThat(refits + refused).isEqualTo(extraBars);
    assertThat(extraApplied).isZero();
    assertThat(applied + extraApplied + refits).isEqualTo(f.modelVersion());
    assertThat(rolledBack).isEqualTo(f.rollbacks());
  }

  @Test
  void shouldContinueIdenticallyAfterACodecRoundTripRightAfterAnAppliedRefit() {
    // Given a forecaster driven through the flip until its catch-up applies a head refit
    SymbolForecaster a = SymbolForecaster.create("SR", CATCHING_UP);
    Flip flip = new Flip();
    a.onBar(flip.first());
    boolean refitted = false;
    for (int t = 0; t < 1500 && !refitted; t++) {
      refitted = a.onBar(flip.next()).extra().refits() > 0;
    }
    assertThat(refitted).as("an applied refit within 1,500 bars").isTrue();

    // When it is encoded and restored right after that bar, and both see the same next bars
    SymbolForecaster b = SymbolForecaster.restore("SR", CATCHING_UP,
        a.fullState(), a.modelBytes());
    assertThat(b.modelBytes()).isEqualTo(a.modelBytes());
    for (int t = 0; t < 60; t++) {
      Bar bar = flip.next();
      BarResult ra = a.onBar(bar);
      BarResult rb = b.onBar(bar);

      // Then their forecasts and model records stay identical
      assertThat(rb.forecast()).isEqualTo(ra.forecast());
      assertThat(b.modelBytes()).isEqualTo(a.modelBytes());
    }
    assertThat(b.modelVersion()).isEqualTo(a.modelVersion());
  }
}
