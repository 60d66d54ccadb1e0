package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.LstmKernel;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A learned skip from the linear expert's forecast to the LSTM's mean (issue 10): the LSTM
 * expert's mean is {@code g · head_mu(h_T) + θ · z}, where {@code z = x_fast(T)} is the network's
 * sixth input at the last step of the sequence (the linear expert's forecast of the label,
 * already in label units) and θ a learned scalar, the share of the linear forecast the expert
 * passes straight through, and g ∈ [0, 1] the network's gain.
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
 *   P ← λ·P + Σ_b z_b²,    θ ← θ + Σ_b z_b·(y_b − g·m_b − θ·z_b) / (P + κ)
 * </pre>
 * (g = 1 without the gain), i.e. the discounted least-squares coefficient given the current
 * network, with a floor κ on the precision so that a stretch of zero inputs cannot make it jump.
 * The network then steps on the residual labels {@code y_b − θ·z_b}, which for the network's
 * parameters is exactly the gradient of the Gaussian NLL of the full output {@code m + θ·z} (at
 * g = 1); both minimise the same loss, each block in turn (θ exactly, the network by descent),
 * so they do not oscillate against each other. Both commit only with the step (a refused step
 * changes neither).
 *
 * <p>The network's gain g (on by default since 2026-12-03, {@code gainForgetting} &gt; 0): after
 * a shift the network keeps forecasting the old regime for as long as Adam needs to unlearn it
 * (1,500 bars on a weak AR(5) signal), and on noise its forecast is noise; both only add error
 * to θ·z. g is the least-squares coefficient of the network's mean on what θ·z leaves, by RLS
 * with its own, shorter memory ({@code Q ← μ·Q + Σ m_b²}, {@code g ← g + Σ m_b·(y_b − θ·z_b −
 * g·m_b) / (Q + κ)}, then clamped to [0, 1]: it shrinks the network, never amplifies it). θ is
 * fitted first, on {@code y − g·m}. The network still steps on {@code y − θ·z} (g is a
 * calibration of its forecast, not part of its loss), so it keeps learning while turned down.
 * Measured (bench/results/regime-gain2, over forecaster seeds 42–47): 3.8 vs 4.2 missed targets
 * on suite seeds 1–3 and 4.5 vs 7.7 on 6–11 against the skip without it; S&amp;P's published
 * skill +0.050 % vs +0.017 %, Bitstamp's 15.03 vs 15.22 %.
 *
 * <p>g's fit weighs the batch's examples by recency (on by default since 2026-12-03,
 * {@code gainHalfLife} &gt; 0): example b counts {@code 2^(−age_b / gainHalfLife)} in g's sums,
 * age in labelled sequences (0 = labelled on this bar), with a floor of {@value #WEIGHTED_FLOOR}
 * (about one step's total weight). Why: the replay batch is drawn with a half-life of 64
 * sequences, so most of its examples are from before a shift for about a hundred bars, and the
 * network, still in the old regime, fits those well: unweighted, g learnt that the network was
 * wrong only as fast as the replay forgot. θ keeps the whole batch: the linear forecast's share
 * is a slow quantity, and weighting θ alone was worse in a first look at one forecaster seed (AR(5)
 * seed 3's LSTM re-learnt its first shift in 1,469 bars instead of 336). Measured over forecaster
 * seeds 42–47 (bench/results/regime-fresh): 2.3 vs 3.8 missed targets on suite seeds 1–3 and 1.8
 * vs 4.5 on 6–11 against the unweighted gain; S&amp;P's published skill +0.068 vs +0.050 %,
 * Bitstamp's 14.95 vs 15.03 %.
 *
 * <p>Measured (bench/results/regime-reskip, regime-skipdef): over forecaster seeds 42–47 the
 * skip at λ 0.998 misses fewer of issue 10's targets than the network alone (4.2 vs 5.8 on suite
 * seeds 1–3, 7.7 vs 12.2 on 6–11); S&amp;P's published skill +0.017 % vs +0.050 %. The update
 * reads the outputs of the forward pass the step's gradient reuses ({@link Step}), so the skip
 * costs no extra forward pass.
 *
 * <p>The learner owns the state {@code [θ, P]}, or {@code [θ, P, g, Q]} with the gain (persisted
 * with the model, {@code ModelCodec} v3 and v4); a model written before the skip restores with
 * θ = 0, P = 0, one written before the gain with g = 1, Q = 0: the same function. Immutable.
 *
 * @param on whether the skip is part of the model (off: the LSTM expert is the network alone,
 *     the previous release's model)
 * @param initial θ of a fresh model
 * @param forgetting λ per optimizer step, in (0, 1]
 * @param floor κ &gt; 0, the precision floor (in units of z², and of m² for the unweighted
 *     gain; the weighted gain's is {@value #WEIGHTED_FLOOR})
 * @param gainForgetting μ per optimizer step for the network's gain, in [0, 1]; 0: no gain (the
 *     network's mean enters whole, the skip of ModelCodec v3)
 * @param gainHalfLife half-life, in labelled sequences, of the recency weights of g's fit, ≥ 0;
 *     0: every example of the batch weighs 1 (the gain as first released)
 */
public record FastSkip(boolean on, double initial, double forgetting, double floor,
    double gainForgetting, double gainHalfLife) {

  /** λ: a memory of about 500 steps, 2,000 bars at a step every 4 (measured best of 0.99/0.998). */
  public static final double FORGETTING = 0.998;
  /**
   * μ: a memory of about 100 steps, 400 bars at a step every 4 (measured 0.98/0.99/0.995 over
   * six forecaster seeds: all fewer misses than no gain; 0.99 fewest combined within the
   * real-data margins; bench/results/regime-gain2).
   */
  public static final double GAIN_FORGETTING = 0.99;
  /**
   * Half-life of g's recency weights: 16 sequences, four steps (measured 8 and 16, with μ 0.99
   * and 0.995, over six forecaster seeds: 16 and 0.99 misses half as many targets as unweighted
   * and alone keeps Bitstamp within 0.1 points; bench/results/regime-fresh). A batch's weights
   * then add up to about 4 per step, the number of new labels a step brings.
   */
  public static final double GAIN_HALF_LIFE = 16;
  /** κ of g's weighted fit: about one step's total weight. */
  static final double WEIGHTED_FLOOR = 4;
  /** κ: one batch of 16 unit-variance inputs. */
  private static final double FLOOR = 16;
  /** Length of the state {@code [θ, P]} when on. */
  static final int STATE_LENGTH = 2;
  /** Length of the state {@code [θ, P, g, Q]} with the gain. */
  static final int GAIN_STATE_LENGTH = 4;
  private static final Logger LOG = LoggerFactory.getLogger(FastSkip.class);

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
    if (!(gainForgetting >= 0 && gainForgetting <= 1)) {
      throw new IllegalArgumentException("fastSkip.gainForgetting must be in [0, 1], was "
          + gainForgetting);
    }
    if (!(gainHalfLife >= 0) || !Double.isFinite(gainHalfLife)) {
      throw new IllegalArgumentException("fastSkip.gainHalfLife must be finite and >= 0, was "
          + gainHalfLife);
    }
  }

  /** The skip of ModelCodec v3: no network gain. */
  public FastSkip(boolean on, double initial, double forgetting, double floor) {
    this(on, initial, forgetting, floor, 0, 0);
  }

  /** No skip: the LSTM expert is the network alone (the previous release's model). */
  public static FastSkip off() {
    return new FastSkip(false, 0, FORGETTING, FLOOR, 0, 0);
  }

  /**
   * The default skip: on, θ starting at 0, λ {@value #FORGETTING}, κ 16, the network's gain with
   * μ {@value #GAIN_FORGETTING}, fitted with recency weights of half-life {@value #GAIN_HALF_LIFE}.
   */
  public static FastSkip defaults() {
    return new FastSkip(true, 0, FORGETTING, FLOOR, GAIN_FORGETTING, GAIN_HALF_LIFE);
  }

  /** This skip with another λ ({@code model.fast.skip.forgetting}). */
  public FastSkip withForgetting(double value) {
    return new FastSkip(on, initial, value, floor, gainForgetting, gainHalfLife);
  }

  /**
   * This skip with another μ for the network's gain ({@code model.fast.skip.gain.forgetting};
   * 0: no gain).
   */
  public FastSkip withGainForgetting(double value) {
    return new FastSkip(on, initial, forgetting, floor, value, gainHalfLife);
  }

  /**
   * This skip with another half-life for g's recency weights
   * ({@code model.fast.skip.gain.half.life}; 0: unweighted).
   */
  public FastSkip withGainHalfLife(double value) {
    return new FastSkip(on, initial, forgetting, floor, gainForgetting, value);
  }

  /** This skip switched on or off ({@code model.fast.skip}), its other fields kept. */
  public FastSkip withOn(boolean value) {
    return new FastSkip(value, initial, forgetting, floor, gainForgetting, gainHalfLife);
  }

  /** Whether the network's gain is learned (the skip on and μ &gt; 0). */
  public boolean gained() {
    return on && gainForgetting > 0;
  }

  /** Length of the learner's state: {@code [θ, P]}, {@code [θ, P, g, Q]} with the gain; 0 off. */
  public int stateLength() {
    return on ? (gained() ? GAIN_STATE_LENGTH : STATE_LENGTH) : 0;
  }

  /** The coefficients the forecast uses, {@code [θ]} or {@code [θ, g]}; empty when off. */
  public static double[] coefficients(double[] state) {
    return state.length == GAIN_STATE_LENGTH ? new double[] {state[0], state[2]}
        : state.length == STATE_LENGTH ? new double[] {state[0]} : new double[0];
  }

  /** The network's gain g in a learner's state: 1 without the gain (the network whole). */
  public static double gain(double[] state) {
    return state.length == GAIN_STATE_LENGTH ? state[2] : 1;
  }

  /** The state of a fresh model: θ = initial, P = 0 (and g = 1, Q = 0). */
  double[] fresh() {
    return on ? (gained() ? new double[] {initial, 0, 1, 0} : new double[] {initial, 0})
        : new double[0];
  }

  /** θ of a fresh model: {@code initial}, or 0 when off (the network alone). */
  public double freshShare() {
    return on ? initial : 0;
  }

  /**
   * This configuration's state from a stored one, the same function where it can be: a model
   * without the skip (empty) gets θ = 0, P = 0, not a fresh model's share, and one without the
   * gain g = 1, Q = 0. What this configuration has no room for (the skip or the gain switched
   * off) is dropped with a WARN: the forecasts change.
   */
  double[] adopt(double[] stored) {
    int length = stateLength();
    if (stored.length > length) {
      LOG.warn("model.fast.skip{} is off: dropping the restored model's learned {} ({}); its"
          + " LSTM forecasts change", length == 0 ? "" : ".gain.forgetting",
          length == 0 ? "skip θ" : "network gain g", stored[length == 0 ? 0 : 2]);
    }
    double[] state = new double[length];
    System.arraycopy(stored, 0, state, 0, Math.min(stored.length, length));
    if (length == GAIN_STATE_LENGTH && stored.length < GAIN_STATE_LENGTH) {
      state[2] = 1;
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

  /** θ·z of sequence {@code example}: what the skip adds to the network's mean. */
  static double contribution(double[] state, float[] x, int example, int seqLength) {
    return state.length == 0 ? 0 : state[0] * input(x, example, seqLength);
  }

  /** The expert's mean from the network's raw mean {@code m}: {@code g·m + θ·z}. */
  static double mean(double[] state, double raw, float[] x, int example, int seqLength) {
    return gain(state) * raw + contribution(state, x, example, seqLength);
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
    private final int[] ages;
    private final int count;
    private final int seqLength;
    private double[] next;

    private Step(FastSkip skip, double[] state, float[] x, float[] y, int[] ages, int count,
        int seqLength) {
      this.skip = skip;
      this.state = state;
      this.x = x;
      this.y = y;
      this.ages = ages;
      this.count = count;
      this.seqLength = seqLength;
      this.next = state;
    }

    /**
     * Whether θ (and g) learn, so the step needs the batch's outputs ({@link #apply}); the
     * learner's state then always has {@link #stateLength} values ({@link #fresh},
     * {@link #adopt}).
     */
    boolean needsOutputs() {
      return skip.on;
    }

    /** The labels to train on with the skip off: y itself. */
    float[] labels() {
      return y;
    }

    /** Updates θ (and g) on the batch's raw outputs; returns the residual labels at the new θ. */
    @Override
    public float[] apply(float[] outputs) {
      next = skip.update(state, outputs, x, y, ages, count, seqLength);
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
   *
   * @param ages each example's age in labelled sequences (g's recency weights), or null: g fits
   *     the whole batch unweighted
   */
  Step step(double[] state, float[] x, float[] y, int[] ages, int count, int seqLength) {
    return new Step(this, state, x, y, ages, count, seqLength);
  }

  /** g's weight of example {@code b}: {@code 2^(−age/gainHalfLife)}, 1 if unweighted. */
  private double gainWeight(int[] ages, int b) {
    return weighted(ages) ? Math.pow(0.5, ages[b] / gainHalfLife) : 1;
  }

  /** Whether g's fit weighs by recency: a half-life and the batch's ages (null: the whole batch). */
  private boolean weighted(int[] ages) {
    return gainHalfLife > 0 && ages != null;
  }

  /**
   * One recursive-least-squares update of {@code [θ, P]} (see the class comment), then of
   * {@code [g, Q]} with the gain, on the head's raw outputs {@code mean} ({@code [count][2]}) at
   * the current parameters; g's sums weigh example b by {@code 2^(−age_b / gainHalfLife)}.
   *
   * @return the state after the update (a new array); the current one if anything is not finite
   */
  double[] update(double[] state, float[] mean, float[] x, float[] y, int[] ages, int count,
      int seqLength) {
    int outputs = LstmKernel.OUTPUTS;
    double gain = gain(state);
    double thetaGrad = 0;
    double p = state[1] * forgetting;
    for (int b = 0; b < count; b++) {
      double z = input(x, b, seqLength);
      thetaGrad += z * (y[b] - gain * mean[b * outputs] - state[0] * z);
      p += z * z;
    }
    double theta = state[0] + thetaGrad / (p + floor);
    if (state.length == STATE_LENGTH) {
      return Double.isFinite(theta) && Double.isFinite(p) ? new double[] {theta, p} : state;
    }
    double gainGrad = 0;
    double q = state[3] * gainForgetting;
    for (int b = 0; b < count; b++) {
      double m = mean[b * outputs];
      double w = gainWeight(ages, b);
      gainGrad += w * m * (y[b] - theta * input(x, b, seqLength) - gain * m);
      q += w * m * m;
    }
    double kappa = weighted(ages) ? WEIGHTED_FLOOR : floor;
    double next = Math.max(0, Math.min(1, gain + gainGrad / (q + kappa)));
    return Double.isFinite(theta) && Double.isFinite(p) && Double.isFinite(next)
        && Double.isFinite(q) ? new double[] {theta, p, next, q} : state;
  }
}
