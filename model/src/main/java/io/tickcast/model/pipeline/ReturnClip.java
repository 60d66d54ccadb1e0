package io.tickcast.model.pipeline;

import io.tickcast.model.evaluation.EwmaBaseline;

/**
 * The realised return as a symbol's estimators see it (everything after the {@link Scorer},
 * which scores the forecast against the raw return: users' skill figures include a bad bar).
 * Stateless and thread-safe; a pure function of the parts' state, so a restored forecaster clips
 * exactly as the one it was saved from.
 *
 * <p>Clipped at {@value #SIGMAS} × the larger of the RiskMetrics sigma and the linear expert's
 * EW sd (half-life 250 bars), both before this bar. Why: a bad print (one bar at 1000× the price,
 * the next back) gives two returns of thousands of sigmas; taken at full weight they inflated
 * every scale estimator (the linear experts' own ±8-sd clip came after their scale had absorbed
 * the outlier), and the published mean reached ≈ 1,000 sigmas within 10 bars, the published
 * sigma stayed above 10 sigmas for ≈ 760 bars ({@code BadPrintTest}). The slow sd keeps returns
 * after a calm or flat stretch of up to ≈ 1,000 bars unclipped; after a longer one the first
 * active bar passes and re-seeds RiskMetrics, and when that first return is small the next few
 * can still be clipped ({@code FlatStartClipTest}); a genuine rise in volatility is clipped for
 * a bar or two while RiskMetrics follows (a clipped return still multiplies its variance by up
 * to 6.9).
 *
 * <p>Unclipped while RiskMetrics is at its floor (a symbol dead from its start, or the first bar
 * after a flat stretch long enough for RiskMetrics to decay to nothing: there is no scale to clip
 * against, and clipping there made the published sigma 1e-5 of the true one on the first active
 * bars) and over a symbol's first {@value #WARM_UP_MIN} returns.
 *
 * <p>Warm-up: while RiskMetrics has seen fewer than {@value #WARM_UP} returns it is dominated by
 * its first square (weight 0.94^(n−1)), and so is the slow sd, so either alone may be a fraction
 * of the true scale; the larger of the two and the RMS of all returns so far (the target
 * normaliser's, about equally weighted then: {@link BarFeatures#returnRms}) is the scale. Before
 * it, a bad print on a symbol's 5th–21st bar (the seed bar being the 1st) was not clipped at
 * all: the published sigma reached ≈ 1,000× the true one and stayed more than 25 % off a clean
 * run's for ≈ 1,000 bars, the LSTM's mean reached ≈ 140 sigmas ({@code BadPrintTest}).
 */
public final class ReturnClip {

  /** Clip of the return the estimators see, in sigmas. */
  public static final double SIGMAS = 10;
  /** Returns RiskMetrics must have seen before its own scale is trusted alone. */
  static final int WARM_UP = 20;
  /** Returns seen before any clip (three returns make the RMS a usable scale). */
  static final int WARM_UP_MIN = 3;

  private ReturnClip() {}

  /**
   * The return {@code r} the estimators see.
   *
   * @param riskMetrics the scorer's baseline, before this bar
   * @param slowSd the linear expert's EW sd, before this bar
   * @param features the feature part, before this bar (its {@link BarFeatures#returnRms})
   */
  public static double winsorise(double r, EwmaBaseline riskMetrics, double slowSd,
      BarFeatures features) {
    double rm = riskMetrics.sigma();
    long n = riskMetrics.count();
    if (n < WARM_UP_MIN || rm <= EwmaBaseline.SIGMA_FLOOR) {
      return r;
    }
    double scale = Math.max(rm, slowSd);
    if (n < WARM_UP) {
      scale = Math.max(scale, features.returnRms());
    }
    double c = SIGMAS * scale;
    return Math.max(-c, Math.min(c, r));
  }
}
