package io.tickcast.model.training;

/**
 * Gradient-noise-scale estimator of McCandlish et al., "An Empirical Model of Large-Batch
 * Training" (2018), appendix A, from {@code k >= 2} micro-batch gradients taken at the same
 * parameters.
 *
 * <p>With micro-batches of size {@code b} (so {@code B = k·b}) whose MEAN gradients are
 * {@code g_j}: {@code local = mean_j |g_j|²} estimates {@code |G|² + trΣ/b} and
 * {@code total = |mean_j g_j|²} estimates {@code |G|² + trΣ/B}, hence the unbiased
 * <pre>
 *   |G|² ≈ (k·total − local) / (k − 1)
 *   trΣ  ≈ b·k·(local − total) / (k − 1)
 * </pre>
 * where Σ is the per-example gradient covariance. Each estimate alone is very noisy, so the
 * numerator and denominator are smoothed separately by an EMA (as the paper recommends) and
 * {@code B_simple = EMA(trΣ) / EMA(|G|²)}, 0 while that denominator is not positive. The EMA is
 * seeded by the first observation.
 *
 * <p>Pure Java over {@code double[]} vectors so it can be tested without a network. Not
 * thread-safe.
 */
public final class NoiseScaleEstimator {

  /** Default EMA weight of a new observation. */
  public static final double DEFAULT_ALPHA = 0.1;

  private final double alpha;
  private double emaGradSquared;
  private double emaTraceSigma;
  private long observations;

  public NoiseScaleEstimator() {
    this(DEFAULT_ALPHA);
  }

  public NoiseScaleEstimator(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha must be in (0, 1], was " + alpha);
    }
    this.alpha = alpha;
  }

  /** One step's raw (unsmoothed) estimates. */
  public record Estimate(double gradSquared, double traceSigma) {
    static final Estimate NONE = new Estimate(0, 0);
  }

  /**
   * Folds in one step's micro-batch gradients.
   *
   * @param microMeans k mean gradients (one per micro-batch), all of the same length
   * @param microBatchSize b, examples per micro-batch (may be fractional when B is not a multiple
   *     of k: the mean size is the best available approximation)
   * @return this step's raw estimates, or zeros when {@code k < 2} or any value is non-finite
   */
  public Estimate update(double[][] microMeans, double microBatchSize) {
    int k = microMeans.length;
    if (k < 2) {
      return Estimate.NONE;
    }
    int n = microMeans[0].length;
    double local = 0;
    double[] mean = new double[n];
    for (double[] g : microMeans) {
      if (g.length != n) {
        throw new IllegalArgumentException("micro-batch gradients differ in length");
      }
      local += squaredNorm(g);
      for (int i = 0; i < n; i++) {
        mean[i] += g[i];
      }
    }
    local /= k;
    for (int i = 0; i < n; i++) {
      mean[i] /= k;
    }
    double total = squaredNorm(mean);
    double gradSquared = (k * total - local) / (k - 1);
    double traceSigma = microBatchSize * k * (local - total) / (k - 1);
    if (!Double.isFinite(gradSquared) || !Double.isFinite(traceSigma)) {
      return Estimate.NONE;
    }
    if (observations == 0) {
      emaGradSquared = gradSquared;
      emaTraceSigma = traceSigma;
    } else {
      emaGradSquared += alpha * (gradSquared - emaGradSquared);
      emaTraceSigma += alpha * (traceSigma - emaTraceSigma);
    }
    observations++;
    return new Estimate(gradSquared, traceSigma);
  }

  /** {@code B_simple = EMA(trΣ) / EMA(|G|²)}, or 0 while the denominator is not positive. */
  public double noiseScale() {
    if (observations == 0 || !(emaGradSquared > 0)) {
      return 0;
    }
    double value = emaTraceSigma / emaGradSquared;
    return Double.isFinite(value) ? value : 0;
  }

  public double emaGradSquared() {
    return emaGradSquared;
  }

  public double emaTraceSigma() {
    return emaTraceSigma;
  }

  public long observations() {
    return observations;
  }

  public double alpha() {
    return alpha;
  }

  /** Restores the smoothed state (from persistence). */
  public void restore(double emaGradSquared, double emaTraceSigma, long observations) {
    if (!Double.isFinite(emaGradSquared) || !Double.isFinite(emaTraceSigma) || observations < 0) {
      throw new IllegalArgumentException("invalid noise-scale state");
    }
    this.emaGradSquared = emaGradSquared;
    this.emaTraceSigma = emaTraceSigma;
    this.observations = observations;
  }

  static double squaredNorm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return s;
  }
}
