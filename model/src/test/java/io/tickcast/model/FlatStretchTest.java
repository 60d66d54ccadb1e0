package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A market that goes flat (hundreds of bars of zero return: closed, illiquid) and then resumes,
 * on the production forecaster at its defaults. During the flat stretch the LSTM's loss level
 * falls far below its usual one; once activity resumes every batch loss looks like an explosion
 * to the divergence guard. The forecaster must keep learning (not refuse every step from then
 * on) and its own sigma must come back to the scale of the returns.
 */
class FlatStretchTest extends ModelTestBase {

  private static final double SIGMA = 1e-3;
  private static final long BAR_MS = 60_000L;

  @Test
  void learningResumesAndSigmaRecoversAfterAFlatStretch() {
    SymbolForecaster f = SymbolForecaster.create("FLAT", ForecasterConfig.defaults());
    Random rnd = new Random(5);
    double close = 100;
    long end = 1_700_000_000_000L;
    f.onBar(new Bar("FLAT", end - BAR_MS, end, close, close, close, close, 10, close, 10));
    int active = 1500;
    int flat = 500;
    int resumed = 1500;
    double prev = 0;
    long rollbacksAtResume = 0;
    double[] sigmaRatio = new double[500];
    for (int t = 0; t < active + flat + resumed; t++) {
      boolean isFlat = t >= active && t < active + flat;
      double r = isFlat ? 0 : 0.5 * prev + SIGMA * rnd.nextGaussian();
      prev = r;
      if (t == active + flat) {
        rollbacksAtResume = f.rollbacks();
      }
      double open = close;
      close = open * Math.exp(r);
      double widen = Math.exp(0.25 * Math.abs(r));
      Forecast fc = f.onBar(new Bar("FLAT", end, end + BAR_MS, open,
          Math.max(open, close) * widen, Math.min(open, close) / widen, close, 10,
          (open + close) / 2, 10)).forecast();
      end += BAR_MS;
      int i = t - (active + flat + resumed - sigmaRatio.length);
      if (i >= 0) {
        sigmaRatio[i] = fc.modelSigma() / SIGMA;
      }
    }
    // 375 steps after the flat stretch (one every 4 bars): without re-baselining the guard
    // refused nearly all of them; now a run of DivergenceGuard.PERSISTENT refusals, then capped
    // folds until the threshold reaches the new loss level.
    assertThat(f.rollbacks() - rollbacksAtResume).isLessThan(60);
    Arrays.sort(sigmaRatio);
    assertThat(sigmaRatio[sigmaRatio.length / 2]).isBetween(0.5, 2.0);
    assertThat(sigmaRatio[sigmaRatio.length / 100]).isGreaterThan(0.2);
  }
}
