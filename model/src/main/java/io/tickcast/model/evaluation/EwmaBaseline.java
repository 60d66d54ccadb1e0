package io.tickcast.model.evaluation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Baseline forecaster: an EWMA of log returns for the mean ({@code m ← m + α(r − m)}, starting at
 * 0, the random-walk prior) and the RiskMetrics EWMA variance for sigma
 * ({@code σ² ← λσ² + (1 − λ)r²}, seeded with the first squared return).
 *
 * <p>Units are log returns per bar. {@link #sigma()} is floored at {@link #SIGMA_FLOOR} so it is
 * always positive and finite. Not thread-safe.
 */
public final class EwmaBaseline {

  /** Smallest published sigma (a zero sigma would make QLIKE and the NLL undefined). */
  public static final double SIGMA_FLOOR = 1e-8;

  private final double alpha;
  private final double lambda;
  private double mean;
  private double variance;
  private long count;

  public EwmaBaseline(double alpha, double lambda) {
    this.alpha = alpha;
    this.lambda = lambda;
  }

  /** Folds in the realised log return {@code r} (finite). */
  public void update(double r) {
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException("non-finite return " + r);
    }
    mean += alpha * (r - mean);
    variance = count == 0 ? r * r : lambda * variance + (1 - lambda) * r * r;
    count++;
  }

  /** Forecast of the next log return. */
  public double mean() {
    return mean;
  }

  /** Forecast standard deviation of the next log return, {@code >= SIGMA_FLOOR}. */
  public double sigma() {
    return Math.max(Math.sqrt(variance), SIGMA_FLOOR);
  }

  public long count() {
    return count;
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeDouble(mean);
    out.writeDouble(variance);
    out.writeLong(count);
  }

  public static EwmaBaseline readFrom(DataInput in, double alpha, double lambda)
      throws IOException {
    EwmaBaseline b = new EwmaBaseline(alpha, lambda);
    b.mean = in.readDouble();
    b.variance = in.readDouble();
    b.count = in.readLong();
    if (!Double.isFinite(b.mean) || !Double.isFinite(b.variance) || b.variance < 0
        || b.count < 0) {
      throw new IOException("corrupt EWMA baseline state");
    }
    return b;
  }
}
