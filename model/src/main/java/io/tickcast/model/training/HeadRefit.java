package io.tickcast.model.training;

import io.tickcast.model.kernel.GaussianNll;
import io.tickcast.model.kernel.LstmKernel;
import java.util.Objects;

/**
 * Closed-form refit of the dense head's mean row (issue 10), the catch-up's answer to a skill
 * alarm. The network's mean output is linear in the last hidden state h_T, and after a shift
 * h_T often already carries what the new regime needs (the newest returns, the linear expert's
 * forecast as an input), while gradient steps move the head only slowly. So the row
 * {@code [w_mu, b_mu]} is re-solved on the newest {@code sequences} labelled sequences by ridge
 * regression of the labels on {@code [h_T, 1]}, shrunk toward the current row:
 * <pre>
 *   min_θ Σ_i (y_i − [h_i, 1]·θ)² + λ'·‖θ − θ_cur‖²,   λ' = ridge · trace(H̃ᵀH̃) / (H + 1)
 * </pre>
 * The sigma row, Adam's moments and the iteration count are left alone. A refit is applied only
 * if every number is finite and it lowers the mean Gaussian NLL over those sequences.
 *
 * <p>Whether it runs ({@link Mode}) and on which alarms is the catch-up's business
 * ({@code pipeline.CatchUp}); how is the learner's ({@link Learner#refitHead}), the one owner of
 * the parameters. The regime suite's sweep of the rejected variants (refit after or before the
 * steps, wider gates, 1/σ²-weighted, Adam's moments of the row zeroed, periodic refits) is
 * reproducible from commit 166325a (bench/results/regime-headfit/README.md).
 *
 * @param mode whether the catch-up refits instead of taking its steps
 * @param sequences N, the newest labelled sequences the refit is solved on (≥ 2)
 * @param ridge λ relative to the mean diagonal of the normal equations (&gt; 0)
 * @param errorGate which alarms beyond the catch-up's own gate may refit when the fast path is
 *     ahead ({@code pipeline.CatchUp#fastAhead}); {@link ErrorGate#OFF} = none
 * @param fastMargin m in [0, 1): the fast path is ahead when its squared error on the newest
 *     {@code fastWindow} labelled sequences is at most (1 − m) × the LSTM's
 * @param fastWindow M ≥ 2, the sequences that comparison reads
 * @param fastMaxScale the largest mean square of those M labels (label units, &gt; 0; infinite:
 *     no bound) for which the fast path may count as ahead: a larger one is a volatility burst,
 *     whose rescaled labels a refit would fit
 * @param fastMinT the smallest paired t statistic of the LSTM's squared error minus the fast
 *     path's on those M sequences for which the fast path counts as ahead (≥ 0; 0: no such test)
 * @param recheckAfter with {@link ErrorGate#RECOVERY}: bars since the alarm before the gate is
 *     re-checked on a bar without an alarm (≥ 1)
 */
