package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A one-parameter momentum/reversal expert: the next return is forecast as {@code β·S}, S the sum
 * of the last p returns, with β fitted online by scalar recursive least squares with forgetting
 * λ. Inputs and target are scaled by the caller's EW standard deviation ({@link RlsAr#scale()})
 * and clipped to ±{@value RlsAr#CLIP}; the input is divided by √p so it has unit variance on
 * white noise.
 *
 * <p>Why next to the AR(p) RLS: one parameter instead of p, so for the same memory its estimate
 * is about p times less noisy. A weak "the recent move continues" or "reverses" signal spread
 * over several lags, which an AR(p) fit with a short memory cannot separate from noise, is found
 * in tens of bars, and with no such signal β stays near 0 (the forecast near naive). β's sign is
 * learned, unlike an EWMA of returns, which can only forecast continuation.
 *
 * <p>State: β and the scalar P, 4 bytes on the package codec's 16-bit grids ({@link #quantise}
 * makes them exact; until the expert panel's version 3, 8 bytes as floats, still read by
 * {@link #readCompactFloats}). One {@link #update} per bar, before the caller's lags advance.
 * Not thread-safe.
 */
public final class MomentumRls {

  private final double forgetting;
  private final double delta;
  private double beta;
  private double p;

  /**
   * @param forgetting λ in (0, 1]; memory ≈ 1/(1−λ) bars
   * @param delta initial P, also its cap (no wind-up without excitation), > 0
   */
  public MomentumRls(double forgetting, double delta) {
    if (!(forgetting > 0 && forgetting <= 1) || !(delta > 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException("need forgetting in (0, 1] and a finite delta > 0");
    }
    this.forgetting = forgetting;
    this.delta = delta;
    this.p = delta;
  }

  /**
   * Forecast of the next return.
   *
   * @param lagSum sum of the last {@code order} returns
   * @param order p, the number of returns summed
   * @param scale the EW standard deviation of the returns
   */
  public double predict(double lagSum, int order, double scale) {
    return beta * input(lagSum, order, scale) * scale;
  }

  /** Folds in the realised return {@code r}, forecast from {@code lagSum} (the lags before r). */
  public void update(double r, double lagSum, int order, double scale) {
    double x = input(lagSum, order, scale);
    double y = clip(r / scale);
    double denom = forgetting + x * p * x;
    beta += p * x / denom * (y - beta * x);
    p = Math.min(delta, (p - p * x * x * p / denom) / forgetting);
  }

  private static double input(double lagSum, int order, double scale) {
    return clip(lagSum / scale / Math.sqrt(order));
  }

  private static double clip(double v) {
    return Math.max(-RlsAr.CLIP, Math.min(RlsAr.CLIP, v));
  }

  /** The fitted β (on scaled inputs). */
  public double beta() {
    return beta;
  }

  /** Rounds the state to the codec's 16-bit grids (see {@link #writeCompact}). */
  public void quantise() {
    beta = Codec.coef16(beta);
    p = Codec.gain16(p, delta);
  }

  /** Writes β and P as 16-bit values (4 bytes); exact after {@link #quantise}. */
  public void writeCompact(DataOutput out) throws IOException {
    Codec.writeCoef16(out, beta);
    Codec.writeGain16(out, p, delta);
  }

  /** Reads {@link #writeCompact} into this freshly configured instance. */
  public void readCompact(DataInput in) throws IOException {
    beta = Codec.readCoef16(in, "MomentumRls");
    p = Codec.readGain16(in, delta, "MomentumRls");
  }

  /** Reads the float layout of the expert panel's version 2 (β and P, 8 bytes). */
  public void readCompactFloats(DataInput in) throws IOException {
    beta = in.readFloat();
    p = in.readFloat();
    if (!Double.isFinite(beta) || !(p > 0 && p <= delta)) {
      throw new IOException("MomentumRls: corrupt state (beta " + beta + ", P " + p + ")");
    }
  }
}
