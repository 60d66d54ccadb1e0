package io.tickcast.model.adapt;

/**
 * Measures recovery after a detected drift, scale-free: the tracked quantity is the rolling ratio
 * {@code Σ e²_model / Σ e²_naive} (that is, 1 − skill) over the last {@code window} scored bars.
 * At a drift the current ratio is taken as the pre-drift level; recovery is the number of bars
 * until the ratio is back within {@code tolerance} (10%) of it. Comparing against naive makes the
 * measure independent of the volatility level, so a 4× volatility jump does not count as an
 * unrecovered error forever. Not thread-safe.
 */
public final class RecoveryTracker {

  private final int window;
  private final double tolerance;
  private final double[] model;
  private final double[] naive;
  private int count;
  private int head;
  private double preDriftRatio = Double.NaN;
  private long barsSinceDrift = -1;

  public RecoveryTracker(int window, double tolerance) {
    if (window < 2 || !(tolerance >= 0)) {
      throw new IllegalArgumentException("window >= 2 and tolerance >= 0 required");
    }
    this.window = window;
    this.tolerance = tolerance;
    this.model = new double[window];
    this.naive = new double[window];
  }

  /**
   * Adds one scored bar's squared errors.
   *
   * @return the recovery time in bars if this bar completed a recovery, else -1
   */
  public long add(double modelSquaredError, double naiveSquaredError) {
    model[head] = modelSquaredError;
    naive[head] = naiveSquaredError;
    head = (head + 1) % window;
    count = Math.min(count + 1, window);
    if (barsSinceDrift < 0) {
      return -1;
    }
    barsSinceDrift++;
    if (count == window && ratio() <= preDriftRatio * (1 + tolerance)) {
      long bars = barsSinceDrift;
      barsSinceDrift = -1;
      return bars;
    }
    return -1;
  }

  /** Marks a drift: the current ratio becomes the level to recover to. */
  public void drift() {
    preDriftRatio = count == 0 ? 1.0 : ratio();
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

  /** Current rolling {@code Σ e²_model / Σ e²_naive} (1 when naive is 0). */
  public double ratio() {
    double m = 0;
    double n = 0;
    for (int i = 0; i < count; i++) {
      m += model[i];
      n += naive[i];
    }
    return n == 0 ? 1.0 : m / n;
  }

  public double preDriftRatio() {
    return preDriftRatio;
  }

  /** Writes the tracker (window contents included). */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(window);
    out.writeInt(count);
    out.writeInt(head);
    out.writeDouble(preDriftRatio);
    out.writeLong(barsSinceDrift);
    for (int i = 0; i < window; i++) {
      out.writeFloat((float) model[i]);
      out.writeFloat((float) naive[i]);
    }
  }

  /** Reads a tracker written by {@link #writeTo} with the same window. */
  public static RecoveryTracker readFrom(java.io.DataInput in, int window, double tolerance)
      throws java.io.IOException {
    int w = in.readInt();
    if (w != window) {
      throw new java.io.IOException("recovery window " + w + " != configured " + window);
    }
    RecoveryTracker t = new RecoveryTracker(window, tolerance);
    t.count = in.readInt();
    t.head = in.readInt();
    t.preDriftRatio = in.readDouble();
    t.barsSinceDrift = in.readLong();
    if (t.count < 0 || t.count > window || t.head < 0 || t.head >= window) {
      throw new java.io.IOException("corrupt recovery tracker");
    }
    for (int i = 0; i < window; i++) {
      t.model[i] = in.readFloat();
      t.naive[i] = in.readFloat();
    }
    return t;
  }
}
