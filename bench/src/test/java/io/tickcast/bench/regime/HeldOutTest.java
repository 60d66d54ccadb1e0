package io.tickcast.bench.regime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HeldOutTest {

  @Test
  void oracleScoresOneNaiveZeroAndTheMseRatioOrdersThem() {
    for (HeldOut kind : HeldOut.values()) {
      Series s = kind.generate(2, 2500, true);
      double[] zero = new double[s.length()];
      double[] rm = new double[s.length()];
      java.util.Arrays.fill(rm, 1e-3);
      Robustness.Row oracle = Robustness.row(kind, s, 2, "oracle", s.mean(), s.sigma(), -1, -1, -1);
      Robustness.Row naive = Robustness.row(kind, s, 2, "naive", zero, rm, -1, -1, -1);
      assertThat(naive.mseRatio()).as(kind.name()).isCloseTo(1.0, within(1e-12));
      assertThat(oracle.qlike()).as(kind.name()).isEqualTo(0.0);
      assertThat(oracle.nonFinite()).isZero();
      if (!s.meanSignal()) {
        assertThat(oracle.mseRatio()).as(kind.name()).isCloseTo(1.0, within(1e-12));
        continue;
      }
      assertThat(oracle.mseRatio()).as(kind.name()).isLessThan(0.99);
      assertThat(oracle.efficiency()).isEqualTo(1.0);
      assertThat(naive.efficiency()).isEqualTo(0.0);
      if (kind.abrupt()) {
        assertThat(oracle.worstRecovery()).isZero();
        assertThat(naive.worstRecovery()).isEqualTo(-1);
      }
    }
  }

  /**
   * The oracle is the conditional mean and sigma: on the uncertain bars the standardised
   * residual has mean 0, variance 1 (looser for Student-t(3), whose sample variance converges
   * slowly) and no correlation with the previous return.
   */
  @Test
  void oracleResidualIsStandardisedNoiseUnpredictableFromThePast() {
    for (HeldOut kind : HeldOut.values()) {
      Series s = kind.generate(5, 3000, false);
      double n = 0;
      double m = 0;
      double v = 0;
      double c = 0;
      for (int t = 1; t < s.length(); t++) {
        if (s.sigma()[t] == 0) {
          assertThat(s.r()[t]).isEqualTo(s.mean()[t]);
          continue;
        }
        double z = (s.r()[t] - s.mean()[t]) / s.sigma()[t];
        m += z;
        v += z * z;
        c += z * s.r()[t - 1] / s.sigma()[t];
        n++;
      }
      boolean heavy = kind == HeldOut.RW_T3 || kind == HeldOut.AR1_T3_JUMPS;
      assertThat(m / n).as(kind.name()).isCloseTo(0, within(0.04));
      assertThat(v / n).as(kind.name()).isCloseTo(1, within(heavy ? 0.25 : 0.06));
      assertThat(c / n).as(kind.name()).isCloseTo(0, within(0.05));
    }
  }

  @Test
  void theScaleFamilyDiffersOnlyInScale() {
    Series ref = HeldOut.SCALE_REF.generate(3, 2500, true);
    Series tiny = HeldOut.VOL_TINY.generate(3, 2500, true);
    Series huge = HeldOut.VOL_HUGE.generate(3, 2500, true);
    Series cheap = HeldOut.PRICE_TINY.generate(3, 2500, true);
    assertThat(cheap.r()).containsExactly(ref.r());
    assertThat(cheap.startPrice()).isEqualTo(1e-4);
    assertThat(HeldOut.PRICE_HUGE.generate(3, 2500, true).startPrice()).isEqualTo(1e5);
    for (int t = 0; t < ref.length(); t++) {
      assertThat(tiny.r()[t]).isCloseTo(ref.r()[t] * 1e-2, within(1e-12 * Math.abs(ref.r()[t])));
      assertThat(huge.r()[t]).isCloseTo(ref.r()[t] * 50, within(1e-9 * Math.abs(ref.r()[t])));
    }
  }

  @Test
  void flatStretchesEndWhereRegimesTwoAndThreeStartAndSlowDriftHasNoJump() {
    Series s = HeldOut.FLAT_STRETCHES.generate(1, 3000, false);
    for (int i = 1; i <= 2; i++) {
      int a = s.starts()[i];
      for (int t = a - 400; t < a; t++) {
        assertThat(s.r()[t]).isZero();
        assertThat(s.sigma()[t]).isZero();
      }
      assertThat(s.r()[a - 401]).isNotZero();
      assertThat(s.sigma()[a]).isPositive();
    }
    // Slow drift: φ_t = mean/prev moves by at most π·0.65/3000 a bar (no abrupt change).
    Series d = HeldOut.AR1_SLOW_DRIFT.generate(4, 3000, true);
    assertThat(HeldOut.AR1_SLOW_DRIFT.abrupt()).isFalse();
    for (int t = 2; t < d.length(); t++) {
      double phi = d.mean()[t] / d.r()[t - 1];
      double phiBefore = d.mean()[t - 1] / d.r()[t - 2];
      assertThat(Math.abs(phi - phiBefore)).isLessThan(Math.PI * 0.65 / 3000 + 1e-9);
    }
  }

  /**
   * The ramped trend: with the nominal k 0.15 and φ 0.3, the drift μ (recovered from the oracle
   * as mean − φ·(r_{t−1} − μ_{t−1})) is +kσ through regime 1, moves by 2kσ/1000 a bar at most,
   * reaches −kσ 1,000 bars into regime 2 and +kσ again 1,000 bars into regime 3.
   */
  @Test
  void trendRampTurnsTheDriftSlowlyUnderAnAr1() {
    HeldOut kind = HeldOut.TREND_RAMP_AR1;
    Series s = kind.generate(1, 3000, false);
    assertThat(kind.abrupt()).isFalse();
    double k = 0.15 * Kind.BASE_SIGMA;
    double[] mu = new double[s.length()];
    // Bar 0 follows the burn-in's last bar at the level +kσ: μ_0 = +kσ.
    mu[0] = k;
    for (int t = 1; t < s.length(); t++) {
      mu[t] = s.mean()[t] - 0.3 * (s.r()[t - 1] - mu[t - 1]);
      assertThat(Math.abs(mu[t] - mu[t - 1])).isLessThanOrEqualTo(2 * k / 1000 + 1e-15);
    }
    assertThat(mu[2999]).isCloseTo(k, within(1e-15));
    assertThat(mu[3000 + 1000]).isCloseTo(-k, within(1e-15));
    assertThat(mu[3000 + 500]).isCloseTo(0, within(1e-15));
    assertThat(mu[6000 + 1000]).isCloseTo(k, within(1e-15));
  }

  @Test
  void qlikeLeavesOutCertainBars() {
    double[] sigma = {0, 1e-3, 0};
    double[] s = {1e-9, 2e-3, 1.0};
    double one = 0.25 - Math.log(0.25) - 1;
    assertThat(Metrics.qlikeExcess(s, sigma, 0, 3)).isCloseTo(one, within(1e-12));
    assertThat(Metrics.qlikeExcess(s, sigma, 0, 1)).isNaN();
  }
}
