package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import java.util.Arrays;

/**
 * A learned skip from the linear expert's forecast to the LSTM's mean (issue 10): the LSTM
 * expert's mean is {@code head_mu(h_T) + s · x_fast(T)}, where {@code x_fast(T)} is the
 * network's sixth input at the last step of the sequence (the linear expert's forecast of the
 * label, already in label units) and {@code s} a learned scalar, the share of the linear
 * forecast the expert passes straight through. Optionally a second regressor, the sum of the
 * last {@link #MOMENTUM_BARS} normalised returns (the momentum expert's signal, read from the
 * same input), with its own learned coefficient.
 *
 * <p>Why: the network reads that forecast as an input, but its trust in it is spread over
 * thousands of weights that Adam relearns slowly, next to a direct raw-return path that flips
 * sign after a shift. A skip with a learned share keeps "label ≈ linear forecast" in one
 * well-conditioned coefficient, so the network only has to model what the linear part cannot.
 * Unlike the residual LSTM tried before (share fixed at 1, which lost on the threshold kind and
 * real data), {@code s} can go to 0 where the linear forecast is noise.
 *
 * <p>How the coefficients θ learn: by recursive least squares with forgetting, once per
 * optimizer step, on the step's batch at the pre-step parameters: with {@code m_b} the head's
 * mean and {@code z_b} the regressors of example b,
 * <pre>
 *   P ← λ·P + Σ_b z_b z_bᵀ,    θ ← θ + (P + κI)⁻¹ Σ_b z_b·(y_b − m_b − θ·z_b)
 * </pre>
 * i.e. the discounted least-squares coefficients given the current network, with a floor κ on the
 * precision so that a stretch of zero inputs cannot make them jump. The network then steps on the
 * residual labels {@code y_b − θ·z_b}, which for the network's parameters is exactly the gradient
 * of the Gaussian NLL of the full output {@code m + θ·z}; both minimise the same loss, each block
 * in turn (θ exactly, the network by descent), so they do not oscillate against each other. Both
 * commit only with the step (a refused step changes neither).
 *
 * <p>Status: measured on the regime suite and NOT adopted (off by default,
 * {@link ForecasterConfig#DEFAULT_SKIP}). Over forecaster seeds 42–47 the linear skip with λ 0.998
 * misses fewer targets than the network alone (4.2 vs 5.8 on seeds 1–3, 7.7 vs 12.2 on 6–11), but it
 * costs S&amp;P's published skill 0.03 points, just outside the adoption rule, and does not fix
 * AR(5) seed 3 (bench/results/regime-reskip/README.md; the momentum regressor does, at a larger
 * S&amp;P cost: bench/results/regime-skip/README.md). Each step costs one extra forward pass over
 * the batch (≈ 1.23× per bar).
 *
 * <p>The learner owns the state {@code [θ, P]} (persisted with the model, {@code ModelCodec} v3);
 * a model written before the skip restores with no state: θ = 0, the same function.
 *
 * @param on whether the skip is part of the model (off: the LSTM expert is the network alone,
 *     the previous release's model)
 * @param initial {@code s} of a fresh model (the momentum coefficient starts at 0)
 * @param forgetting λ per optimizer step, in (0, 1]
 * @param floor κ &gt; 0, the precision floor (in units of the regressors' squares)
 * @param momentum whether the second regressor (the momentum signal) is used
 * @param stagewise whether θ is fitted to the labels alone (the marginal least squares, the
 *     network then modelling what is left) instead of to what the network leaves
 * @param significance c ≥ 0: each coefficient is used shrunk by {@code max(0, 1 − c²/t²)},
 *     t its least-squares t-statistic at unit noise ({@code θ_i·√(P_ii/}{@value #REPLAYS}{@code )},
 *     a sequence being replayed about that many times); 0 = used as fitted
 * @param fixed whether θ stays at its fresh value instead of learning (the pure residual LSTM at
 *     {@code initial} 1: the network steps on {@code y − x_fast}); a stored share is then
 *     ignored, so a model written without the skip restores with that share, not 0
 */