public record HeadRefit(Mode mode, int sequences, double ridge, ErrorGate errorGate,
    double fastMargin, int fastWindow, double fastMaxScale, double fastMinT, int recheckAfter) {

  /** N of the regime suite's choice. */
  private static final int SEQUENCES = 64;
  /** Ridge of the regime suite's choice. */
  private static final double RIDGE = 0.3;
  /** Error gate's margin of the regime suite's choice. */
  private static final double FAST_MARGIN = 0.3;
  /** Error gate's window M of the regime suite's choice. */
  private static final int FAST_WINDOW = 32;
  /** Error gate's bound on the labels' mean square of the regime suite's choice. */
  private static final double FAST_MAX_SCALE = 2.0;
  /** Error gate's smallest paired t of the regime suite's choice (branch gate3). */
  private static final double FAST_MIN_T = 2.0;
  /** Error gate's re-check delay after an alarm of the regime suite's choice (branch gate3). */
  private static final int RECHECK_AFTER = 16;

  /** What the catch-up does on its alarms. */
  public enum Mode {
    /** No refit: the catch-up's extra steps (the previous release's behaviour). */
    OFF,
    /** The refit instead of the catch-up's extra steps. */
    INSTEAD
  }

  /**
   * Alarms the catch-up answers beyond its own gate (a first skill alarm while the LSTM's mix
   * weight is low), each only while the LSTM's weight is low and the fast path is ahead of it by
   * the margin on the newest sequences.
   */
  public enum ErrorGate {
    /** None: the catch-up's own gate alone. */
    OFF,
    /** The first alarm of a recovery (an error-test alarm: the skill test's is answered anyway). */
    FIRST,
    /**
     * Every alarm bar (the first of a recovery or a later one) and every bar of a recovery from
     * {@code recheckAfter} bars after its last alarm on: the gate is re-checked until the fast
     * path is ahead or the recovery ends. Not in the first bars after an alarm: the compared
     * labels then straddle the shift and the fast path's own transition, and a refit solved on
     * them slowed the LSTM down (regime suite, branch gate3: AR(1) tuning seed 16, 47 → 163 bars).
     */
    RECOVERY
  }

  /** The outcome of one refit: whether it was applied, and the mean NLL before and after. */
  public record Result(boolean applied, double lossBefore, double lossAfter) {
    /** Nothing was tried (no labelled sequence, or a non-finite input). */
    public static final Result NONE = new Result(false, Double.NaN, Double.NaN);
  }

  /** The catch-up's own gate alone ({@link ErrorGate#OFF}). */
  public HeadRefit(Mode mode, int sequences, double ridge) {
    this(mode, sequences, ridge, ErrorGate.OFF, FAST_MARGIN, FAST_WINDOW, FAST_MAX_SCALE);
  }

  /** Without the paired test ({@code fastMinT} 0). */
  public HeadRefit(Mode mode, int sequences, double ridge, ErrorGate errorGate,
      double fastMargin, int fastWindow, double fastMaxScale) {
    this(mode, sequences, ridge, errorGate, fastMargin, fastWindow, fastMaxScale, 0,
        RECHECK_AFTER);
  }

  public HeadRefit {
    Objects.requireNonNull(mode, "headRefit.mode");
    Objects.requireNonNull(errorGate, "headRefit.errorGate");
    if (!(fastMargin >= 0 && fastMargin < 1)) {
      throw new IllegalArgumentException("headRefit.fastMargin must be in [0, 1), was "
          + fastMargin);
    }
    if (!(fastMaxScale > 0)) {
      throw new IllegalArgumentException("headRefit.fastMaxScale must be > 0, was "
          + fastMaxScale);
    }
    if (recheckAfter < 1) {
      throw new IllegalArgumentException("headRefit.recheckAfter must be >= 1, was "
          + recheckAfter);
    }
    if (!(fastMinT >= 0 && fastMinT < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException("headRefit.fastMinT must be finite and >= 0, was "
          + fastMinT);
    }
    if (fastWindow < 2) {
      throw new IllegalArgumentException("headRefit.fastWindow must be >= 2, was " + fastWindow);
    }
    if (sequences < 2) {
      throw new IllegalArgumentException("headRefit.sequences must be >= 2, was " + sequences);
    }
    if (!Double.isFinite(ridge) || ridge <= 0) {
      throw new IllegalArgumentException("headRefit.ridge must be finite and > 0, was " + ridge);
    }
  }

  /**
   * The regime suite's choice: instead of the catch-up's steps, on the newest 64, ridge 0.3; also
   * on any alarm bar and on the bars of a recovery from 16 bars after its last alarm on, when the
   * fast path is ahead by 0.3 on the newest 32, consistently (paired t ≥ 2), with the labels'
   * mean square at most 2.
   */
  public static HeadRefit defaults() {
    return new HeadRefit(Mode.INSTEAD, SEQUENCES, RIDGE, ErrorGate.RECOVERY, FAST_MARGIN,
        FAST_WINDOW, FAST_MAX_SCALE, FAST_MIN_T, RECHECK_AFTER);
  }

  /** No refit (the catch-up's steps alone on its own gate, as before the refit). */
  public static HeadRefit off() {
    return new HeadRefit(Mode.OFF, SEQUENCES, RIDGE);
  }

  /** Offset of the mean row's H weights (the mean column of the 'f'-order [H, 2] weights). */
  static int meanWeights(int n, int h) {
    return meanBias(n) - LstmKernel.OUTPUTS * h;
  }

  /** Offset of the mean row's bias in the flat layout of {@code n} parameters. */
  static int meanBias(int n) {
    return n - LstmKernel.OUTPUTS;
  }

  /**
   * A refit's outcome and, if applied, the proposed row {@code [w_mu (H), b_mu]} (else null);
   * the learner, the parameters' owner, commits it.
   */
  record Proposal(Result result, float[] row) {}

  /**
   * Solves on the last hidden states the backend computes for {@code x} at {@code params},
   * changing neither. The forward pass runs in chunks of at most {@code maxChunk} sequences, so
   * the per-thread kernel scratch stays within the steps' batch size (sequences are
   * independent: the result is the same as one pass).
   */
  Proposal propose(GradientBackend backend, float[] params, float[] x, float[] y, int count,
      int seqLength, int h, int maxChunk) {
    float[] hidden = new float[count * h];
    float[] raw = new float[count * LstmKernel.OUTPUTS];
    lastHidden(backend, x, count, seqLength, h, maxChunk, hidden, raw);
    float[] current = new float[h + 1];
    int offW = meanWeights(params.length, h);
    System.arraycopy(params, offW, current, 0, h);
    current[h] = params[meanBias(params.length)];
    float[] row = new float[h + 1];
    Result r = solve(hidden, raw, y, count, h, current, row);
    return new Proposal(r, r.applied() ? row : null);
  }

  /** {@link GradientBackend#lastHidden} of sequences {@code 0 .. count-1}, in chunks. */
  static void lastHidden(GradientBackend backend, float[] x, int count, int seqLength, int h,
      int maxChunk, float[] hidden, float[] raw) {
    int chunk = Math.max(1, Math.min(maxChunk, count));
    float[] hiddenChunk = new float[chunk * h];
    float[] rawChunk = new float[chunk * LstmKernel.OUTPUTS];
    for (int from = 0; from < count; from += chunk) {
      int c = Math.min(chunk, count - from);
      backend.lastHidden(x, from, c, seqLength, hiddenChunk, rawChunk);
      System.arraycopy(hiddenChunk, 0, hidden, from * h, c * h);
      System.arraycopy(rawChunk, 0, raw, from * LstmKernel.OUTPUTS, c * LstmKernel.OUTPUTS);
    }
  }

  /**
   * Solves for the new mean row.
   *
   * @param hidden {@code [count][H]} last hidden states, row-major
   * @param raw {@code [count][2]} raw outputs at the current parameters
   * @param y {@code [count]} normalised labels
   * @param current the current row {@code [w_mu (H), b_mu]}
   * @param row receives the proposed row (same layout)
   * @return whether the proposal is finite and lowers the mean NLL, with both losses
   */
  Result solve(float[] hidden, float[] raw, float[] y, int count, int h, float[] current,
      float[] row) {
    int d = h + 1;
    double[][] a = new double[d][d];
    double[] b = new double[d];
    double[] z = new double[d];
    for (int i = 0; i < count; i++) {
      for (int k = 0; k < h; k++) {
        z[k] = hidden[i * h + k];
      }
      z[h] = 1.0;
      for (int j = 0; j < d; j++) {
        b[j] += z[j] * y[i];
        for (int k = 0; k <= j; k++) {
          a[j][k] += z[j] * z[k];
        }
      }
    }
    double trace = 0;
    for (int j = 0; j < d; j++) {
      trace += a[j][j];
    }
    double lambda = ridge * Math.max(trace / d, 1e-12);
    for (int j = 0; j < d; j++) {
      a[j][j] += lambda;
      b[j] += lambda * current[j];
    }
    double[] theta = choleskySolve(a, b);
    if (theta == null) {
      return new Result(false, Double.NaN, Double.NaN);
    }
    double before = 0;
    double after = 0;
    for (int i = 0; i < count; i++) {
      double muNew = theta[h];
      for (int k = 0; k < h; k++) {
        muNew += hidden[i * h + k] * theta[k];
      }
      // The loss the network is trained on, at the current sigma output.
      before += GaussianNll.nll(y[i], raw[2 * i], raw[2 * i + 1]);
      after += GaussianNll.nll(y[i], muNew, raw[2 * i + 1]);
    }
    before /= count;
    after /= count;
    boolean ok = Double.isFinite(after) && Double.isFinite(before) && after < before;
    for (int j = 0; j < d && ok; j++) {
      row[j] = (float) theta[j];
      ok = Float.isFinite(row[j]);
    }
    return new Result(ok, before, after);
  }

  /**
   * Solves {@code A·x = b} for a symmetric positive definite A given by its lower triangle
   * (overwritten by the factor); null if A is not positive definite or a value is not finite.
   */
  static double[] choleskySolve(double[][] a, double[] b) {
    int d = b.length;
    for (int j = 0; j < d; j++) {
      double diag = a[j][j];
      for (int k = 0; k < j; k++) {
        diag -= a[j][k] * a[j][k];
      }
      if (!(diag > 0) || !Double.isFinite(diag)) {
        return null;
      }
      double l = Math.sqrt(diag);
      a[j][j] = l;
      for (int i = j + 1; i < d; i++) {
        double v = a[i][j];
        for (int k = 0; k < j; k++) {
          v -= a[i][k] * a[j][k];
        }
        a[i][j] = v / l;
      }
    }
    double[] x = b.clone();
    for (int i = 0; i < d; i++) {
      for (int k = 0; k < i; k++) {
        x[i] -= a[i][k] * x[k];
      }
      x[i] /= a[i][i];
    }
    for (int i = d - 1; i >= 0; i--) {
      for (int k = i + 1; k < d; k++) {
        x[i] -= a[k][i] * x[k];
      }
      x[i] /= a[i][i];
    }
    for (double v : x) {
      if (!Double.isFinite(v)) {
        return null;
      }
    }
    return x;
  }
}
