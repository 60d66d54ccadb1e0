package io.tickcast.bench.regime;

import java.util.Random;

/**
 * The suite's seeded generators, three regimes each. Returns are in log-return units with a base
 * noise of {@value #BASE_SIGMA} (a 1-minute bar). With {@code jitter}, every coefficient is
 * redrawn per seed within the range noted on the constant (robustness: tune across coefficients,
 * not for the nominal ones).
 */
enum Kind implements Generator {
  /** AR(1) with φ = +0.6, −0.6, +0.6 (jitter: |φ| ∈ [0.35, 0.75]). */
  AR1_FLIP,
  /** AR(5) momentum ↔ reversal: every lag +0.1, −0.1, +0.1 (jitter: each lag ×[0.5, 1.5]). */
  AR5_MOMREV,
  /** AR(1) 0.4 with noise ×1, ×4, ×1 (jitter: φ ∈ [0.25, 0.55], jump ×[3, 6]). */
  VOL_JUMP,
  /**
   * Threshold AR: φ = +0.6 after an up bar, −0.3 after a down bar (continuation after up,
   * reversal after down), then the two swapped, then back (jitter: each ×[0.7, 1.3]).
   */
  THRESHOLD_FLIP,
  /**
   * GARCH(1,1), mean 0: (α, β) = (0.08, 0.90), then (0.18, 0.78) at twice the long-run variance,
   * then back (jitter: α, β ×[0.8, 1.05], level ×[1.5, 3]). Scored on sigma only.
   */
  GARCH;

  static final double BASE_SIGMA = 1e-3;

  /**
   * Generates {@code 3 × perRegime} bars after a burn-in of 500 bars of regime 1.
   *
   * @param jitter redraw the coefficients per seed
   */
  @Override
  public Series generate(long seed, int perRegime, boolean jitter) {
    Random rnd = new Random(seed * 1_000_003L + ordinal());
    Random coef = new Random(seed * 7_919L + 31L * ordinal());
    double[] c = coefficients(coef, jitter);
    int burn = 500;
    int len = burn + 3 * perRegime;
    double[] r = new double[len];
    double[] mean = new double[len];
    double[] sig = new double[len];
    double h = BASE_SIGMA * BASE_SIGMA;
    for (int t = 0; t < len; t++) {
      int regime = t < burn ? 0 : Math.min(2, (t - burn) / perRegime);
      boolean two = regime == 1;
      double prev = t > 0 ? r[t - 1] : 0;
      double m = 0;
      double s = BASE_SIGMA;
      switch (this) {
        case AR1_FLIP -> m = (two ? -c[0] : c[0]) * prev;
        case AR5_MOMREV -> {
          for (int i = 0; i < 5 && t - 1 - i >= 0; i++) {
            m += (two ? -c[i] : c[i]) * r[t - 1 - i];
          }
        }
        case VOL_JUMP -> {
          m = c[0] * prev;
          s = two ? c[1] * BASE_SIGMA : BASE_SIGMA;
        }
        case THRESHOLD_FLIP -> m = ((prev > 0) != two ? c[0] : c[1]) * prev;
        case GARCH -> {
          double a = two ? c[2] : c[0];
          double b = Math.min(two ? c[3] : c[1], 0.985 - a);
          double longRun = BASE_SIGMA * BASE_SIGMA * (two ? c[4] : 1);
          if (t > 0) {
            h = (1 - a - b) * longRun + a * prev * prev + b * h;
          }
          s = Math.sqrt(h);
        }
        default -> throw new IllegalStateException(name());
      }
      mean[t] = m;
      sig[t] = s;
      r[t] = m + s * rnd.nextGaussian();
    }
    return trim(r, mean, sig, burn, perRegime);
  }

  /** The kind's coefficients, nominal or redrawn (see the constants' comments). */
  private double[] coefficients(Random coef, boolean jitter) {
    return switch (this) {
      case AR1_FLIP -> new double[] {jitter ? u(coef, 0.35, 0.75) : 0.6};
      case AR5_MOMREV -> {
        double[] c = new double[5];
        for (int i = 0; i < 5; i++) {
          c[i] = 0.1 * (jitter ? u(coef, 0.5, 1.5) : 1);
        }
        yield c;
      }
      case VOL_JUMP -> new double[] {jitter ? u(coef, 0.25, 0.55) : 0.4,
          jitter ? u(coef, 3, 6) : 4};
      case THRESHOLD_FLIP -> new double[] {0.6 * (jitter ? u(coef, 0.7, 1.3) : 1),
          -0.3 * (jitter ? u(coef, 0.7, 1.3) : 1)};
      case GARCH -> new double[] {0.08 * (jitter ? u(coef, 0.8, 1.05) : 1),
          0.90 * (jitter ? u(coef, 0.8, 1.05) : 1), 0.18 * (jitter ? u(coef, 0.8, 1.05) : 1),
          0.78 * (jitter ? u(coef, 0.8, 1.05) : 1), jitter ? u(coef, 1.5, 3) : 2};
    };
  }

  private Series trim(double[] r, double[] mean, double[] sig, int burn, int perRegime) {
    return Series.afterBurnIn(name(), r, mean, sig, burn,
        new int[] {0, perRegime, 2 * perRegime, 3 * perRegime}, this != GARCH, Series.PRICE);
  }

  static double u(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }
}
