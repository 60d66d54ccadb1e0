package io.tickcast.model.training;

/**
 * A first-order optimizer that owns its state (for Adam: the moment vectors) as plain arrays, in
 * the style of Tribuo's {@code StochasticGradientOptimiser}: the {@link Learner} owns the
 * parameters and hands them in; the optimizer owns everything else a step changes.
 *
 * <p>A step is two-phase so that a rejected step needs no snapshot: {@link #propose} computes the
 * new parameters and the new state into caller buffers (scratch, which the learner borrows per
 * step rather than every live model keeping its own), changing nothing visible;
 * {@link #commit} copies the staged state in. Not committing is the rollback.
 *
 * <p>Not thread-safe: one owner thread.
 */
public interface Optimizer {

  /**
   * Stages one update from the gradient SUMMED over {@code batch} examples.
   *
   * @param params current parameters (read only)
   * @param summedGradient sum of per-example gradients, already clipped
   * @param iteration 0-based update index (bias correction)
   * @param learningRate this update's learning rate
   * @param out receives the updated parameters (same length as {@code params})
   * @param staged receives the updated state in the persisted layout ({@link #stateLength()}
   *     values)
   */
  void propose(float[] params, float[] summedGradient, int batch, int iteration,
      double learningRate, float[] out, float[] staged);

  /** Makes {@code staged}, filled by {@link #propose}, the current state. */
  void commit(float[] staged);

  /** A copy of the current state, in the persisted layout. */
  float[] state();

  /** Length of {@link #state()}. */
  int stateLength();

  /**
   * Replaces the current state.
   *
   * @throws IllegalArgumentException if {@code state} has the wrong length
   */
  void restore(float[] state);

  /** Forgets the state (zero moments), e.g. after a regime change. */
  void reset();

  /**
   * Forgets the direction (Adam's first moment) of parameters {@code from .. from+length-1} only,
   * e.g. a head row that was just re-solved in closed form, so old momentum does not pull it
   * back. The scale (second moment) and the bias-correction clock are kept: zeroing the second
   * moment too, without restarting the clock, would make the row's next steps several × lr;
   * keeping it, they stay at most about lr.
   */
  void resetFirstMoment(int from, int length);

  /**
   * Multiplies the first moment of parameters {@code from .. from+length-1} by {@code factor},
   * e.g. −1 after a head row's sign was flipped ({@link HeadGain}), so its momentum keeps the
   * same direction in function space.
   */
  void scaleFirstMoment(int from, int length, float factor);
}
