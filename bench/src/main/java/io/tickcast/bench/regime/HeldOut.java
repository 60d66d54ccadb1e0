package io.tickcast.bench.regime;

import java.util.Random;

/**
 * Held-out generators: kinds no default was ever chosen on, run only when named
 * ({@code bench/robustness.sh}). Each keeps the suite's contract ({@link Series}: the oracle is
 * the true conditional mean and sigma given the past), three regimes after a 500-bar burn-in,
 * base noise {@value Kind#BASE_SIGMA} unless the kind is about scale. With {@code jitter}
 * (seeds 2 and up) the coefficients are redrawn within the range noted on each constant.
 */
enum HeldOut implements Generator {
  /** Pure random walk, Gaussian (jitter: σ ×[0.5, 2]). Oracle = naive: scored by MSE ratio. */
  RW_GAUSS,
  /** Pure random walk, Student-t(3) innovations scaled to variance σ² (jitter as RW_GAUSS). */
  RW_T3,
  /**
   * AR(1) φ = +0.5, −0.5, +0.5 with Student-t(3) innovations plus compound-Poisson jumps of
   * sd 6σ at rate 0.01 per bar (jitter: |φ| ∈ [0.3, 0.6], rate ∈ [0.003, 0.02]).
   */
  AR1_T3_JUMPS,
  /**
   * AR(1) whose φ moves continuously, A·cos(π·t/perRegime): +A → −A → +A → −A over the three
   * regimes, no abrupt change (jitter: A ∈ [0.35, 0.65]).
   */
  AR1_SLOW_DRIFT,
  /**
   * Bid/ask bounce: MA(1) r = σ(z_t + θ z_{t−1}) with θ = −0.45, −0.15, −0.45 (strong, weak,
   * strong; jitter: each ×[0.7, 1.3]).
   */
  BOUNCE_MA1,
  /** A trend: i.i.d. returns with mean +kσ, −kσ, +kσ (jitter: k ∈ [0.08, 0.25]; k = 0.15). */
  TREND_FLIP,
  /**
   * The scale family's reference: AR(1) φ = +0.5, −0.5, +0.5 (jitter: |φ| ∈ [0.3, 0.6]), price
   * 100, σ 1e-3. The four kinds below draw the SAME noise and coefficients, so only the scale
   * differs and a scale-free model must score the same on all five.
   */
  SCALE_REF,
  /** SCALE_REF at a start price of 1e-4. */
  PRICE_TINY,
  /** SCALE_REF at a start price of 1e5. */
  PRICE_HUGE,
  /** SCALE_REF at a per-bar volatility of 1e-5. */
  VOL_TINY,
  /** SCALE_REF at a per-bar volatility of 5e-2. */
  VOL_HUGE,
  /**
   * AR(1) φ = 0.5 (jitter ∈ [0.3, 0.6]) with a flat stretch of 400 bars (jitter [200, 700]) of
   * exactly zero return (market closed, illiquid) ending where regimes 2 and 3 start: recovery
   * there is recovery after activity resumes. Oracle sigma is 0 on flat bars.
   */
  FLAT_STRETCHES,
  /**
   * A drift that turns slowly, with AR(1) noise around it (added 2026-12-02 with the drift
   * expert study, {@code bench/results/regime-trend}; never tuned on): the mean return μ is +kσ,
   * then moves linearly to −kσ over the first {@value #RAMP} bars of regime 2 and back to +kσ
   * over those of regime 3; r = μ_t + φ·(r_{t−1} − μ_{t−1}) + σz (jitter: k ∈ [0.08, 0.25], φ ∈
   * [0.15, 0.4]; k = 0.15, φ = 0.3). No abrupt change.
   */
  TREND_RAMP_AR1;

  private static final int BURN = 500;
  private static final double T3_JUMP_SD = 6.0;
  private static final int RAMP = 1000;

  @Override
  public boolean abrupt() {
    return this != AR1_SLOW_DRIFT && this != RW_GAUSS && this != RW_T3
        && this != TREND_RAMP_AR1;
  }

