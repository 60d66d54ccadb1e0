package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import java.util.function.UnaryOperator;

/**
 * A learned skip from the linear expert's forecast to the LSTM's mean (issue 10): the LSTM
 * expert's mean is {@code head_mu(h_T) + θ · z}, where {@code z = x_fast(T)} is the network's
 * sixth input at the last step of the sequence (the linear expert's forecast of the label,
 * already in label units) and θ a learned scalar, the share of the linear forecast the expert
 * passes straight through.
 *
 * <p>Why: the network reads that forecast as an input, but its trust in it is spread over
 * thousands of weights that Adam relearns slowly, next to a direct raw-return path that flips
 * sign after a shift. A skip with a learned share keeps "label ≈ linear forecast" in one
 * well-conditioned coefficient, so the network only has to model what the linear part cannot.
 * Unlike a residual LSTM (share fixed at 1: it lost on the threshold kind and on AR(5)'s sign
 * flips), θ can go to 0 where the linear forecast is noise.
 *
 * <p>How θ learns: by recursive least squares with forgetting, once per optimizer step, on the
 * step's batch at the pre-step parameters: with {@code m_b} the head's mean of example b,
 * <pre>
 *   P ← λ·P + Σ_b z_b²,    θ ← θ + Σ_b z_b·(y_b − m_b − θ·z_b) / (P + κ)
 * </pre>
 * i.e. the discounted least-squares coefficient given the current network, with a floor κ on the
 * precision so that a stretch of zero inputs cannot make it jump. The network then steps on the
 * residual labels {@code y_b − θ·z_b}, which for the network's parameters is exactly the gradient
 * of the Gaussian NLL of the full output {@code m + θ·z}; both minimise the same loss, each block
 * in turn (θ exactly, the network by descent), so they do not oscillate against each other. Both
 * commit only with the step (a refused step changes neither).
 *
 * <p>Measured (bench/results/regime-reskip, regime-skipdef): over forecaster seeds 42–47 the
 * skip at λ 0.998 misses fewer of issue 10's targets than the network alone (4.2 vs 5.8 on suite
 * seeds 1–3, 7.7 vs 12.2 on 6–11); S&amp;P's published skill +0.017 % vs +0.050 %. The update
 * reads the outputs of the forward pass the step's gradient reuses ({@link Step}), so the skip
 * costs no extra forward pass.
 *
 * <p>The learner owns the state {@code [θ, P]} (persisted with the model, {@code ModelCodec} v3);
 * a model written before the skip restores with θ = 0, P = 0: the same function. Immutable.
 *
 * @param on whether the skip is part of the model (off: the LSTM expert is the network alone,
 *     the previous release's model)
 * @param initial θ of a fresh model
 * @param forgetting λ per optimizer step, in (0, 1]
 * @param floor κ &gt; 0, the precision floor (in units of z²)
 */
public record FastSkip(boolean on, double initial, double forgetting, double floor) {

  /** λ: a memory of about 500 steps, 2,000 bars at a step every 4 (measured best of 0.99/0.998). */
  public static final double FORGETTING = 0.998;
  /** κ: one batch of 16 unit-variance inputs. */
  private static final double FLOOR = 16;
  /** Length of the state {@code [θ, P]} when on. */
  static final int STATE_LENGTH = 2;

