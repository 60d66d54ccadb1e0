package io.tickcast.model;

import io.tickcast.model.domain.Forecast;

/**
 * What one {@link SymbolForecaster#onBar} call produced.
 *
 * @param accepted false for a stale bar ({@code endMs <=} the last accepted bar's event time) or
 *     one whose features would not be finite; such a bar changed nothing and all other
 *     components are then null/false
 * @param forecast the forecast of the next bar's log return, or null while fewer than
 *     {@code seqLength} feature rows exist
 * @param step the optimizer step run on this bar, or null if none was due
 * @param score the score of the previous forecast against this bar's return, or null if there
 *     was no previous forecast
 * @param modelChanged true when a step ran (applied, rolled back or skipped: the guard's or the
 *     learner's persisted state changed), i.e. {@code modelBytes()} changed
 * @param rolledBack the step was computed but not applied (non-finite result or exploding loss)
 * @param adaptation the drift signal's outcome on this bar, or null for a rejected bar
 * @param extra the catch-up steps or refit on this bar besides {@code step} ({@link
 *     ExtraSteps#NONE} on most bars), so counters of steps, rollbacks and refits see each
 */
public record BarResult(
    boolean accepted, Forecast forecast, TrainingStep step, Score score, boolean modelChanged,
    boolean rolledBack, Adaptation adaptation, ExtraSteps extra) {

  /**
   * Extra updates of one bar (the catch-up after a skill alarm: optimizer steps, or a
   * closed-form head refit), beside the regular step.
   *
   * @param applied optimizer steps the guard let through (refits are not steps: see
   *     {@code refits})
   * @param rolledBack steps computed but not applied (their loss exploded or was not finite)
   * @param refits head refits applied (the parameters and the model version changed)
   * @param refitsRefused head refits tried but not applied (fewer than 2 labelled sequences, a
   *     non-finite input or result, or no lower loss: nothing changed)
   * @param nanos wall-clock time all of them took, in nanoseconds
   */
  public record ExtraSteps(int applied, int rolledBack, int refits, int refitsRefused,
      long nanos) {

    /** No extra step on this bar. */
    public static final ExtraSteps NONE = new ExtraSteps(0, 0, 0, 0, 0);

    /** Steps only, no refit tried. */
    public ExtraSteps(int applied, int rolledBack, long nanos) {
      this(applied, rolledBack, 0, 0, nanos);
    }

    /**
     * Whether any extra step ran (applied or rolled back) or a refit was applied: the model
     * record changed. A refused refit changes nothing.
     */
    public boolean ran() {
      return applied + rolledBack + refits > 0;
    }

    /** Whether anything was tried, a refused refit included (something to count). */
    public boolean tried() {
      return ran() || refitsRefused > 0;
    }
  }

  /**
   * Regime-adaptivity outcome of one accepted bar.
   *
   * @param drift the drift detector alarmed on this bar's prequential error
   * @param recoveredBars bars the recovery from the last drift took, if it completed on this bar,
   *     else -1
   * @param batchSize batch size of the next optimizer step
   * @param drifts drift alarms so far
   */
  public record Adaptation(boolean drift, long recoveredBars, int batchSize, long drifts) {}

  /** Steps rolled back on this bar: the regular one (0 or 1) and the catch-up's. */
  public int rollbacks() {
    return (rolledBack ? 1 : 0) + extra.rolledBack();
  }

  /** The result for a rejected (duplicate or out-of-order) bar. */
  public static BarResult rejected() {
    return new BarResult(false, null, null, null, false, false, null, ExtraSteps.NONE);
  }
}
