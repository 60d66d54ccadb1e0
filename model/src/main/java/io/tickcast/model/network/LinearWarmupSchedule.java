package io.tickcast.model.network;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * Learning-rate schedule of the linear scaling rule with linear warm-up:
 * {@code lr(i) = peak · min(1, (i + 1) / warmup)} for the 0-based update index {@code i}, where
 * {@code peak = lr_ref · B / B_ref}.
 *
 * <p>A schedule (rather than mutating the learning rate before every step) keeps the rate a pure
 * function of the persisted iteration count, so a restored model continues exactly where it
 * left off. Immutable and thread-safe.
 */
public final class LinearWarmupSchedule implements ISchedule {

  private static final long serialVersionUID = 1L;

  private final double peak;
  private final int warmupUpdates;
  /**
   * Linear-scaling factor {@code B_step / B} of the current step, for adaptive batch sizes (1 when
   * the batch size is fixed). Set by the owning trainer before each update; the schedule belongs
   * to one network, which has one owner thread.
   */
  private double batchScale = 1.0;

  public LinearWarmupSchedule(double peak, int warmupUpdates) {
    if (!Double.isFinite(peak) || peak <= 0) {
      throw new IllegalArgumentException("peak must be finite and > 0, was " + peak);
    }
    if (warmupUpdates < 0) {
      throw new IllegalArgumentException("warmupUpdates must be >= 0, was " + warmupUpdates);
    }
    this.peak = peak;
    this.warmupUpdates = warmupUpdates;
  }

  @Override
  public double valueAt(int iteration, int epoch) {
    double scaled = peak * batchScale;
    if (warmupUpdates == 0 || iteration + 1 >= warmupUpdates) {
      return scaled;
    }
    return scaled * (iteration + 1) / warmupUpdates;
  }

  /** Applies the linear scaling rule to a step of another batch size: factor {@code B_step/B}. */
  public void batchScale(double factor) {
    if (!(factor > 0) || !Double.isFinite(factor)) {
      throw new IllegalArgumentException("batch scale must be finite and > 0, was " + factor);
    }
    this.batchScale = factor;
  }

  @Override
  public ISchedule clone() {
    // Immutable: sharing the instance is a valid clone.
    return this;
  }

  public double peak() {
    return peak;
  }

  public int warmupUpdates() {
    return warmupUpdates;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearWarmupSchedule s && s.peak == peak
        && s.warmupUpdates == warmupUpdates;
  }

  @Override
  public int hashCode() {
    return Double.hashCode(peak) * 31 + warmupUpdates;
  }

  @Override
  public String toString() {
    return "LinearWarmupSchedule(peak=" + peak + ", warmupUpdates=" + warmupUpdates + ")";
  }
}
