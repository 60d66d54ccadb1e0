package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every optimizer step a forecaster takes is reported in its {@link BarResult}s, the catch-up
 * steps after a skill alarm included: the stream's step and rollback counters and the
 * backtest's rollback count read nothing else.
 */
class StepReportingTest extends ModelTestBase {

  @Test
  void shouldReportTheCatchUpStepsBesideTheRegularOnes() {
    // Given an AR(1) whose coefficient flips from +0.6 to -0.6 after 1,200 bars (the fast
    // experts re-learn it first, the skill test alarms and the LSTM catches up)
    SymbolForecaster f = SymbolForecaster.create("SR", ForecasterConfig.defaults());
    Random rnd = new Random(1);
    double close = 100;
    double prev = 0;
    long end = 1_700_000_000_000L;
    f.onBar(new Bar("SR", end - 60_000, end, close, close, close, close, 10, close, 10));
    long applied = 0;
    long extraApplied = 0;
    long rolledBack = 0;
    long extraBars = 0;

    // When it sees 1,500 bars
    for (int t = 0; t < 1500; t++) {
      double r = (t < 1200 ? 0.6 : -0.6) * prev + 1e-3 * rnd.nextGaussian();
      prev = r;
      double open = close;
      close = open * Math.exp(r);
      BarResult res = f.onBar(new Bar("SR", end, end + 60_000, open, Math.max(open, close),
          Math.min(open, close), close, 10, (open + close) / 2, 10));
      end += 60_000;
      applied += res.step() != null && !res.rolledBack() && !res.step().skipped() ? 1 : 0;
      extraApplied += res.extra().applied();
      rolledBack += res.rollbacks();
      extraBars += res.extra().ran() ? 1 : 0;
      if (res.extra().ran()) {
        assertThat(res.modelChanged()).isTrue();
        assertThat(res.extra().nanos()).isPositive();
      }
    }

    // Then the catch-up ran after the flip, and the reported steps add up to the model's
    assertThat(extraBars).isPositive();
    assertThat(applied + extraApplied).isEqualTo(f.modelVersion());
    assertThat(rolledBack).isEqualTo(f.rollbacks());
  }
}
