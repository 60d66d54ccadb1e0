package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.BarFeed;
import io.tickcast.model.fixtures.TwinRun;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A bad print on the production forecaster at its defaults: one bar closes at 1000× the price and
 * the next is back (a fat finger, a feed error). Its two returns (±6.9 in log, thousands of
 * sigmas) must not take over the scale estimators the forecasts are built on: before the return
 * was winsorised the published mean reached ≈ 1,000 sigmas within 10 bars and the published
 * sigma stayed above 10 sigmas for ≈ 760 bars.
 */
class BadPrintTest extends ModelTestBase {

  private static final double SIGMA = 1e-3;
  private static final int AFTER = 600;
  private static final double PRINT = Math.log(1000);

  /**
   * The forecasts after the print, in true sigmas: largest |published mean| and |LSTM mean|,
   * largest published sigma, median and largest published sigma 100–600 bars after; and how
   * many of the two bad bars were scored against their raw return.
   */
  private record After(double maxMean, double maxLstmMean, double maxSigma, double median,
      double largest, int scoredRaw) {}

  /**
   * AR(1) bars (φ 0.5, sd {@link #SIGMA}) through a {@link TwinRun}; the print on bar
   * {@code bar}, the seed being bar 1.
   */
  private static After print(int bar, long seed) {
    // Rebuilt from its stores every 97 bars: the clip must be a function of the persisted state.
    TwinRun run = new TwinRun("BAD", ForecasterConfig.defaults(), 97);
    BarFeed feed = new BarFeed("BAD", 100);
    run.feed(feed.first());
    Random rnd = new Random(seed);
    int at = bar - 2; // t = 0 is bar 2
    double prev = 0;
    double maxMean = 0;
    double maxLstmMean = 0;
    double maxSigma = 0;
    int scoredRaw = 0;
    double[] sigma = new double[AFTER - 100];
    for (int t = 0; t < at + 2 + AFTER; t++) {
      double r;
      if (t == at || t == at + 1) {
        r = t == at ? PRINT : -PRINT; // the bad print, then back where it was
      } else {
        r = 0.5 * prev + SIGMA * rnd.nextGaussian();
        prev = r;
      }
      BarResult res = run.feed(feed.next(r));
      if ((t == at || t == at + 1) && res.score() != null) {
        // Users' skill figures include the bad bars: the score sees the raw return, not the clip.
        assertThat(Math.abs(res.score().actualReturn())).isCloseTo(PRINT, within(1e-9));
        scoredRaw++;
      }
      Forecast fc = res.forecast();
      int i = t - at - 2;
      if (i >= 0 && fc != null) {
        assertThat(fc.sigma()).isFinite().isPositive();
        maxMean = Math.max(maxMean, Math.abs(fc.predictedReturn()) / SIGMA);
        maxLstmMean = Math.max(maxLstmMean, Math.abs(fc.modelReturn()) / SIGMA);
        maxSigma = Math.max(maxSigma, fc.sigma() / SIGMA);
        if (i >= 100) {
          sigma[i - 100] = fc.sigma() / SIGMA;
        }
      }
    }
    Arrays.sort(sigma);
    return new After(maxMean, maxLstmMean, maxSigma, sigma[sigma.length / 2],
        sigma[sigma.length - 1], scoredRaw);
  }

  @Test
  void aBadPrintDoesNotThrowThePublishedForecastAround() {
    After a = print(1502, 11);
    assertThat(a.scoredRaw()).as("bad bars scored against the raw return").isEqualTo(2);
    // The two clipped returns sit in the linear experts' lags for 5 bars and in the LSTM's
    // sequences for 32: a few sigmas of forecast, not thousands.
    assertThat(a.maxMean()).as("largest |published mean| after the print, in sigmas")
        .isLessThan(20);
    assertThat(a.median()).as("median published sigma 100-600 bars after, in sigmas")
        .isBetween(0.7, 2.0);
    assertThat(a.largest()).as("largest").isLessThan(4);
  }

  /**
   * The same print on a symbol's 5th bar (its 4th return: RiskMetrics is still its first square
   * and cannot be the scale alone) and on its 14th. Before the warm-up clip the return went in
   * unclipped (probe, prints on the 6th and 14th bar, two seeds): the published sigma reached
   * ≈ 900–1,200× the true one and stayed more than 25 % off a clean run's for ≈ 1,000 bars, the
   * LSTM's mean reached 106–143 sigmas, the published mean 29 (14th bar); here the LSTM's mean
   * reached 113 sigmas (5th bar) and the published mean 27.7 (14th).
   */
  @ParameterizedTest(name = "print on bar {0}")
  @ValueSource(ints = {5, 14})
  void aBadPrintAmongTheFirstBarsIsClippedToo(int bar) {
    After a = print(bar, 12);
    assertThat(a.maxMean()).as("largest |published mean| after the print, in sigmas")
        .isLessThan(10);
    assertThat(a.maxLstmMean()).as("largest |LSTM mean| after the print, in sigmas")
        .isLessThan(10);
    assertThat(a.maxSigma()).as("largest published sigma after the print, in sigmas")
        .isLessThan(20);
    assertThat(a.median()).as("median published sigma 100-600 bars after, in sigmas")
        .isBetween(0.7, 2.0);
    // No forecast exists yet this early, so nothing is scored on the bad bars (scoredRaw 0);
    // a scored bad bar would still be checked against the raw return inside print().
    assertThat(a.scoredRaw()).as("bad bars scored this early").isZero();
  }
}
