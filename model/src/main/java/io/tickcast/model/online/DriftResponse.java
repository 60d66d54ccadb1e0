package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the learner does for a while after a drift alarm, as a schedule in bars since the alarm
 * (event time):
 * <ul>
 *   <li>a learning-rate multiplier {@code 1 + (boost − 1)·2^(−bars/boostHalfLife)} that decays
 *       back to 1;
 *   <li>a one-shot request to reset Adam's moments ({@link #takeMomentReset()}), so stale
 *       second-moment estimates do not damp the first steps of the new regime;
 *   <li>a replay horizon {@code min(W, max(shortWindow, bars))}: right after the alarm the replay
 *       draws only from the newest {@code shortWindow} sequences, then the window grows with the
 *       new regime's data back to W, so the old regime is forgotten, not replayed.
 * </ul>
 * Each part can be switched off (boost 1, reset false, shortWindow ≥ W) to measure it alone.
 * Not thread-safe.
 */
public final class DriftResponse {


  private final double boost;
  private final double boostHalfLife;
  private final boolean resetMoments;
  private final int shortWindow;
  private long barsSince = -1;
  private boolean pendingReset;

  /**
   * @param boost learning-rate multiplier right after an alarm, >= 1
   * @param boostHalfLife half-life of the boost in bars, > 0
   * @param resetMoments request an Adam moment reset on each alarm
   * @param shortWindow replay horizon right after an alarm, in sequences, >= 1
   */
  public DriftResponse(double boost, double boostHalfLife, boolean resetMoments,
      int shortWindow) {
    if (!(boost >= 1) || !Double.isFinite(boost) || !(boostHalfLife > 0) || shortWindow < 1) {
      throw new IllegalArgumentException(
          "need boost >= 1, boostHalfLife > 0, shortWindow >= 1");
    }
    this.boost = boost;
    this.boostHalfLife = boostHalfLife;
    this.resetMoments = resetMoments;
    this.shortWindow = shortWindow;
  }

  /** No response at all (the baseline of the ablation). */
  public static DriftResponse none() {
    return new DriftResponse(1, 1, false, Integer.MAX_VALUE);
  }

  /** A drift alarm on this bar. */
  public void onAlarm() {
    barsSince = 0;
    pendingReset = resetMoments;
  }

  /** One bar passed (call once per bar, after any {@link #onAlarm}). */
  public void onBar() {
    if (barsSince >= 0) {
      barsSince++;
    }
  }

  /** Factor on the learning rate now (1 when no alarm yet or long after). */
  public double lrMultiplier() {
    return lrMultiplier(barsSince);
  }

  /**
   * Factor on the learning rate {@code barsSince} bars after an alarm (-1: none), for callers
   * that keep the alarm clock themselves (the production pipeline's drift monitor).
   */
  public double lrMultiplier(long barsSince) {
    return barsSince < 0 ? 1 : 1 + (boost - 1) * Math.pow(0.5, barsSince / boostHalfLife);
  }

  /** Replay horizon now, given the full window W. */
  public int replayHorizon(int window) {
    return replayHorizon(window, barsSince);
  }

  /** Replay horizon {@code barsSince} bars after an alarm (-1: none), given the full window W. */
  public int replayHorizon(int window, long barsSince) {
    if (barsSince < 0) {
      return window;
    }
    return (int) Math.min(window, Math.max(shortWindow, barsSince));
  }

  /** True once per alarm when moment resets are enabled; clears the request. */
  public boolean takeMomentReset() {
    boolean r = pendingReset;
    pendingReset = false;
    return r;
  }

  /** Bars since the last alarm, or -1 if none. */
  public long barsSinceAlarm() {
    return barsSince;
  }

}
