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
 * <p><b>Persistent shifts.</b> The loss judged is the batch's loss at the pre-update parameters,
 * so a lasting rise of the loss level (a market that trades again after a flat stretch, a
 * volatility regime the model has not seen) looks like an explosion to every following batch,
 * and refusing the steps is what keeps the loss up: statistics fed by accepted steps only never
 * move again (a permanent lockout: 1,445 of ≈ 2,250 steps refused on the robustness suite's
 * flat-stretch kind). A bad bar looks the same for a while: it sits in the inputs of the next
 * {@code seqLength} sequences, and replay draws them into batch after batch. So only a long run
 * of refusals, {@value #PERSISTENT} regular steps in a row (64 bars at a step every 4), counts as
 * a shift; from then on each further refusal folds its loss into the statistics, <b>capped at the
 * threshold it failed</b>, which raises the threshold by at most ≈ 55 % per refusal (the deviation
 * grows by (1 − α) + α·{@value #FACTOR}): a shift of a thousand deviations is admitted ≈ 14
 * refusals later. Refusals of steps whose batches are not independent draws (the catch-up's,
 * from the newest 32 sequences) flag the forecasts but neither lengthen the run nor fold.
 */
public final class DivergenceGuard {

  /** Accepted steps before explosion checks start. */
  public static final int WARMUP = 10;
  /** Robust deviations above the mean that count as an explosion. */
  public static final double FACTOR = 12.0;
  /** Floor of the deviation, in nats, so a very flat loss history is not over-sensitive. */
  public static final double DEVIATION_FLOOR = 0.5;
  /** Regular refusals in a row after which the loss level counts as shifted. */
  public static final int PERSISTENT = 16;
  /** Largest refusal run kept (persisted in one byte). */
  private static final int MAX_RUN = 127;
  private static final double ALPHA = 0.05;

  private double lossEma;
  private double lossDev;
  private long accepted;
  private long rollbacks;
  private int refusedInARow;

  /** A fresh guard. */
  public DivergenceGuard() {}

  /**
   * Restores a guard from its persisted fields.
   *
   * @param refusedInARow refusals since the last accepted step (0 = the last step was accepted;
   *     a record of the previous release stores 0 or 1 here)
   */
  public DivergenceGuard(double lossEma, double lossDev, long accepted, long rollbacks,
      int refusedInARow) {
    if (refusedInARow < 0 || refusedInARow > MAX_RUN) {
      throw new IllegalArgumentException("refusal run " + refusedInARow + " out of [0, " + MAX_RUN
          + "]");
    }
    this.lossEma = lossEma;
    this.lossDev = lossDev;
    this.accepted = accepted;
    this.rollbacks = rollbacks;
    this.refusedInARow = refusedInARow;
  }

  /** True when {@code loss} is not finite or explodes against the accepted history. */
  public boolean isExploding(double loss) {
    if (!Double.isFinite(loss)) {
      return true;
    }
    return accepted >= WARMUP && loss > threshold();
  }

  /** The loss above which a step counts as exploding (once past the warm-up), in nats. */
  public double threshold() {
    return lossEma + FACTOR * Math.max(lossDev, DEVIATION_FLOOR);
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
    refusedInARow = 0;
  }

  /** Records a refused regular step with the loss it was refused for (see the class comment). */
  public void rolledBack(double loss) {
    rolledBack(loss, true);
  }

  /**
   * Records a refused step; with {@code regular} false (an extra step on the same bar) it only
   * counts and flags.
   */
  public void rolledBack(double loss, boolean regular) {
    if (regular) {
      if (refusedInARow >= PERSISTENT && accepted > 0 && Double.isFinite(loss)) {
        fold(Math.min(loss, threshold()));
      }
      refusedInARow = Math.min(MAX_RUN, refusedInARow + 1);
    } else {
      refusedInARow = Math.max(refusedInARow, 1);
    }
    rollbacks++;
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

  /** Refusals since the last accepted step, at most 127. */
  public int refusedInARow() {
    return refusedInARow;
  }

  /** True from a rollback until the next accepted step: forecasts are then flagged. */
  public boolean lastRolledBack() {
    return refusedInARow > 0;
  }
}
