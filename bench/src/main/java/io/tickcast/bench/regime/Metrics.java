package io.tickcast.bench.regime;

/**
 * The suite's scores, all computed against the generator's oracle.
 *
 * <p><b>Efficiency</b> over bars {@code [a, b)} is
 * {@code (MSE_naive − MSE_x) / (MSE_naive − MSE_oracle)}. Because {@code r = m + ε} with the
 * noise ε independent of everything known before the bar, {@code MSE_x − MSE_oracle} equals
 * {@code Σ(f − m)²} plus a zero-mean cross term {@code 2Σ(m − f)ε}; we drop that term (and the
 * same for naive), i.e. use {@code 1 − Σ(f − m)² / Σ m²}. Same expectation, without the noise
 * that makes a 200-bar MSE ratio on AR(5) ±0.1 useless. Oracle: exactly 1; naive: exactly 0.
 *
 * <p><b>Recovery</b> after a shift at bar s: the smallest d such that the efficiency over
 * {@code [s+d, s+d+200)} is ≥ 0.5, or -1 if that never happens before the regime ends.
 * <b>Steady</b> efficiency: over the regime's last third. <b>QLIKE</b> excess of a sigma
 * forecast s: {@code mean(σ²/s² − ln(σ²/s²) − 1)} with σ the oracle sigma (the expected QLIKE
 * minus the oracle's; 0 for the oracle, the noise term again dropped; bars whose oracle sigma is
 * 0 are left out).
 */
final class Metrics {

  static final int RECOVERY_WINDOW = 200;
  static final double RECOVERY_LEVEL = 0.5;

  private Metrics() {}

  static double efficiency(double[] f, double[] m, int from, int to) {
    double err = 0;
    double gain = 0;
    for (int t = from; t < to; t++) {
      double d = f[t] - m[t];
      err += d * d;
      gain += m[t] * m[t];
    }
    return gain > 0 ? 1 - err / gain : Double.NaN;
  }

  /** Bars after {@code shift} until the next 200 forecasts reach efficiency ≥ 0.5, or -1. */
  static int recovery(double[] f, double[] m, int shift, int end) {
    // Prefix sums make every window O(1).
    int n = end - shift;
    double[] err = new double[n + 1];
    double[] gain = new double[n + 1];
    for (int i = 0; i < n; i++) {
      double d = f[shift + i] - m[shift + i];
      err[i + 1] = err[i] + d * d;
      gain[i + 1] = gain[i] + m[shift + i] * m[shift + i];
    }
    for (int d = 0; d + RECOVERY_WINDOW <= n; d++) {
      double g = gain[d + RECOVERY_WINDOW] - gain[d];
      double e = err[d + RECOVERY_WINDOW] - err[d];
      if (g > 0 && 1 - e / g >= RECOVERY_LEVEL) {
        return d;
      }
    }
    return -1;
  }

  static double steady(double[] f, double[] m, int start, int end) {
    return efficiency(f, m, end - (end - start) / 3, end);
  }

  /** Mean over the uncertain bars ({@code sigma > 0}; a certain bar has no QLIKE), NaN if none. */
  static double qlikeExcess(double[] s, double[] sigma, int from, int to) {
    double sum = 0;
    int n = 0;
    for (int t = from; t < to; t++) {
      if (sigma[t] > 0) {
        double ratio = sigma[t] * sigma[t] / Math.max(s[t] * s[t], Double.MIN_NORMAL);
        sum += ratio - Math.log(ratio) - 1;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Trailing-window efficiency at every bar (NaN before the first full window). */
  static double[] rolling(double[] f, double[] m, int window) {
    double[] out = new double[f.length];
    double err = 0;
    double gain = 0;
    for (int t = 0; t < f.length; t++) {
      double d = f[t] - m[t];
      err += d * d;
      gain += m[t] * m[t];
      if (t >= window) {
        double d0 = f[t - window] - m[t - window];
        err -= d0 * d0;
        gain -= m[t - window] * m[t - window];
      }
      out[t] = t + 1 >= window && gain > 0 ? 1 - err / gain : Double.NaN;
    }
    return out;
  }
}
