package io.tickcast.model.training;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.kernel.GaussianNll;
import io.tickcast.model.kernel.LstmKernel;

/**
 * An experiment of issue 10, off by default: a gain (and optionally a bias) on the LSTM head's
 * mean output, fitted on the newest labelled sequences and folded into the head. The suite's
 * shifts change the sign or the scale of the best forecast more than the features that predict
 * it, and two parameters are far less noisy to fit on a weak signal than the head's H + 1 (the
 * periodic 33-coefficient refit overfit). Every {@code everySteps} optimizer steps, with u_i the
 * current mean output on sequence i and y_i its normalised label:
 * <pre>
 *   min_{α,β} Σ (y_i − α·u_i − β)² + ridge·Σu_i²·(α − 1)² + ridge·N·β²
 * </pre>
 * (shrunk toward the identity α = 1, β = 0 with the weight of the data itself at ridge 1), then
 * {@code w_mu ← α·w_mu, b_mu ← α·b_mu + β}: the LSTM stays one model whose parameters the
 * {@link Learner} owns, and no state is added (the fit is recomputed from the ring, so a restored
 * model folds the same). Applied only if finite and lowering the mean Gaussian NLL on those
 * sequences at the current sigma. Adam's first moment of the row is multiplied by sign(α) so old
 * momentum keeps pointing the same way in function space after a sign flip (Adam's step
 * m/√v keeps its size; the second moment is unchanged).
 *
 * @param everySteps fit after every this many optimizer steps (0 = off)
 * @param sequences N, the newest labelled sequences the fit uses (≥ 8)
 * @param ridge shrinkage toward the identity, relative to the data's own weight (≥ 0)
 * @param intercept fit β too (else β = 0)
 * @param validated fit on the older half of the N sequences and accept only if the NLL falls on
 *     the newer half (out of sample), instead of in sample on all N
 * @param signCorr 0: the fit above; &gt; 0: the sign test instead: α = −1, β = 0 is proposed
 *     only when the mean output's correlation with the fast input (the linear expert's forecast
 *     of the same label, the sequence's last step) is below −signCorr over the N sequences, and
 *     applied if it lowers the NLL as above
 */
