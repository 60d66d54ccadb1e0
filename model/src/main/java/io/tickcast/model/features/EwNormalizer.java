package io.tickcast.model.features;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Online standardiser with exponentially weighted mean and variance per dimension.
 *
 * <p>Each observation's weight halves every {@code halfLife} later observations
 * (decay {@code 2^(-1/halfLife)}), so the statistics follow slow regime changes (volatility
 * clustering, volume seasonality) without a fixed fit window. The update is West's weighted
 * incremental algorithm with the old weights decayed first: numerically stable, O(d) per bar.
 *
 * <p>{@link #normalize} returns {@code (x − mean) / sd} clamped to ±{@link #CLIP}. Until two
 * observations exist it returns 0 (no information yet). The variance is floored at
 * {@link #VARIANCE_FLOOR} so a constant feature (e.g. always one tick per bar) maps to 0 rather
 * than dividing by zero. Callers decide the ordering that avoids leakage: normalise a value to be
 * predicted BEFORE updating with it.
 *
 * <p>Not thread-safe.
 */
public final class EwNormalizer {

  /** Standardised values are winsorised here: one bad print cannot saturate the LSTM. */
  public static final double CLIP = 8.0;

  /** Smallest variance used for scaling (sd 1e-7, far below any real log-return scale). */
  public static final double VARIANCE_FLOOR = 1e-14;

  private static final int MIN_COUNT = 2;

  private final int dims;
  private final double decay;
  private long count;
  private double weight;
  private final double[] mean;
  private final double[] m2;

  public EwNormalizer(int dims, double halfLife) {
    if (dims < 1) {
      throw new IllegalArgumentException("dims must be >= 1, was " + dims);
    }
    if (!Double.isFinite(halfLife) || halfLife <= 0) {
      throw new IllegalArgumentException("halfLife must be finite and > 0, was " + halfLife);
    }
    this.dims = dims;
    this.decay = Math.pow(2.0, -1.0 / halfLife);
    this.mean = new double[dims];
    this.m2 = new double[dims];
  }

  /** Folds in one observation (all values must be finite). */
  public void update(double[] x) {
    update(x, decay);
  }

  /**
   * Folds in one observation with the old statistics decayed by {@code 2^(−1/halfLife)} instead of
   * the configured half-life: a temporarily faster normaliser with the same state (used by
   * {@code BarFeatures} after a volatility drop).
   */
  public void updateWithHalfLife(double[] x, double halfLife) {
    if (!Double.isFinite(halfLife) || halfLife <= 0) {
      throw new IllegalArgumentException("halfLife must be finite and > 0, was " + halfLife);
    }
    update(x, Math.pow(2.0, -1.0 / halfLife));
  }

  private void update(double[] x, double decay) {
    requireDims(x);
    for (double v : x) {
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("non-finite observation " + Arrays.toString(x));
      }
    }
    weight = decay * weight + 1.0;
    for (int i = 0; i < dims; i++) {
      double delta = x[i] - mean[i];
      mean[i] += delta / weight;
      m2[i] = decay * m2[i] + delta * (x[i] - mean[i]);
    }
    count++;
  }

  /** Standardises {@code x} with the current statistics, clamped to ±{@link #CLIP}. */
  public double[] normalize(double[] x) {
    requireDims(x);
    double[] z = new double[dims];
    if (count < MIN_COUNT) {
      return z;
    }
    for (int i = 0; i < dims; i++) {
      double v = (x[i] - mean[i]) / sd(i);
      z[i] = Math.max(-CLIP, Math.min(CLIP, v));
    }
    return z;
  }

  /**
   * {@code v} limited to {@code mean ± sds·sd} of dimension {@code i}, for a caller to fold in
   * instead of a value that would take over the statistics (a bad tick, thousands of sds).
   * Unchanged before two observations and while the variance is at its floor: a feature that has
   * been constant (a dead symbol, a flat stretch) has no scale to clip against, and clipping
   * there would keep the sd at the floor. Pure.
   */
  public double clamp(int i, double v, double sds) {
    double var = weight > 0 ? m2[i] / weight : 0;
    if (count < MIN_COUNT || var <= VARIANCE_FLOOR) {
      return v;
    }
    double c = sds * Math.sqrt(var);
    return Math.max(mean[i] - c, Math.min(mean[i] + c, v));
  }

  /** Exponentially weighted mean of dimension {@code i}. */
  public double mean(int i) {
    return mean[i];
  }

  /** Exponentially weighted standard deviation of dimension {@code i}, floored. */
  public double sd(int i) {
    double var = weight > 0 ? m2[i] / weight : 0;
    return Math.sqrt(Math.max(var, VARIANCE_FLOOR));
  }

  public long count() {
    return count;
  }

  public int dims() {
    return dims;
  }

  /** Writes the statistics (not the half-life, which comes from the configuration). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(dims);
    out.writeLong(count);
    out.writeDouble(weight);
    for (int i = 0; i < dims; i++) {
      out.writeDouble(mean[i]);
      out.writeDouble(m2[i]);
    }
  }

  /** Reads statistics written by {@link #writeTo}; the dimension must match. */
  public static EwNormalizer readFrom(DataInput in, int dims, double halfLife) throws IOException {
    int stored = in.readInt();
    if (stored != dims) {
      throw new IOException("normaliser has " + stored + " dims, expected " + dims);
    }
    EwNormalizer n = new EwNormalizer(dims, halfLife);
    n.count = in.readLong();
    n.weight = in.readDouble();
    for (int i = 0; i < dims; i++) {
      n.mean[i] = in.readDouble();
      n.m2[i] = in.readDouble();
    }
    if (n.count < 0 || !Double.isFinite(n.weight) || n.weight < 0
        || !Arrays.stream(n.mean).allMatch(Double::isFinite)
        || !Arrays.stream(n.m2).allMatch(Double::isFinite)) {
      throw new IOException("corrupt normaliser state");
    }
    return n;
  }

  private void requireDims(double[] x) {
    if (x.length != dims) {
      throw new IllegalArgumentException("expected " + dims + " values, got " + x.length);
    }
  }
}