  public FastSkip {
    if (!Double.isFinite(initial)) {
      throw new IllegalArgumentException("fastSkip.initial must be finite, was " + initial);
    }
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException("fastSkip.forgetting must be in (0, 1], was "
          + forgetting);
    }
    if (!(floor > 0) || !Double.isFinite(floor)) {
      throw new IllegalArgumentException("fastSkip.floor must be finite and > 0, was " + floor);
    }
  }

  /** No skip: the LSTM expert is the network alone (the previous release's model). */
  public static FastSkip off() {
    return new FastSkip(false, 0, FORGETTING, FLOOR);
  }

  /** The default skip: on, θ starting at 0, λ {@value #FORGETTING}, κ 16. */
  public static FastSkip defaults() {
    return new FastSkip(true, 0, FORGETTING, FLOOR);
  }

  /** This skip with another λ ({@code model.fast.skip.forgetting}). */
  public FastSkip withForgetting(double value) {
    return new FastSkip(on, initial, value, floor);
  }

  /** This skip switched on or off ({@code model.fast.skip}), its other fields kept. */
  public FastSkip withOn(boolean value) {
    return new FastSkip(value, initial, forgetting, floor);
  }

  /** Length of the learner's state {@code [θ, P]}; 0 when off. */
  public int stateLength() {
    return on ? STATE_LENGTH : 0;
  }

  /** The coefficient θ the forecast uses, from a learner's state (empty when off). */
  public double[] coefficients(double[] state) {
    return state.length == STATE_LENGTH ? new double[] {state[0]} : new double[0];
  }

  /** The state of a fresh model: θ = initial, P = 0. */
  double[] fresh() {
    return on ? new double[] {initial, 0} : new double[0];
  }

  /** θ of a fresh model: {@code initial}, or 0 when off (the network alone). */
  public double freshShare() {
    return on ? initial : 0;
  }

  /**
   * This configuration's state from a stored one: a model without the skip (empty) gets θ = 0,
   * P = 0, the same function as before, not a fresh model's share; with the skip off, a stored
   * state is dropped (the caller logs it: the forecasts change).
   */
  double[] adopt(double[] stored) {
    if (stored.length == stateLength()) {
      return stored.clone();
    }
    return new double[stateLength()];
  }

  /**
   * The fast input at the last step of sequence {@code example} in {@code x} ({@code [n, F, T]}
   * row-major): the linear expert's forecast of that sequence's label, in label units.
   */
  public static double input(float[] x, int example, int seqLength) {
    int width = ForecasterConfig.INPUTS * seqLength;
    return x[example * width + ForecasterConfig.FEATURES * seqLength + seqLength - 1];
  }

  /** θ·z of sequence {@code example}: what the skip adds to the network's mean. */
  static double contribution(double[] state, float[] x, int example, int seqLength) {
    return state.length == 0 ? 0 : state[0] * input(x, example, seqLength);
  }

  /** The residual labels {@code y_b − θ·z_b} of {@code count} sequences (a new array). */
  static float[] residual(double[] state, float[] x, float[] y, int count, int seqLength) {
    float[] r = new float[count];
    for (int b = 0; b < count; b++) {
      r[b] = (float) (y[b] - contribution(state, x, b, seqLength));
    }
    return r;
  }

  /** One optimizer step's skip update on a batch: {@link FastSkip#step}. */
  static final class Step implements UnaryOperator<float[]> {
    private final FastSkip skip;
    private final double[] state;
    private final float[] x;
    private final float[] y;
    private final int count;
    private final int seqLength;
    private double[] next;

    private Step(FastSkip skip, double[] state, float[] x, float[] y, int count, int seqLength) {
      this.skip = skip;
      this.state = state;
      this.x = x;
      this.y = y;
      this.count = count;
      this.seqLength = seqLength;
      this.next = state;
    }

    /**
     * Whether θ learns, so the step needs the batch's outputs ({@link #apply}); the learner's
     * state then always has {@link #STATE_LENGTH} values ({@link #fresh}, {@link #adopt}).
     */
    boolean needsOutputs() {
      return skip.on;
    }

    /** The labels to train on with the skip off: y itself. */
    float[] labels() {
      return y;
    }

    /** Updates θ on the batch's raw outputs; returns the residual labels at the new θ. */
    @Override
    public float[] apply(float[] outputs) {
      next = skip.update(state, outputs, x, y, count, seqLength);
      return residual(next, x, y, count, seqLength);
    }

    /** The state after the step (the current one until {@link #apply}). */
    double[] next() {
      return next;
    }
  }

  /**
   * The skip's part of one optimizer step at the current parameters: it updates θ from the
   * batch's outputs and leaves the residual labels the network steps on, on which the network's
   * NLL gradient is that of the full output {@code m + θ·z}. Commits nothing.
   */
  Step step(double[] state, float[] x, float[] y, int count, int seqLength) {
    return new Step(this, state, x, y, count, seqLength);
  }

  /**
   * One recursive-least-squares update of {@code [θ, P]} (see the class comment) on the head's
   * raw outputs {@code mean} ({@code [count][2]}) at the current parameters.
   *
   * @return the state after the update (a new array); the current one if anything is not finite
   */
  double[] update(double[] state, float[] mean, float[] x, float[] y, int count, int seqLength) {
    int outputs = LstmKernel.OUTPUTS;
    double g = 0;
    double p = state[1] * forgetting;
    for (int b = 0; b < count; b++) {
      double z = input(x, b, seqLength);
      g += z * (y[b] - mean[b * outputs] - state[0] * z);
      p += z * z;
    }
    double theta = state[0] + g / (p + floor);
    return Double.isFinite(theta) && Double.isFinite(p) ? new double[] {theta, p} : state;
  }
}
