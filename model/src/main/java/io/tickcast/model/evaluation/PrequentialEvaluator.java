package io.tickcast.model.evaluation;

import io.tickcast.model.Score;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Scores forecasts against realised log returns and keeps metrics over the last
 * {@code window} scored forecasts.
 *
 * <p>Three predictors are compared: the model, the naive zero-return (random-walk) forecast and
 * the {@link EwmaBaseline}. Metrics: MSE of each, MAE and directional accuracy of the model
 * (share of non-zero returns whose sign the model called; a zero forecast counts as a miss), and
 * QLIKE of the model's and the RiskMetrics sigma in the common form
 * {@code QLIKE(σ², r) = ln σ² + r²/σ²} (lower is better; it is the Gaussian NLL up to constants,
 * so it rewards calibrated sigmas), with σ² floored at {@link #VARIANCE_FLOOR}.
 * {@code skill = 1 − MSE_model / MSE_naive}: positive means the model beats the zero forecast;
 * 0 while MSE_naive is 0.
 *
 * <p>Metrics are recomputed from the window on each score (O(window), a few µs for 500) rather
 * than kept as running sums, so no floating-point drift accumulates over months of bars. The
 * window is stored as float32 (7 significant digits is ample for error statistics) to halve the
 * persisted state: 20 bytes per windowed forecast.
 * Not thread-safe.
 */
public final class PrequentialEvaluator {

  public static final double VARIANCE_FLOOR = 1e-20;

  private final int window;
  private final float[] actual;
  private final float[] model;
  private final float[] modelSigma;
  private final float[] ewma;
  private final float[] ewmaSigma;
  private int size;
  private int next;
  private double skill;

  public PrequentialEvaluator(int window) {
    if (window < 1) {
      throw new IllegalArgumentException("window must be >= 1, was " + window);
    }
    this.window = window;
    actual = new float[window];
    model = new float[window];
    modelSigma = new float[window];
    ewma = new float[window];
    ewmaSigma = new float[window];
  }

  /**
   * Scores one forecast against the realised return {@code r} and returns the updated metrics.
   * All inputs must be finite; sigmas positive.
   */
  public Score score(double r, double modelReturn, double modelSig, double ewmaReturn,
      double ewmaSig) {
    actual[next] = (float) r;
    model[next] = (float) modelReturn;
    modelSigma[next] = (float) modelSig;
    ewma[next] = (float) ewmaReturn;
    ewmaSigma[next] = (float) ewmaSig;
    next = (next + 1) % window;
    size = Math.min(size + 1, window);

    double sseModel = 0;
    double sseNaive = 0;
    double sseEwma = 0;
    double saeModel = 0;
    double saeNaive = 0;
    double saeEwma = 0;
    int hitsEwma = 0;
    double qModel = 0;
    double qEwma = 0;
    int directional = 0;
    int hits = 0;
    for (int i = 0; i < size; i++) {
      double a = actual[i];
      double em = a - model[i];
      double ee = a - ewma[i];
      sseModel += em * em;
      sseNaive += a * a;
      sseEwma += ee * ee;
      saeModel += Math.abs(em);
      saeNaive += Math.abs(a);
      saeEwma += Math.abs(ee);
      qModel += qlike(modelSigma[i], a);
      qEwma += qlike(ewmaSigma[i], a);
      if (a != 0) {
        directional++;
        if (Math.signum(model[i]) == Math.signum(a)) {
          hits++;
        }
        if (Math.signum(ewma[i]) == Math.signum(a)) {
          hitsEwma++;
        }
      }
    }
    double mseModel = sseModel / size;
    double mseNaive = sseNaive / size;
    skill = mseNaive > 0 ? 1 - mseModel / mseNaive : 0;
    if (!Double.isFinite(skill)) {
      skill = 0;
    }
    return new Score(r, modelReturn, modelSig, 0.0, ewmaReturn, ewmaSig,
        mseModel, mseNaive, sseEwma / size, saeModel / size,
        directional == 0 ? 0 : (double) hits / directional,
        qModel / size, qEwma / size, skill, size, saeNaive / size, saeEwma / size,
        directional == 0 ? 0 : (double) hitsEwma / directional);
  }

  /** {@code ln σ² + r²/σ²} with σ² floored. */
  public static double qlike(double sigma, double r) {
    double var = Math.max(sigma * sigma, VARIANCE_FLOOR);
    return Math.log(var) + r * r / var;
  }

  /** Skill over the window as of the last score (0 before any). */
  public double skill() {
    return skill;
  }

  /** Forecasts currently in the window. */
  public int scored() {
    return size;
  }

  public int window() {
    return window;
  }

  /** Writes the window oldest first. */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(window);
    out.writeInt(size);
    out.writeDouble(skill);
    for (int k = 0; k < size; k++) {
      int i = Math.floorMod(next - size + k, window);
      out.writeFloat(actual[i]);
      out.writeFloat(model[i]);
      out.writeFloat(modelSigma[i]);
      out.writeFloat(ewma[i]);
      out.writeFloat(ewmaSigma[i]);
    }
  }

  public static PrequentialEvaluator readFrom(DataInput in, int window) throws IOException {
    int w = in.readInt();
    if (w != window) {
      throw new IOException("evaluator window " + w + " != expected " + window);
    }
    int n = in.readInt();
    if (n < 0 || n > window) {
      throw new IOException("evaluator size " + n + " outside [0, " + window + "]");
    }
    PrequentialEvaluator e = new PrequentialEvaluator(window);
    e.skill = in.readDouble();
    for (int k = 0; k < n; k++) {
      e.actual[k] = in.readFloat();
      e.model[k] = in.readFloat();
      e.modelSigma[k] = in.readFloat();
      e.ewma[k] = in.readFloat();
      e.ewmaSigma[k] = in.readFloat();
      if (!(Float.isFinite(e.actual[k]) && Float.isFinite(e.model[k])
          && Float.isFinite(e.modelSigma[k]) && Float.isFinite(e.ewma[k])
          && Float.isFinite(e.ewmaSigma[k]))) {
        throw new IOException("non-finite evaluator value");
      }
    }
    if (!Double.isFinite(e.skill)) {
      throw new IOException("non-finite skill");
    }
    e.size = n;
    e.next = n % window;
    return e;
  }
}
