package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A drift forecast (the panel's naive expert's, {@code ExpertPanel}): the next return is
 * forecast as the EW mean of the recent returns (a trend, a mean return that is not zero),
 * shrunk toward zero by soft thresholding at {@code c} standard errors of that mean. Returns
 * are divided by the caller's EW standard deviation ({@link RlsAr#scale()}) and clipped to
 * ±{@value RlsAr#CLIP} before they are averaged, so the estimate is scale-free and one outlier
 * moves it by at most {@code α·8} sds.
 *
 * <p>Why shrunk: the EW mean's standard error is {@code √(α/(2−α))} sds (half-life 200 bars:
 * 0.059), so on a random walk the unshrunk mean forecasts noise and costs {@code α/(2−α)} of the
 * MSE (0.35 %), more than the whole margin the published forecast keeps over naive on real daily
 * returns. Soft thresholding ({@code sign(m)·max(0, |m| − c·se)}) keeps the forecast at zero
 * while the mean is within c standard errors of it and passes a trend of a few standard errors
 * almost whole.
 *
 * <p>State: the mean, 4 bytes as a float ({@link #quantise} makes it exact). One {@link #update}
 * per bar, in event time. Not thread-safe.
 */
public final class DriftMean {

  private final double alpha;
  private final double threshold;
  private double mean;

  /**
   * @param halfLife half-life of the EW mean in bars, >= 1
   * @param shrink c, the soft threshold in standard errors of the mean, >= 0
   */
  public DriftMean(double halfLife, double shrink) {
    if (!(halfLife >= 1) || !Double.isFinite(halfLife) || !(shrink >= 0)
        || !Double.isFinite(shrink)) {
      throw new IllegalArgumentException("need a finite half-life >= 1 and shrink >= 0");
    }
    this.alpha = RlsAr.alpha(halfLife);
    this.threshold = shrink * Math.sqrt(alpha / (2 - alpha));
  }

  /**
   * Forecast of the next return.
   *
   * @param scale the EW standard deviation of the returns (the one {@link #update} used)
   */
  public double predict(double scale) {
    double excess = Math.abs(mean) - threshold;
    return excess > 0 ? Math.signum(mean) * excess * scale : 0.0;
  }

  /** Folds in the realised return {@code r}, scaled by the sd from before it. */
  public void update(double r, double scale) {
    double y = Math.max(-RlsAr.CLIP, Math.min(RlsAr.CLIP, r / scale));
    mean += alpha * (y - mean);
  }

  /** The EW mean, in sds (unshrunk). */
  public double mean() {
    return mean;
  }

  /** Rounds the state to float precision (see {@link #writeCompact}). */
  public void quantise() {
    mean = (float) mean;
  }

  /** Writes the mean as a float (4 bytes); exact after {@link #quantise}. */
  public void writeCompact(DataOutput out) throws IOException {
    out.writeFloat((float) mean);
  }

  /** Reads {@link #writeCompact} into this freshly configured instance. */
  public void readCompact(DataInput in) throws IOException {
    mean = in.readFloat();
    if (!(Math.abs(mean) <= RlsAr.CLIP)) {
      throw new IOException("DriftMean: corrupt state (mean " + mean + ")");
    }
  }
}
