package io.tickcast.model.adapt;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Measures recovery after a detected drift on a scale-free error: the model's standardised
 * squared error {@code z² = (r − μ̂)² / σ̂²} (its own forecast sigma), clipped by the caller. The
 * tracker keeps a rolling mean over the last {@code window} scored bars and a slow EMA (half-life
 * {@code 2.5 · window} bars) of the normal level, updated only while no drift is being recovered
 * from. At a drift the normal level becomes the pre-drift level; recovery is the number of bars
 * until the rolling mean is back within {@code tolerance} (10%) of it. Being standardised, the
 * measure also works across a volatility jump (it then times how long the forecast sigma takes
 * to catch up), where a raw MSE would never return to its pre-drift value. Not thread-safe.
 */
public final class RecoveryTracker {

  /**
   * Windows after which an unfinished recovery is given up: the error level has changed for good
   * (a market that was dead or flat before the alarm never returns to its near-zero error), and
   * since the normal level is only tracked while not recovering, waiting on would leave the
   * tracker "recovering" for ever, and with it the drift response's clock and the catch-up's
   * gate (RecoveryLockoutTest). 40 windows (2,000 bars at the defaults) is an order of magnitude
   * past the longest recovery seen in 300,000 bars of the long run (187 bars), and the drift
   * response's learning-rate boost has decayed below float precision by then.
   */
  public static final int GIVE_UP_WINDOWS = 40;

  private final int window;
  private final double tolerance;
  private final double alpha;
  private final double[] values;
  private int count;
  private int head;
  private double normalLevel;
  private long normalSamples;
  private double preDriftLevel = Double.NaN;
  private long barsSinceDrift = -1;

  public RecoveryTracker(int window, double tolerance) {
    if (window < 2 || !(tolerance >= 0)) {
      throw new IllegalArgumentException("window >= 2 and tolerance >= 0 required");
    }
    this.window = window;
    this.tolerance = tolerance;
    this.alpha = Math.log(2) / (2.5 * window);
    this.values = new double[window];
  }

  /**
   * Adds one scored bar's standardised squared error.
   *
   * @return the recovery time in bars if this bar completed a recovery, else -1 (also when the
   *     recovery is given up after {@value #GIVE_UP_WINDOWS} windows)
   */
  public long add(double x) {
    if (!Double.isFinite(x)) {
      return -1;
    }
    // Held at the float precision writeTo stores, so a restored tracker's rolling mean (and a
    // pre-drift level taken from it, before the window's worth of calm bars) is exactly the
    // live one's: with doubles here a restart could move the recovery by a bar and changed the
    // persisted pre-drift level (EarlyDriftRestoreTest).
    values[head] = (float) x;
    head = (head + 1) % window;
    count = Math.min(count + 1, window);
    if (barsSinceDrift < 0) {
      normalLevel = normalSamples == 0 ? x : (1 - alpha) * normalLevel + alpha * x;
      normalSamples++;
      return -1;
    }
    barsSinceDrift++;
    if (rollingMean() <= preDriftLevel * (1 + tolerance)) {
      long bars = barsSinceDrift;
      barsSinceDrift = -1;
      return bars;
    }
    if (barsSinceDrift >= (long) GIVE_UP_WINDOWS * window) {
      barsSinceDrift = -1; // not recovered: no recovery time to report
    }
    return -1;
  }

  /** Marks a drift: the normal level becomes the level to recover to. */
  public void drift() {
    preDriftLevel = normalSamples >= window ? normalLevel : Math.max(rollingMean(), 1e-12);
    barsSinceDrift = 0;
  }

  /** True while a drift has not been recovered from. */
  public boolean recovering() {
    return barsSinceDrift >= 0;
  }

  /** Bars since the last unrecovered drift, or -1. */
  public long barsSinceDrift() {
    return barsSinceDrift;
  }

  /** Mean of the last {@code window} values (0 before any). */
  public double rollingMean() {
    double s = 0;
    for (int i = 0; i < count; i++) {
      s += values[i];
    }
    return count == 0 ? 0 : s / count;
  }

  public double preDriftLevel() {
    return preDriftLevel;
  }

  /** Writes the tracker (window contents included). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(window);
    out.writeInt(count);
    out.writeInt(head);
    out.writeDouble(normalLevel);
    out.writeLong(normalSamples);
    out.writeDouble(preDriftLevel);
    out.writeLong(barsSinceDrift);
    for (int i = 0; i < window; i++) {
      out.writeFloat((float) values[i]);
    }
  }

  /** Reads a tracker written by {@link #writeTo} with the same window. */
  public static RecoveryTracker readFrom(DataInput in, int window, double tolerance)
      throws IOException {
    int w = in.readInt();
    if (w != window) {
      throw new IOException("recovery window " + w + " != configured " + window);
    }
    RecoveryTracker t = new RecoveryTracker(window, tolerance);
    t.count = in.readInt();
    t.head = in.readInt();
    t.normalLevel = in.readDouble();
    t.normalSamples = in.readLong();
    t.preDriftLevel = in.readDouble();
    t.barsSinceDrift = in.readLong();
    if (t.count < 0 || t.count > window || t.head < 0 || t.head >= window || t.normalSamples < 0
        || !Double.isFinite(t.normalLevel)) {
      throw new IOException("corrupt recovery tracker");
    }
    for (int i = 0; i < window; i++) {
      t.values[i] = in.readFloat();
    }
    return t;
  }
}
