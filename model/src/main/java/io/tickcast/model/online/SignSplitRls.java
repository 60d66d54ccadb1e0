package io.tickcast.model.online;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A two-parameter asymmetric AR(1) expert: the next return is forecast as
 * {@code a⁺·max(r, 0) + a⁻·min(r, 0)}, r the last return, with (a⁺, a⁻) fitted online by
 * recursive least squares with forgetting λ. Inputs and target are scaled by the caller's EW
 * standard deviation ({@link RlsAr#scale()}) and clipped to ±{@value RlsAr#CLIP}.
 *
 * <p>Why: markets answer up and down moves differently (continuation after one, reversal after
 * the other: the self-exciting threshold AR of the econometrics literature, with the threshold
 * at 0). A linear AR sees only the average of the two coefficients, and the LSTM, which can
 * represent the asymmetry, re-learns it only as fast as its gradient steps when the two swap.
 * Two parameters re-fit in tens of bars, and on a symmetric series the two coincide, so the
 * expert is then an AR(1).
 *
 * <p>Only one of the two inputs is non-zero on any bar, so the information matrix of the least
 * squares is diagonal: the fit is exactly two scalar RLS, one per side, each with its own P
 * capped at {@code delta} (no wind-up while that side sees no bars).
 *
 * <p>State: 8 bytes, each number as 16 bits on the grids of the package's codec (coefficients
 * in steps of 1/4096 within ±7.99, P on a log grid; {@link #quantise} rounds to them, so a
 * restore is exact). Why so small: the per-bar state record has a 1 KB budget (README, "Per-bar
 * state"). One {@link #update} per bar, before the caller's lags advance. Not thread-safe.
 */
public final class SignSplitRls {

  private final double forgetting;
  private final double delta;
  private double up;
  private double down;
  private double pUp;
  private double pDown;

  /**
   * @param forgetting λ in (0, 1]; memory ≈ 1/(1−λ) bars
   * @param delta initial P of each side, also its cap, &gt; 0
   */
  public SignSplitRls(double forgetting, double delta) {
    if (!(forgetting > 0 && forgetting <= 1) || !(delta > 0) || !Double.isFinite(delta)) {
      throw new IllegalArgumentException("need forgetting in (0, 1] and a finite delta > 0");
    }
    this.forgetting = forgetting;
    this.delta = delta;
    this.pUp = delta;
    this.pDown = delta;
  }

  /**
   * Forecast of the next return.
   *
   * @param last the last return (log-return units)
   * @param scale the EW standard deviation of the returns
   */
  public double predict(double last, double scale) {
    double x = clip(last / scale);
    return (x > 0 ? up : down) * x * scale;
  }

  /** Folds in the realised return {@code r}, forecast from {@code last} (the return before r). */
  public void update(double r, double last, double scale) {
    double x = clip(last / scale);
    double y = clip(r / scale);
    if (x > 0) {
      double denom = forgetting + x * pUp * x;
      up += pUp * x / denom * (y - up * x);
      pUp = Math.min(delta, (pUp - pUp * x * x * pUp / denom) / forgetting);
      pDown = Math.min(delta, pDown / forgetting);
    } else {
      // The down side; x = 0 (an unchanged price) carries no information: both sides only
      // forget.
      double denom = forgetting + x * pDown * x;
      down += pDown * x / denom * (y - down * x);
      pDown = Math.min(delta, (pDown - pDown * x * x * pDown / denom) / forgetting);
      pUp = Math.min(delta, pUp / forgetting);
    }
  }

  private static double clip(double v) {
    return Math.max(-RlsAr.CLIP, Math.min(RlsAr.CLIP, v));
  }

  /** The fitted coefficient after an up bar (on scaled inputs). */
  public double up() {
    return up;
  }

  /** The fitted coefficient after a down bar (on scaled inputs). */
  public double down() {
    return down;
  }

  /** Rounds the state to the codec's 16-bit grids (see {@link #writeCompact}). */
  public void quantise() {
    up = Codec.coef16(up);
    down = Codec.coef16(down);
    pUp = Codec.gain16(pUp, delta);
    pDown = Codec.gain16(pDown, delta);
  }

  /** Writes a⁺, a⁻ and the two P as 16-bit values (8 bytes); exact after {@link #quantise}. */
  public void writeCompact(DataOutput out) throws IOException {
    Codec.writeCoef16(out, up);
    Codec.writeCoef16(out, down);
    Codec.writeGain16(out, pUp, delta);
    Codec.writeGain16(out, pDown, delta);
  }

  /** Reads {@link #writeCompact} into this freshly configured instance. */
  public void readCompact(DataInput in) throws IOException {
    up = Codec.readCoef16(in, "SignSplitRls");
    down = Codec.readCoef16(in, "SignSplitRls");
    pUp = Codec.readGain16(in, delta, "SignSplitRls");
    pDown = Codec.readGain16(in, delta, "SignSplitRls");
  }
}
