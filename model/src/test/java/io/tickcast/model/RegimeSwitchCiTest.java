package io.tickcast.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.online.RlsAr;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CI-sized regime-switch test of issue 10 on the production {@link SymbolForecaster} at its
 * default configuration (moved from the bench's prototype test): a seeded AR(1) sign flip, φ =
 * +0.6 → −0.6 → +0.6, 2,500 bars per regime after 500 bars of burn-in, noise sd 1e-3. Scores
 * against the generator's oracle mean m (as in the bench regime suite, {@code bench/README.md}):
 * efficiency over bars [a, b) = 1 − Σ(f − m)² / Σ m² (oracle 1, naive 0); recovery after a flip
 * = bars until the next 200 forecasts reach efficiency 0.5; steady = efficiency over a regime's
 * last third. The PUBLISHED forecast (the experts' mix) must recover within 300 bars of each
 * flip and hold 0.6 in every regime. The LSTM expert alone must recover within 4× the RLS
 * anchor's bars (floored at 25, so 100 at least) and 600, computed in the same run: the
 * aggregation must not be the only thing that adapts (issue 10).
 */
class RegimeSwitchCiTest {

  private static final Logger LOG = LoggerFactory.getLogger(RegimeSwitchCiTest.class);
  private static final int BURN_IN = 500;
  private static final int REGIME = 2500;
  private static final double PHI = 0.6;
  private static final double SIGMA = 1e-3;
  private static final long BAR_MS = 60_000L;

  @Test
  void publishedForecastAndTheLstmAloneRecoverAfterEachFlip() {
    int n = BURN_IN + 3 * REGIME;
    double[] r = new double[n];
    double[] m = new double[n];
    Random rnd = new Random(1_000_003L);
    for (int t = 0; t < n; t++) {
      int regime = t < BURN_IN + REGIME ? 0 : t < BURN_IN + 2 * REGIME ? 1 : 2;
      double prev = t == 0 ? 0 : r[t - 1];
      m[t] = (regime == 1 ? -PHI : PHI) * prev;
      r[t] = m[t] + SIGMA * rnd.nextGaussian();
    }

    // Feed bars built from the returns; the forecast made after bar t-1 predicts r[t].
    SymbolForecaster f = SymbolForecaster.create("CI", ForecasterConfig.defaults());
    double close = 100;
    long end = 1_700_000_000_000L;
    f.onBar(new Bar("CI", end - BAR_MS, end, close, close, close, close, 10, close, 10));
    double[] pub = new double[n];
    double[] lstm = new double[n];
    double[] anchor = new double[n];
    RlsAr rls = new RlsAr(5, 0.99, 10.0, 250, 100);
    Forecast last = null;
    for (int t = 0; t < n; t++) {
      pub[t] = last == null ? 0 : last.predictedReturn();
      lstm[t] = last == null ? 0 : last.modelReturn();
      anchor[t] = rls.predict();
      rls.update(r[t]);
      double open = close;
      close = open * Math.exp(r[t]);
      double widen = Math.exp(0.25 * Math.abs(r[t]));
      Bar bar = new Bar("CI", end, end + BAR_MS, open, Math.max(open, close) * widen,
          Math.min(open, close) / widen, close, 10, (open + close) / 2, 10);
      end += BAR_MS;
      Forecast fc = f.onBar(bar).forecast();
      if (fc != null) {
        last = fc;
      }
    }

    int[] flips = {BURN_IN + REGIME, BURN_IN + 2 * REGIME};
    int[] starts = {BURN_IN, flips[0], flips[1]};
    int[] anchorRec = {recovery(anchor, m, flips[0], flips[1]), recovery(anchor, m, flips[1], n)};
    LOG.info("REGIME CI rls anchor: recovery {} / {} bars", anchorRec[0], anchorRec[1]);
    for (String name : new String[] {"published", "lstm"}) {
      double[] x = name.equals("published") ? pub : lstm;
      int rec1 = recovery(x, m, flips[0], flips[1]);
      int rec2 = recovery(x, m, flips[1], n);
      double[] steady = new double[3];
      for (int i = 0; i < 3; i++) {
        int to = i < 2 ? starts[i + 1] : n;
        steady[i] = efficiency(x, m, to - (to - starts[i]) / 3, to);
      }
      LOG.info("REGIME CI {}: recovery {} / {} bars, steady {} / {} / {}", name, rec1, rec2,
          steady[0], steady[1], steady[2]);
      if (name.equals("lstm")) {
        for (int k = 0; k < 2; k++) {
          assertThat(anchorRec[k]).as("RLS anchor recovers after flip " + (k + 1)).isNotNegative();
          int limit = Math.min(600, 4 * Math.max(anchorRec[k], 25));
          assertThat(k == 0 ? rec1 : rec2).as("LSTM alone, recovery after flip " + (k + 1))
              .isBetween(0, limit);
        }
      }
      if (name.equals("published")) {
        assertThat(rec1).as("published recovery after flip 1").isBetween(0, 300);
        assertThat(rec2).as("published recovery after flip 2").isBetween(0, 300);
        for (int i = 0; i < 3; i++) {
          assertThat(steady[i]).as("published steady efficiency, regime " + (i + 1))
              .isGreaterThanOrEqualTo(0.6);
        }
      }
    }
    // And it must be able to fail: the naive forecast never recovers.
    assertThat(recovery(new double[n], m, flips[0], flips[1])).isEqualTo(-1);
  }

  private static double efficiency(double[] f, double[] m, int from, int to) {
    double err = 0;
    double gain = 0;
    for (int t = from; t < to; t++) {
      err += (f[t] - m[t]) * (f[t] - m[t]);
      gain += m[t] * m[t];
    }
    return 1 - err / gain;
  }

  private static int recovery(double[] f, double[] m, int shift, int end) {
    for (int d = 0; shift + d + 200 <= end; d++) {
      if (efficiency(f, m, shift + d, shift + d + 200) >= 0.5) {
        return d;
      }
    }
    return -1;
  }
}
