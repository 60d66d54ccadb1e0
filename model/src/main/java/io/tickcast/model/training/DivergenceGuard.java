package io.tickcast.model.training;

/**
 * Decides whether an optimizer step diverged and must be rolled back, and remembers that it did.
 *
 * <p>A step is rejected when its mini-batch loss explodes: more than {@link #FACTOR} robust
 * deviations above the exponentially weighted mean of recent accepted losses (after {@link
 * #WARMUP} accepted steps, so the first noisy losses cannot trip it). Non-finite parameters after
 * an update are checked by the caller. The state is tiny and is persisted with the model, so a
 * restarted instance keeps judging against the same history. Not thread-safe.
 *
 * <p>The loss judged is the batch's loss at the pre-update parameters, so a persistent rise of
 * the loss level (a market that reopens after a flat stretch, a volatility regime the model has
 * not seen) looks like an explosion to every following batch, and refusing the steps is what
 * keeps the loss up: a statistics fed by accepted steps only never moves again (a permanent
 * lockout: 1,445 of ≈2,250 steps refused on the robustness suite's flat-stretch kind). So a
 * refusal right after a refusal folds its loss into the statistics like an accepted one: a lone
 * spike is still refused and forgotten, while a persistent shift moves the baseline and is
 * admitted after a few refusals (about three at a rise of a thousand deviations).
 */
public final class DivergenceGuard {

  /** Accepted steps before explosion checks start. */
  public static final int WARMUP = 10;
  /** Robust deviations above the mean that count as an explosion. */
  public static final double FACTOR = 12.0;
  /** Floor of the deviation, in nats, so a very flat loss history is not over-sensitive. */
  public static final double DEVIATION_FLOOR = 0.5;
  private static final double ALPHA = 0.05;

  private double lossEma;
  private double lossDev;
  private long accepted;
  private long rollbacks;
  private boolean lastRolledBack;

  /** A fresh guard. */
  public DivergenceGuard() {}

  /** Restores a guard from its persisted fields. */
  public DivergenceGuard(double lossEma, double lossDev, long accepted, long rollbacks,
      boolean lastRolledBack) {
    this.lossEma = lossEma;
    this.lossDev = lossDev;
    this.accepted = accepted;
    this.rollbacks = rollbacks;
    this.lastRolledBack = lastRolledBack;
  }

  /** True when {@code loss} is not finite or explodes against the accepted history. */
  public boolean isExploding(double loss) {
    if (!Double.isFinite(loss)) {
      return true;
    }
    return accepted >= WARMUP && loss > lossEma + FACTOR * Math.max(lossDev, DEVIATION_FLOOR);
  }

  /** Records an accepted step's loss. */
  public void accept(double loss) {
    if (accepted == 0) {
      lossEma = loss;
      lossDev = 0;
    } else {
      fold(loss);
    }
    accepted++;
    lastRolledBack = false;
  }

  /**
   * Records a rolled-back step with the loss it was refused for; a second refusal in a row folds
   * that loss into the statistics (see the class comment), a first one leaves them unchanged.
   */
  public void rolledBack(double loss) {
    if (lastRolledBack && accepted > 0 && Double.isFinite(loss)) {
      fold(loss);
    }
    rollbacks++;
    lastRolledBack = true;
  }

  private void fold(double loss) {
    lossDev = (1 - ALPHA) * lossDev + ALPHA * Math.abs(loss - lossEma);
    lossEma = (1 - ALPHA) * lossEma + ALPHA * loss;
  }

  public double lossEma() {
    return lossEma;
  }

  public double lossDev() {
    return lossDev;
  }

  public long accepted() {
    return accepted;
  }

  /** Steps rolled back so far. */
  public long rollbacks() {
    return rollbacks;
  }

  /** True from a rollback until the next accepted step: forecasts are then flagged. */
  public boolean lastRolledBack() {
    return lastRolledBack;
  }
}
