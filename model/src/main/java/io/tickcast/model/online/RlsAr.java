package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Online AR(p) forecaster of the next log return by recursive least squares with exponential
 * forgetting: the linear fast path, which learns a new AR regime in tens of bars.
 *
 * <p>Inputs and target are divided by an EW standard deviation of the returns (taken before the
 * current return is folded in), so the coefficients are scale-free and survive a volatility
 * jump, and scaled values are clipped to ±{@value #CLIP} so one crash bar cannot blow up the fit.
 * The update is the textbook one with forgetting factor λ:
 * <pre>
 *   e = y − wᵀx,  k = P x / (λ + xᵀ P x),  w ← w + k e,  P ← (P − k xᵀ P) / λ
 * </pre>
 * after which P is made exactly symmetric and its trace capped at {@code p·delta} (the initial
 * trace): without excitation, forgetting makes P grow as λ^−t ("covariance wind-up") and the next
 * informative bar would throw w far off. Memory is about {@code 1/(1−λ)} bars.
 *
 * <p>{@link #sigma()} is the EW root-mean-square of the a-priori residual, rescaled. Time is
 * counted in bars (event time, one {@link #update} per bar). Not thread-safe; state is
 * {@link #stateBytes()} bytes in {@link #writeTo}.
 */
public final class RlsAr {

  /** Clip of the scaled inputs and target, in EW standard deviations. */
  public static final double CLIP = 8.0;
  private static final double SD_FLOOR = 1e-12;

  private final int order;
  private final double forgetting;
  private final double delta;
  private double scaleAlpha;
  private double residualAlpha;
  private final double[] w;
  private final double[] p;
  private final double[] lags;
  private final double[] x;
  private final double[] px;
  private double ewVar;
  private double residualVar = 1.0;
  private long updates;

  /**
   * @param order p, lags used, in [1, 64]
   * @param forgetting λ in (0, 1]; memory ≈ 1/(1−λ) bars
   * @param delta initial P = delta·I (large = quick first fit), > 0; also the per-lag trace cap
   * @param scaleHalfLife half-life in bars of the EW variance that scales inputs and target
   * @param residualHalfLife half-life in bars of the EW residual variance behind {@link #sigma()}
   */
  public RlsAr(int order, double forgetting, double delta, double scaleHalfLife,
      double residualHalfLife) {
    if (order < 1 || order > 64) {
      throw new IllegalArgumentException("order must be in [1, 64], was " + order);
    }
    if (!(forgetting > 0 && forgetting <= 1)) {
      throw new IllegalArgumentException("forgetting must be in (0, 1], was " + forgetting);
    }
    if (!(delta > 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException("delta must be finite and > 0, was " + delta);
    }
    if (!(scaleHalfLife >= 1) || !(residualHalfLife >= 1)) {
      throw new IllegalArgumentException("half-lives must be >= 1 bar");
    }
    this.order = order;
    this.forgetting = forgetting;
    this.delta = delta;
    this.scaleAlpha = alpha(scaleHalfLife);
    this.residualAlpha = alpha(residualHalfLife);
    this.w = new double[order];
    this.p = new double[order * order];
    this.lags = new double[order];
    this.x = new double[order];
    this.px = new double[order];
    for (int i = 0; i < order; i++) {
      p[i * order + i] = delta;
    }
  }

  /** AR(5), λ 0.99, delta 10, scale half-life 250 bars, residual half-life 100 bars. */
  public static RlsAr defaults() {
    return new RlsAr(5, 0.99, 10.0, 250, 100);
  }

  static double alpha(double halfLife) {
    return 1 - Math.pow(0.5, 1 / halfLife);
  }

  /** Forecast of the next return (0 before the first update). */
  public double predict() {
    if (updates == 0) {
      return 0;
    }
    double sd = sd();
    scaledLags(sd);
    double y = 0;
    for (int i = 0; i < order; i++) {
      y += w[i] * x[i];
    }
    return y * sd;
  }

  /** Forecast standard deviation of the next return (0 before the first update). */
  public double sigma() {
    return updates == 0 ? 0 : sd() * Math.sqrt(residualVar);
  }

  /** Folds in the realised return of the bar just closed, then shifts it into the lags. */
  public void update(double r) {
    if (!Double.isFinite(r)) {
      throw new IllegalArgumentException("return must be finite, was " + r);
    }
    if (updates == 0) {
      ewVar = r * r;
    } else {
      fit(r);
    }
    ewVar += scaleAlpha * (r * r - ewVar);
    System.arraycopy(lags, 0, lags, 1, order - 1);
    lags[0] = r;
    updates++;
  }

  private void fit(double r) {
    final int n = order;
    double sd = sd();
    scaledLags(sd);
    double y = clip(r / sd);
    double e = y;
    for (int i = 0; i < n; i++) {
      e -= w[i] * x[i];
    }
    double denom = forgetting;
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < n; j++) {
        s += p[i * n + j] * x[j];
      }
      px[i] = s;
      denom += x[i] * s;
    }
    for (int i = 0; i < n; i++) {
      w[i] += px[i] / denom * e;
    }
    double trace = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        double v = (p[i * n + j] - px[i] * px[j] / denom) / forgetting;
        p[i * n + j] = v;
        p[j * n + i] = v;
      }
      trace += p[i * n + i];
    }
    double cap = delta * n;
    if (!(trace <= cap)) {
      double s = trace > 0 ? cap / trace : 0;
      for (int i = 0; i < p.length; i++) {
        p[i] *= s;
      }
    }
    residualVar += residualAlpha * (Math.min(e * e, CLIP * CLIP) - residualVar);
  }

  private double sd() {
    return Math.max(Math.sqrt(ewVar), SD_FLOOR);
  }

  private void scaledLags(double sd) {
    for (int i = 0; i < order; i++) {
      x[i] = clip(lags[i] / sd);
    }
  }

  private static double clip(double v) {
    return Math.max(-CLIP, Math.min(CLIP, v));
  }

  /** Sum of the last {@code order} returns (the lags the next forecast uses; raw, unscaled). */
  public double lagSum() {
    double s = 0;
    for (double l : lags) {
      s += l;
    }
    return s;
  }

  /** The last return folded in (raw; 0 before the first update). */
  public double lastReturn() {
    return lags[0];
  }

  /** The EW standard deviation that scales inputs and target (floored; before any update: floor). */
  public double scale() {
    return sd();
  }

  /** Current coefficients on the scaled lags (lag 1 first); a copy. */
  public double[] coefficients() {
    return w.clone();
  }

  /** Trace of P, bounded by {@code order·delta}. */
  public double traceP() {
    double t = 0;
    for (int i = 0; i < order; i++) {
      t += p[i * order + i];
    }
    return t;
  }

  public int order() {
    return order;
  }

  public long updates() {
    return updates;
  }

  /**
   * Rounds the state to float precision, so that {@link #writeCompact} restores this instance
   * exactly (call it after every {@link #update} when the compact form is what gets persisted).
   */
  public void quantise() {
    Codec.round(w);
    Codec.round(p);
    Codec.round(lags);
    ewVar = (float) ewVar;
    residualVar = (float) residualVar;
  }

  /**
   * The state without configuration or counter, as floats, P's upper triangle only:
   * {@code 4·(p + p(p+1)/2)} bytes, plus 4 for the residual variance if {@code withSigma}, plus
   * {@code 4·(p + 1)} for the lags and scale unless {@code sharedInputs} (another instance fed the
   * same returns with the same scale half-life carries them). Exact after {@link #quantise}.
   */
  public void writeCompact(DataOutput out, boolean withSigma, boolean sharedInputs)
      throws IOException {
    Codec.writeFloats(out, w);
    for (int i = 0; i < order; i++) {
      for (int j = i; j < order; j++) {
        out.writeFloat((float) p[i * order + j]);
      }
    }
    if (withSigma) {
      out.writeFloat((float) residualVar);
    }
    if (!sharedInputs) {
      Codec.writeFloats(out, lags);
      out.writeFloat((float) ewVar);
    }
  }

  /**
   * Reads {@link #writeCompact} into this freshly configured instance; {@code shared} is the
   * instance that carried the lags and scale, or null; {@code updates} the stored counter.
   */
  public void readCompact(DataInput in, boolean withSigma, RlsAr shared, long updates)
      throws IOException {
    this.updates = updates;
    Codec.readFloats(in, w);
    for (int i = 0; i < order; i++) {
      for (int j = i; j < order; j++) {
        double v = in.readFloat();
        p[i * order + j] = v;
        p[j * order + i] = v;
      }
    }
    if (withSigma) {
      residualVar = in.readFloat();
    }
    if (shared == null) {
      Codec.readFloats(in, lags);
      ewVar = in.readFloat();
    } else {
      if (shared.order != order) {
        throw new IOException("RlsAr: shared inputs of another order");
      }
      System.arraycopy(shared.lags, 0, lags, 0, order);
      ewVar = shared.ewVar;
    }
    if (updates < 0 || !(residualVar >= 0) || !(ewVar >= 0)) {
      throw new IOException("RlsAr: corrupt compact state");
    }
  }

}
