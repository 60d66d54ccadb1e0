package io.tickcast.model.kernel;

/**
 * Gaussian negative log-likelihood (up to the constant {@code ½ ln 2π}) of a target {@code y}
 * under {@code N(mu, σ²)} with {@code s = ln σ}: {@code ½ (y − mu)² e^(−2s) + s}, with {@code s}
 * clamped to {@code [−LOG_SIGMA_CLAMP, LOG_SIGMA_CLAMP]}. The one definition shared by the kernel,
 * the DL4J loss adapter ({@code io.tickcast.model.network.GaussianNllLoss}) and the evaluator.
 * Pure Java; stateless and thread-safe.
 */
public final class GaussianNll {

  /** Bound on {@code |ln σ|} in normalised units (σ within e^±7 of the target's scale). */
  public static final double LOG_SIGMA_CLAMP = 7.0;

  private GaussianNll() {}

  /** Clamps a raw log-sigma output to the range the loss uses. */
  public static double clampLogSigma(double s) {
    return Math.max(-LOG_SIGMA_CLAMP, Math.min(LOG_SIGMA_CLAMP, s));
  }

  /** Per-example NLL of already-activated outputs. */
  public static double nll(double y, double mu, double logSigma) {
    double s = clampLogSigma(logSigma);
    double diff = y - mu;
    return 0.5 * diff * diff * Math.exp(-2 * s) + s;
  }
}
