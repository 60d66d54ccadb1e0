package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;

/**
 * Learning-rate schedule of the linear scaling rule with linear warm-up:
 * {@code lr(i, B_step) = peak · (B_step / B) · min(1, (i + 1) / warmup)} for the 0-based update
 * index {@code i}, where {@code peak = lr_ref · B / B_ref}.
 *
 * <p>The rate is a pure function of the persisted iteration count and the step's batch size, so a
 * restored model continues exactly where it left off. Owned by the {@link Learner} (one instance
 * per learner; nothing else holds a schedule). Immutable and thread-safe.
 */
public record LinearWarmupSchedule(double peak, int warmupUpdates) {

  public LinearWarmupSchedule {
    if (!Double.isFinite(peak) || peak <= 0) {
      throw new IllegalArgumentException("peak must be finite and > 0, was " + peak);
    }
    if (warmupUpdates < 0) {
      throw new IllegalArgumentException("warmupUpdates must be >= 0, was " + warmupUpdates);
    }
  }

  /** The schedule of {@code cfg}: {@code peak = lr_ref · B / B_ref}, its warm-up length. */
  public static LinearWarmupSchedule of(ForecasterConfig cfg) {
    return new LinearWarmupSchedule(cfg.learningRate() * cfg.batchSize() / cfg.refBatchSize(),
        cfg.warmupUpdates());
  }

  /**
   * The rate of update {@code iteration} (0-based) for a step whose batch is {@code batchScale}
   * times the configured B (1 for a fixed batch size).
   */
  public double rate(int iteration, double batchScale) {
    if (!(batchScale > 0) || !Double.isFinite(batchScale)) {
      throw new IllegalArgumentException("batch scale must be finite and > 0, was " + batchScale);
    }
    double scaled = peak * batchScale;
    // Not iteration + 1 >= warmupUpdates: at the int limit that sum wraps to a negative rate.
    if (warmupUpdates == 0 || iteration >= warmupUpdates - 1) {
      return scaled;
    }
    return scaled * (iteration + 1) / warmupUpdates;
  }
}