public record FastSkip(boolean on, double initial, double forgetting, double floor,
    boolean momentum, boolean stagewise, double significance, boolean fixed) {

  /** Times a labelled sequence is drawn into a step, about (B 16 every k 4 bars). */
  static final double REPLAYS = 4;
  /** Returns summed into the momentum regressor (the momentum expert's window). */
  public static final int MOMENTUM_BARS = 5;
  /** λ: a memory of about 100 steps, 400 bars at a step every 4. */
  private static final double FORGETTING = 0.99;
  /** κ: one batch of 16 unit-variance inputs. */
  private static final double FLOOR = 16;

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
    if (!(significance >= 0) || !Double.isFinite(significance)) {
      throw new IllegalArgumentException("fastSkip.significance must be finite and >= 0, was "
          + significance);
    }
  }

  /** A learned skip (θ not {@code fixed}). */
  public FastSkip(boolean on, double initial, double forgetting, double floor,
      boolean momentum, boolean stagewise, double significance) {
    this(on, initial, forgetting, floor, momentum, stagewise, significance, false);
  }

  /** The linear-forecast skip alone, with the given share for a fresh model. */
  public FastSkip(boolean on, double initial, double forgetting, double floor) {
    this(on, initial, forgetting, floor, false, false, 0);
  }

  /** The coefficients θ the forecast uses (shrunk, {@link #used}), from a learner's state. */
  public double[] coefficients(double[] state) {
    return state.length == stateLength() ? Arrays.copyOf(used(state), regressors())
        : new double[0];
  }

  /**
   * The state with each coefficient shrunk by its significance (see {@code significance}): what
   * the forecast and the network's residual labels use; the fit itself continues from the raw
   * coefficients.
   */
  double[] used(double[] state) {
    if (significance <= 0 || state.length == 0) {
      return state;
    }
    int d = regressors();
    double[] out = state.clone();
    for (int i = 0; i < d; i++) {
      double t2 = state[i] * state[i] * state[d + i * d + i] / REPLAYS;
      out[i] = t2 <= 0 ? 0 : state[i] * Math.max(0, 1 - significance * significance / t2);
    }
    return out;
  }

  /** No skip: the LSTM expert is the network alone. */
  public static FastSkip off() {
    return new FastSkip(false, 0, FORGETTING, FLOOR);
  }

  /** The skip, starting at {@code s = 0}, λ 0.99, κ 16. */
  public static FastSkip defaults() {
    return new FastSkip(true, 0, FORGETTING, FLOOR);
  }

  /** Regressors: 1 (the linear forecast), 2 with the momentum signal, 0 when off. */
  public int regressors() {
    return on ? (momentum ? 2 : 1) : 0;
  }

  /** Length of the learner's state {@code [θ (d), P (d × d)]}; 0 when off. */
  public int stateLength() {
    int d = regressors();
    return d + d * d;
  }

  /** The state of a fresh model: θ = (initial, 0), P = 0. */
  double[] fresh() {
    double[] state = new double[stateLength()];
    if (on) {
      state[0] = initial;
    }
    return state;
  }

  /**
   * This configuration's state from a stored one: a model without the skip (empty) gets θ = 0,
   * P = 0, the same function as before, not a fresh model's share; a stored state of the other
   * width keeps its linear-forecast share and precision.
   */
  double[] adopt(double[] stored) {
    if (fixed) {
      // Not learned: the configured share, whatever the record holds.
      return fresh();
    }
    if (stored.length == stateLength()) {
      return stored.clone();
    }
    double[] state = new double[stateLength()];
    if (state.length > 0 && stored.length > 0) {
      int d = regressors();
      int old = stored.length == 2 ? 1 : 2;
      state[0] = stored[0];
      state[d] = stored[old];
    }
    return state;
  }

  /**
   * The fast input at the last step of sequence {@code example} in {@code x} ({@code [n, F, T]}
   * row-major): the linear expert's forecast of that sequence's label, in label units.
   */
  public static double input(float[] x, int example, int seqLength) {
    int width = ForecasterConfig.INPUTS * seqLength;
    return x[example * width + ForecasterConfig.FEATURES * seqLength + seqLength - 1];
  }

  /** The sum of the last {@link #MOMENTUM_BARS} normalised returns of sequence {@code example}. */
  static double momentumInput(float[] x, int example, int seqLength) {
    int base = example * ForecasterConfig.INPUTS * seqLength;
    double sum = 0;
    for (int t = Math.max(0, seqLength - MOMENTUM_BARS); t < seqLength; t++) {
      sum += x[base + t];
    }
    return sum;
  }

  /** θ·z of sequence {@code example}: what the skip adds to the network's mean. */
  static double contribution(double[] state, float[] x, int example, int seqLength) {
    if (state.length == 0) {
      return 0;
    }
    double c = state[0] * input(x, example, seqLength);
    if (state.length > 2) {
      c += state[1] * momentumInput(x, example, seqLength);
    }
    return c;
  }

  /** The residual labels {@code y_b − θ·z_b} of {@code count} sequences (a new array). */
  static float[] residual(double[] state, float[] x, float[] y, int count, int seqLength) {
    float[] r = new float[count];
    for (int b = 0; b < count; b++) {
      r[b] = (float) (y[b] - contribution(state, x, b, seqLength));
    }
    return r;
  }

  /**
   * One recursive-least-squares update of {@code [θ, P]} (see the class comment) on the head's
   * mean outputs the backend computes at its current parameters (one forward pass over the
   * batch; none when the skip is off).
   *
   * @return the state after the update (a new array); the current one if the skip is off or
   *     fixed, or anything is not finite
   */
  double[] update(double[] state, GradientBackend backend, float[] x, float[] y, int count,
      int seqLength) {
    int d = regressors();
    if (d == 0 || fixed || state.length != stateLength()) {
      return state;
    }
    int outputs = LstmKernel.OUTPUTS;
    float[] mean = new float[count * outputs];
    if (!stagewise) {
      backend.output(x, 0, count, seqLength, mean);
    }
    double[] next = state.clone();
    double[] g = new double[d];
    double[] z = new double[d];
    for (int k = 0; k < d * d; k++) {
      next[d + k] *= forgetting;
    }
    for (int b = 0; b < count; b++) {
      z[0] = input(x, b, seqLength);
      if (d > 1) {
        z[1] = momentumInput(x, b, seqLength);
      }
      double r = y[b] - mean[b * outputs] - contribution(state, x, b, seqLength);
      for (int i = 0; i < d; i++) {
        g[i] += z[i] * r;
        for (int j = 0; j < d; j++) {
          next[d + i * d + j] += z[i] * z[j];
        }
      }
    }
    double[] step = solve(next, d, g);
    for (int i = 0; i < d; i++) {
      next[i] += step[i];
    }
    for (double v : next) {
      if (!Double.isFinite(v)) {
        return state;
      }
    }
    return next;
  }

  /** (P + κI)⁻¹ g for d of 1 or 2, P at offset d of {@code state}. */
  private double[] solve(double[] state, int d, double[] g) {
    double a = state[d] + floor;
    if (d == 1) {
      return new double[] {g[0] / a};
    }
    double b = state[d + 1];
    double c = state[d + 3] + floor;
    double det = a * c - b * b;
    return new double[] {(c * g[0] - b * g[1]) / det, (a * g[1] - b * g[0]) / det};
  }
}