  @Override
  public Series generate(long seed, int perRegime, boolean jitter) {
    // The scale family shares one random stream, so its members differ only in scale.
    int stream = isScale() ? SCALE_REF.ordinal() : ordinal();
    Random rnd = new Random(seed * 1_000_033L + 101L * stream);
    Random coef = new Random(seed * 7_927L + 37L * stream);
    int len = BURN + 3 * perRegime;
    double[] r = new double[len];
    double[] mean = new double[len];
    double[] sig = new double[len];
    double base = baseSigma(coef, jitter);
    double[] c = coefficients(coef, jitter);
    double z = 0;
    double mu = 0;
    for (int t = 0; t < len; t++) {
      int regime = t < BURN ? 0 : Math.min(2, (t - BURN) / perRegime);
      double sign = regime == 1 ? -1 : 1;
      double prev = t > 0 ? r[t - 1] : 0;
      double m;
      double s = base;
      double noise = rnd.nextGaussian();
      switch (this) {
        case RW_GAUSS -> m = 0;
        case RW_T3 -> {
          m = 0;
          noise = t3(rnd, noise);
        }
        case AR1_T3_JUMPS -> {
          m = sign * c[0] * prev;
          double jump = rnd.nextDouble() < c[1] ? T3_JUMP_SD * rnd.nextGaussian() : 0;
          noise = (t3(rnd, noise) + jump) / Math.sqrt(1 + c[1] * T3_JUMP_SD * T3_JUMP_SD);
          s = base * Math.sqrt(1 + c[1] * T3_JUMP_SD * T3_JUMP_SD);
        }
        case AR1_SLOW_DRIFT -> m = c[0] * Math.cos(Math.PI * Math.max(0, t - BURN) / perRegime)
            * prev;
        case BOUNCE_MA1 -> m = base * c[regime] * z;
        case TREND_FLIP -> m = sign * c[0] * base;
        case TREND_RAMP_AR1 -> {
          // Regime 0 sits at its level; later regimes ramp over their first RAMP bars.
          double ramp = regime == 0 ? 1 : Math.min(1, (double) ((t - BURN) % perRegime) / RAMP);
          // From the previous regime's level (−this one's) to this one's.
          double now = sign * c[0] * base * (2 * ramp - 1);
          m = now + c[1] * (prev - mu);
          mu = now;
        }
        case SCALE_REF, PRICE_TINY, PRICE_HUGE, VOL_TINY, VOL_HUGE -> m = sign * c[0] * prev;
        case FLAT_STRETCHES -> {
          int inRegime = t < BURN ? -1 : (t - BURN) % perRegime;
          boolean flat = regime < 2 && inRegime >= perRegime - (int) c[1];
          m = flat ? 0 : c[0] * prev;
          s = flat ? 0 : base;
        }
        default -> throw new IllegalStateException(name());
      }
      z = noise;
      mean[t] = m;
      sig[t] = s;
      r[t] = m + s * noise;
    }
    int n = 3 * perRegime;
    return Series.afterBurnIn(name(), r, mean, sig, BURN,
        new int[] {0, perRegime, 2 * perRegime, n}, this != RW_GAUSS && this != RW_T3,
        this == PRICE_TINY ? 1e-4 : this == PRICE_HUGE ? 1e5 : Series.PRICE);
  }

  private boolean isScale() {
    return this == SCALE_REF || this == PRICE_TINY || this == PRICE_HUGE || this == VOL_TINY
        || this == VOL_HUGE;
  }

  private double baseSigma(Random coef, boolean jitter) {
    return switch (this) {
      case RW_GAUSS, RW_T3 -> Kind.BASE_SIGMA * (jitter ? Kind.u(coef, 0.5, 2) : 1);
      case VOL_TINY -> 1e-5;
      case VOL_HUGE -> 5e-2;
      default -> Kind.BASE_SIGMA;
    };
  }

  private double[] coefficients(Random coef, boolean jitter) {
    return switch (this) {
      case RW_GAUSS, RW_T3 -> new double[0];
      case AR1_T3_JUMPS -> new double[] {jitter ? Kind.u(coef, 0.3, 0.6) : 0.5,
          jitter ? Kind.u(coef, 0.003, 0.02) : 0.01};
      case AR1_SLOW_DRIFT -> new double[] {jitter ? Kind.u(coef, 0.35, 0.65) : 0.5};
      case BOUNCE_MA1 -> new double[] {-0.45 * (jitter ? Kind.u(coef, 0.7, 1.3) : 1),
          -0.15 * (jitter ? Kind.u(coef, 0.7, 1.3) : 1),
          -0.45 * (jitter ? Kind.u(coef, 0.7, 1.3) : 1)};
      case TREND_FLIP -> new double[] {jitter ? Kind.u(coef, 0.08, 0.25) : 0.15};
      case SCALE_REF, PRICE_TINY, PRICE_HUGE, VOL_TINY, VOL_HUGE ->
          new double[] {jitter ? Kind.u(coef, 0.3, 0.6) : 0.5};
      case FLAT_STRETCHES -> new double[] {jitter ? Kind.u(coef, 0.3, 0.6) : 0.5,
          jitter ? Math.round(Kind.u(coef, 200, 700)) : 400};
      case TREND_RAMP_AR1 -> new double[] {jitter ? Kind.u(coef, 0.08, 0.25) : 0.15,
          jitter ? Kind.u(coef, 0.15, 0.4) : 0.3};
    };
  }

  /**
   * A Student-t(3) draw scaled to variance 1: z/√(χ²₃) (t₃ = z/√(χ²₃/3) has variance 3), with
   * {@code z} the standard normal already drawn.
   */
  private static double t3(Random rnd, double z) {
    double chi = 0;
    for (int i = 0; i < 3; i++) {
      double g = rnd.nextGaussian();
      chi += g * g;
    }
    return z / Math.sqrt(chi);
  }
}