public record HeadGain(int everySteps, int sequences, double ridge, boolean intercept,
    boolean validated, double signCorr) {

  /** A fit's outcome: applied or not, the gain and bias, mean NLL before and after. */
  public record Result(boolean applied, double alpha, double beta, double lossBefore,
      double lossAfter) {
    /** Nothing was tried. */
    public static final Result NONE = new Result(false, 1, 0, Double.NaN, Double.NaN);
  }

  public HeadGain {
    if (everySteps < 0 || sequences < 8 || !(ridge >= 0) || !Double.isFinite(ridge)
        || !(signCorr >= 0 && signCorr < 1)) {
      throw new IllegalArgumentException("headGain: everySteps >= 0, sequences >= 8, a finite"
          + " ridge >= 0 and signCorr in [0, 1) needed, was " + everySteps + ", " + sequences
          + ", " + ridge + ", " + signCorr);
    }
  }

  /** Off (the default). */
  public static HeadGain off() {
    return new HeadGain(0, 128, 1.0, false, false, 0);
  }

  /** Whether a fit is due after a step that brought the iteration count to {@code iteration}. */
  public boolean dueAfter(int iteration) {
    return everySteps > 0 && iteration > 0 && iteration % everySteps == 0;
  }

  /**
   * Fits on {@code count} sequences at {@code params} and, if accepted, folds the gain into the
   * mean row of {@code params} and flips the row's first moment in {@code optimizer} when α &lt;
   * 0. The caller reloads the backend and counts the version.
   */
  Result fitAndFold(GradientBackend backend, float[] params, Optimizer optimizer, float[] x,
      float[] y, int count, int maxChunk, int h) {
    int seqLength = Shapes.seqLength(x, count);
    if (y.length < count) {
      throw new IllegalArgumentException("need " + count + " labels, got " + y.length);
    }
    if (!Finite.all(x) || !Finite.all(y)) {
      return Result.NONE;
    }
    float[] raw = new float[count * LstmKernel.OUTPUTS];
    int chunk = Math.max(1, Math.min(maxChunk, count));
    float[] part = new float[chunk * LstmKernel.OUTPUTS];
    for (int from = 0; from < count; from += chunk) {
      int c = Math.min(chunk, count - from);
      backend.output(x, from, c, seqLength, part);
      System.arraycopy(part, 0, raw, from * LstmKernel.OUTPUTS, c * LstmKernel.OUTPUTS);
    }
    Result r = signCorr > 0 ? signTest(raw, y, count, fastInputs(x, count, seqLength))
        : fit(raw, y, count);
    if (!r.applied()) {
      return r;
    }
    int offW = HeadRefit.meanWeights(params.length, h);
    int offB = HeadRefit.meanBias(params.length);
    for (int k = 0; k < h; k++) {
      params[offW + k] = (float) (r.alpha() * params[offW + k]);
    }
    params[offB] = (float) (r.alpha() * params[offB] + r.beta());
    if (r.alpha() < 0) {
      optimizer.scaleFirstMoment(offW, h, -1f);
      optimizer.scaleFirstMoment(offB, 1, -1f);
    }
    return r;
  }

  /** The fast input (the linear expert's forecast of the label) at each sequence's last step. */
  static double[] fastInputs(float[] x, int count, int seqLength) {
    double[] lin = new double[count];
    int width = ForecasterConfig.INPUTS;
    for (int i = 0; i < count; i++) {
      lin[i] = x[(i * width + ForecasterConfig.FEATURES) * seqLength + seqLength - 1];
    }
    return lin;
  }

  /** The sign test (see {@link #signCorr}). */
  Result signTest(float[] raw, float[] y, int count, double[] lin) {
    double su = 0;
    double sl = 0;
    double suu = 0;
    double sll = 0;
    double sul = 0;
    for (int i = 0; i < count; i++) {
      double u = raw[LstmKernel.OUTPUTS * i];
      su += u;
      sl += lin[i];
      suu += u * u;
      sll += lin[i] * lin[i];
      sul += u * lin[i];
    }
    double vu = suu - su * su / count;
    double vl = sll - sl * sl / count;
    double corr = vu > 0 && vl > 0 ? (sul - su * sl / count) / Math.sqrt(vu * vl) : 0;
    if (!(corr < -signCorr)) {
      return Result.NONE;
    }
    return accept(raw, y, count, -1, 0);
  }

  /**
   * The fit on raw outputs {@code [count][2]} (mean, log-sigma) and labels; accepted if finite
   * and lowering the mean Gaussian NLL at the current sigma.
   */
  Result fit(float[] raw, float[] y, int count) {
    // Index 0 is the newest sequence: validated, fit on the older half, test on the newer.
    int fitFrom = validated ? count / 2 : 0;
    int testTo = validated ? count / 2 : count;
    double suu = 0;
    double su = 0;
    double suy = 0;
    double sy = 0;
    int fitted = count - fitFrom;
    for (int i = fitFrom; i < count; i++) {
      double u = raw[LstmKernel.OUTPUTS * i];
      suu += u * u;
      su += u;
      suy += u * y[i];
      sy += y[i];
    }
    double lamA = ridge * suu;
    double a11 = suu + lamA;
    double alpha;
    double beta = 0;
    if (intercept) {
      double a22 = fitted * (1 + ridge);
      double det = a11 * a22 - su * su;
      if (!(det > 0)) {
        return Result.NONE;
      }
      alpha = ((suy + lamA) * a22 - su * sy) / det;
      beta = (a11 * sy - su * (suy + lamA)) / det;
    } else {
      if (!(a11 > 0)) {
        return Result.NONE;
      }
      alpha = (suy + lamA) / a11;
    }
    return accept(raw, y, testTo, alpha, beta);
  }

  /** Mean NLL of sequences {@code 0 .. testTo-1} before and after; accepted if lower. */
  private static Result accept(float[] raw, float[] y, int testTo, double alpha,
      double beta) {
    double before = 0;
    double after = 0;
    for (int i = 0; i < testTo; i++) {
      double u = raw[LstmKernel.OUTPUTS * i];
      double ls = raw[LstmKernel.OUTPUTS * i + 1];
      before += GaussianNll.nll(y[i], u, ls);
      after += GaussianNll.nll(y[i], alpha * u + beta, ls);
    }
    before /= testTo;
    after /= testTo;
    boolean ok = Double.isFinite(alpha) && Double.isFinite(beta) && Double.isFinite(before)
        && Double.isFinite(after) && after < before;
    return new Result(ok, alpha, beta, before, after);
  }
}
