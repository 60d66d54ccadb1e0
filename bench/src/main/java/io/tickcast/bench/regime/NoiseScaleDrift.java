package io.tickcast.bench.regime;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Drift signal from the gradient noise scale: at a real regime shift the true gradient |G|²
 * jumps (the model is suddenly wrong) while the per-example noise trΣ does not, so
 * {@code B_simple = trΣ/|G|²} collapses. The test compares a fast and a slow EMA of
 * {@code ln B_simple} and alarms when the fast one falls more than {@code ln(collapse)} below the
 * slow one; after an alarm the slow EMA is reset to the fast one and no alarm is possible for
 * {@code refractory} observations.
 *
 * <p>One {@link #add} per optimizer step (not per bar). Non-positive or non-finite estimates (the
 * estimator's "unknown") are skipped. Not thread-safe.
 */
public final class NoiseScaleDrift {


  private double fastAlpha;
  private double slowAlpha;
  private double logCollapse;
  private final int warmup;
  private double fast;
  private double slow;
  private long seen;
  private long sinceAlarm;

  /**
   * @param fastHalfLife half-life of the fast EMA in steps, >= 1
   * @param slowHalfLife half-life of the slow EMA in steps, > fastHalfLife
   * @param collapse alarm when the fast level is below slow / collapse, > 1
   * @param warmup steps before the first alarm is possible, and after each alarm
   */
  public NoiseScaleDrift(double fastHalfLife, double slowHalfLife, double collapse, int warmup) {
    if (!(fastHalfLife >= 1) || !(slowHalfLife > fastHalfLife) || !(collapse > 1)
        || warmup < 0) {
      throw new IllegalArgumentException(
          "need fastHalfLife >= 1, slowHalfLife > fastHalfLife, collapse > 1, warmup >= 0");
    }
    this.fastAlpha = alpha(fastHalfLife);
    this.slowAlpha = alpha(slowHalfLife);
    this.logCollapse = Math.log(collapse);
    this.warmup = warmup;
  }

  /**
   * Adds one step's noise-scale estimate.
   *
   * @return true when this observation raised an alarm
   */
  public boolean add(double bSimple) {
    if (!(bSimple > 0) || !Double.isFinite(bSimple)) {
      return false;
    }
    double l = Math.log(bSimple);
    if (seen == 0) {
      fast = l;
      slow = l;
    } else {
      fast += fastAlpha * (l - fast);
      slow += slowAlpha * (l - slow);
    }
    seen++;
    sinceAlarm++;
    if (seen > warmup && sinceAlarm > warmup && fast < slow - logCollapse) {
      slow = fast;
      sinceAlarm = 0;
      return true;
    }
    return false;
  }

  /** Current collapse ratio exp(slow − fast) (> 1 means the noise scale is falling). */
  public double ratio() {
    return Math.exp(slow - fast);
  }

  /** The EW weight of a new observation for a half-life in bars. */
  private static double alpha(double halfLife) {
    return 1.0 - Math.pow(0.5, 1.0 / halfLife);
  }
}
