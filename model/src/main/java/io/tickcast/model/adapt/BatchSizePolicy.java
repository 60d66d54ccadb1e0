package io.tickcast.model.adapt;

/**
 * Chooses the mini-batch size of the next optimizer step.
 *
 * <p>Fixed mode always returns the configured B. Adaptive mode follows the measured simple noise
 * scale B_simple (McCandlish et al. 2018: the batch size at which the gradient-noise and
 * curvature terms balance) within {@code [min, max]}: it doubles B while B_simple is above 2·B and
 * halves it while B_simple is below B/2, one step per update, so B moves geometrically and does
 * not chase the noise in the estimate. After a detected drift B drops straight to {@code min}:
 * small, noisy steps adapt fastest to a new regime, and the noise scale itself drops after a shift
 * (|G|² jumps).
 */
public final class BatchSizePolicy {

  private final boolean adaptive;
  private final int min;
  private final int max;
  private final int fixed;

  public BatchSizePolicy(boolean adaptive, int fixed, int min, int max) {
    if (min < 1 || max < min || fixed < 1) {
      throw new IllegalArgumentException("batch sizes need 1 <= min <= max and fixed >= 1");
    }
    this.adaptive = adaptive;
    this.fixed = fixed;
    this.min = min;
    this.max = max;
  }

  public boolean adaptive() {
    return adaptive;
  }

  /** The batch size a fresh model starts with. */
  public int initial() {
    return adaptive ? Math.max(min, Math.min(max, fixed)) : fixed;
  }

  /** The next batch size after an update that measured {@code noiseScale} (0 = unknown). */
  public int next(int current, double noiseScale) {
    if (!adaptive || !(noiseScale > 0)) {
      return adaptive ? clamp(current) : fixed;
    }
    if (noiseScale > 2.0 * current) {
      return clamp(current * 2);
    }
    if (noiseScale < current / 2.0) {
      return clamp(Math.max(1, current / 2));
    }
    return clamp(current);
  }

  /** The batch size right after a drift alarm. */
  public int afterDrift(int current) {
    return adaptive ? min : fixed;
  }

  private int clamp(int b) {
    return Math.max(min, Math.min(max, b));
  }
}
