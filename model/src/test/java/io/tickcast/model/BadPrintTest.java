package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tickcast.model.domain.Forecast;
import io.tickcast.model.fixtures.BarFeed;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A bad print on the production forecaster at its defaults: one bar closes at 1000× the price and
 * the next is back (a fat finger, a feed error). Its two returns (±6.9 in log, thousands of
 * sigmas) must not take over the scale estimators the forecasts are built on: before the return
 * was winsorised the published mean reached ≈ 1,000 sigmas within 10 bars and the published
 * sigma stayed above 10 sigmas for ≈ 760 bars.
 */
class BadPrintTest extends ModelTestBase {

  private static final double SIGMA = 1e-3;

  @Test
  void aBadPrintDoesNotThrowThePublishedForecastAround() {
    SymbolForecaster f = SymbolForecaster.create("BAD", ForecasterConfig.defaults());
    BarFeed feed = new BarFeed("BAD", 100);
    f.onBar(feed.first());
    Random rnd = new Random(11);
    int before = 1500;
    int after = 600;
    double prev = 0;
    double maxMean = 0;
    double[] sigma = new double[after - 100];
    double print = Math.log(1000);
    for (int t = 0; t < before + 2 + after; t++) {
      double r;
      if (t == before) {
        r = print; // the bad print
      } else if (t == before + 1) {
        r = -print; // back where it was
      } else {
        r = 0.5 * prev + SIGMA * rnd.nextGaussian();
        prev = r;
      }
      BarResult res = f.onBar(feed.next(r));
      if (t == before || t == before + 1) {
        // Users' skill figures include the bad bars: the score sees the raw return, not the clip.
        assertThat(Math.abs(res.score().actualReturn())).isCloseTo(print, within(1e-9));
      }
      Forecast fc = res.forecast();
      int i = t - before - 2;
      if (i >= 0) {
        assertThat(fc.sigma()).isFinite().isPositive();
        maxMean = Math.max(maxMean, Math.abs(fc.predictedReturn()) / SIGMA);
        if (i >= 100) {
          sigma[i - 100] = fc.sigma() / SIGMA;
        }
      }
    }
    // The two clipped returns sit in the linear experts' lags for 5 bars and in the LSTM's
    // sequences for 32: a few sigmas of forecast, not thousands.
    assertThat(maxMean).as("largest |published mean| after the print, in sigmas")
        .isLessThan(20);
    Arrays.sort(sigma);
    assertThat(sigma[sigma.length / 2]).as("median published sigma 100-600 bars after, in sigmas")
        .isBetween(0.7, 2.0);
    assertThat(sigma[sigma.length - 1]).as("largest").isLessThan(4);
  }
}
