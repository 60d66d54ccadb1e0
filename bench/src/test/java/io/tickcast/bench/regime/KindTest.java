package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class KindTest {

  @Test
  void oracleHasEfficiencyOneAndNaiveZeroOnEveryMeanKind() {
    for (Kind kind : Kind.values()) {
      Series s = kind.generate(3, 2500, true);
      assertThat(s.length()).isEqualTo(7500);
      double[] zero = new double[s.length()];
      for (int i = 0; i < s.regimes(); i++) {
        int a = s.starts()[i];
        int b = s.starts()[i + 1];
        if (!s.meanSignal()) {
          assertThat(Metrics.qlikeExcess(s.sigma(), s.sigma(), a, b)).isEqualTo(0.0);
          continue;
        }
        assertThat(Metrics.efficiency(s.mean(), s.mean(), a, b)).isEqualTo(1.0);
        assertThat(Metrics.efficiency(zero, s.mean(), a, b)).isEqualTo(0.0);
        assertThat(Metrics.recovery(s.mean(), s.mean(), a, b)).isZero();
        assertThat(Metrics.recovery(zero, s.mean(), a, b)).isEqualTo(-1);
      }
    }
  }

  /**
   * The oracle really is the conditional mean and sigma: the standardised residual
   * {@code (r − mean)/sigma} has mean 0, variance 1 and no correlation with anything known
   * before the bar (the last return, its absolute value, its positive part).
   */
  @Test
  void oracleResidualIsStandardisedNoiseUnpredictableFromThePast() {
    for (Kind kind : Kind.values()) {
      Series s = kind.generate(5, 3000, false);
      int n = s.length() - 1;
      double m = 0;
      double v = 0;
      double[] c = new double[3];
      for (int t = 1; t <= n; t++) {
        double z = (s.r()[t] - s.mean()[t]) / s.sigma()[t];
        double p = s.r()[t - 1] / s.sigma()[t - 1];
        m += z / n;
        v += z * z / n;
        c[0] += z * p / n;
        c[1] += z * (Math.abs(p) - 0.8) / n;
        c[2] += z * Math.max(p, 0) / n;
      }
      assertThat(m).as(kind.name()).isCloseTo(0, within(0.04));
      assertThat(v).as(kind.name()).isCloseTo(1, within(0.06));
      for (double x : c) {
        assertThat(x).as(kind.name()).isCloseTo(0, within(0.05));
      }
    }
  }

  @Test
  void theRegimesReallyDifferAndAMismatchedOracleScoresBelowNaive() {
    // The regime-1 coefficient applied in regime 2 of the AR(1) flip: efficiency far below 0.
    Series s = Kind.AR1_FLIP.generate(1, 3000, false);
    double[] stale = new double[s.length()];
    for (int t = 1; t < s.length(); t++) {
      stale[t] = 0.6 * s.r()[t - 1];
    }
    assertThat(Metrics.efficiency(stale, s.mean(), 1, 3000)).isCloseTo(1.0, within(1e-9));
    assertThat(Metrics.efficiency(stale, s.mean(), 3000, 6000)).isLessThan(-2.5);
    Series v = Kind.VOL_JUMP.generate(1, 3000, false);
    assertThat(v.sigma()[4500] / v.sigma()[1500]).isEqualTo(4.0);
    assertThat(Metrics.qlikeExcess(v.sigma(), v.sigma(), 0, 9000)).isZero();
  }
}
