package io.tickcast.model.evaluation;

import io.tickcast.model.Score;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The one accumulator of forecast-error metrics, windowed or cumulative: exponentially decayed
 * sums of the squared and absolute errors, QLIKE terms and sign hits of the model, the naive
 * (zero) forecast and the EWMA baseline. With {@code decay = 1 − 1/N} the metrics are those of an
 * exponential window of about {@code N} forecasts (the stream's and backtest's windowed metrics);
 * with {@code decay = 1} they are cumulative (the backtest's totals). Twelve doubles and a count
 * regardless of N, which is what keeps the per-bar state small.
 *
 * <p>QLIKE uses {@code ln σ² + r²/σ²} with σ² floored at {@link #VARIANCE_FLOOR}; skill is
 * {@code 1 − MSE_model / MSE_naive}, 0 while MSE_naive is 0. Not thread-safe.
 */
public final class ErrorSums {

  public static final double VARIANCE_FLOOR = 1e-20;
  private static final int SUMS = 12;
  private static final int W = 0;
  private static final int SSE_MODEL = 1;
  private static final int SSE_NAIVE = 2;
  private static final int SSE_EWMA = 3;
  private static final int SAE_MODEL = 4;
  private static final int SAE_NAIVE = 5;
  private static final int SAE_EWMA = 6;
  private static final int Q_MODEL = 7;
  private static final int Q_EWMA = 8;
  private static final int DIRECTIONAL = 9;
  private static final int HITS = 10;
  private static final int HITS_EWMA = 11;

  private final double decay;
  private final double[] s = new double[SUMS];
  private long count;

  /** @param decay weight kept per new forecast, in (0, 1]; 1 = cumulative */
  public ErrorSums(double decay) {
    if (!(decay > 0 && decay <= 1)) {
      throw new IllegalArgumentException("decay must be in (0, 1], was " + decay);
    }
    this.decay = decay;
  }

  /** Windowed sums over about {@code window} forecasts. */
  public static ErrorSums windowed(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    return new ErrorSums(1 - 1.0 / window);
  }

  /** Folds in one forecast against the realised return {@code r}. */
  public void add(double r, double modelReturn, double modelSigma, double ewmaReturn,
      double ewmaSigma) {
    for (int i = 0; i < SUMS; i++) {
      s[i] *= decay;
    }
    double em = r - modelReturn;
    double ee = r - ewmaReturn;
    s[W] += 1;
    s[SSE_MODEL] += em * em;
    s[SSE_NAIVE] += r * r;
    s[SSE_EWMA] += ee * ee;
    s[SAE_MODEL] += Math.abs(em);
    s[SAE_NAIVE] += Math.abs(r);
    s[SAE_EWMA] += Math.abs(ee);
    s[Q_MODEL] += qlike(modelSigma, r);
    s[Q_EWMA] += qlike(ewmaSigma, r);
    if (r != 0) {
      s[DIRECTIONAL] += 1;
      s[HITS] += Math.signum(modelReturn) == Math.signum(r) ? 1 : 0;
      s[HITS_EWMA] += Math.signum(ewmaReturn) == Math.signum(r) ? 1 : 0;
    }
    count++;
  }

  /** {@code ln σ² + r²/σ²} with σ² floored. */
  public static double qlike(double sigma, double r) {
    double var = Math.max(sigma * sigma, VARIANCE_FLOOR);
    return Math.log(var) + r * r / var;
  }

  private double mean(int i) {
    return s[W] > 0 ? s[i] / s[W] : 0;
  }

  private double ratio(int num, int den) {
    return s[den] > 0 ? s[num] / s[den] : 0;
  }

  public double mseModel() {
    return mean(SSE_MODEL);
  }

  public double mseNaive() {
    return mean(SSE_NAIVE);
  }

  public double mseEwma() {
    return mean(SSE_EWMA);
  }

  public double maeModel() {
    return mean(SAE_MODEL);
  }

  public double maeNaive() {
    return mean(SAE_NAIVE);
  }

  public double maeEwma() {
    return mean(SAE_EWMA);
  }

  public double qlikeModel() {
    return mean(Q_MODEL);
  }

  public double qlikeEwma() {
    return mean(Q_EWMA);
  }

  public double directionalAccuracy() {
    return ratio(HITS, DIRECTIONAL);
  }

  public double directionalAccuracyEwma() {
    return ratio(HITS_EWMA, DIRECTIONAL);
  }

  /** {@code 1 − MSE_model / MSE_naive}, 0 while MSE_naive is 0. */
  public double skill() {
    double naive = s[SSE_NAIVE];
    double v = naive > 0 ? 1 - s[SSE_MODEL] / naive : 0;
    return Double.isFinite(v) ? v : 0;
  }

  /** Forecasts added so far. */
  public long count() {
    return count;
  }

  /** The metrics as of the last {@link #add}, with that forecast's own numbers. */
  public Score score(double r, double modelReturn, double modelSigma, double ewmaReturn,
      double ewmaSigma, long scored) {
    return new Score(r, modelReturn, modelSigma, 0.0, ewmaReturn, ewmaSigma, mseModel(),
        mseNaive(), mseEwma(), maeModel(), directionalAccuracy(), qlikeModel(), qlikeEwma(),
        skill(), scored, maeNaive(), maeEwma(), directionalAccuracyEwma());
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    for (double v : s) {
      out.writeDouble(v);
    }
  }

  /** Reads sums written by {@link #writeTo} into an accumulator with {@code decay}. */
  public static ErrorSums readFrom(DataInput in, double decay) throws IOException {
    ErrorSums e = new ErrorSums(decay);
    e.count = in.readLong();
    for (int i = 0; i < SUMS; i++) {
      e.s[i] = in.readDouble();
      if (!Double.isFinite(e.s[i])) {
        throw new IOException("non-finite error sum");
      }
    }
    if (e.count < 0) {
      throw new IOException("negative forecast count");
    }
    return e;
  }
}
