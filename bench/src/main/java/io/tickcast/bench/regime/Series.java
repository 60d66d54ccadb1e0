package io.tickcast.bench.regime;

/**
 * One generated return series with its oracle: {@code mean[t]} and {@code sigma[t]} are the true
 * conditional mean and standard deviation of {@code r[t]} given {@code r[0..t)}, so no predictor
 * can beat them in expectation. {@code starts} holds the first bar of each regime (starts[0] =
 * 0); {@code starts[n]} = length closes the last one. A bar with {@code sigma[t] == 0} is
 * certain (a flat stretch: the return is exactly {@code mean[t]}).
 *
 * @param kind generator name
 * @param meanSignal false when the oracle mean is 0 (volatility-only kinds, random walks):
 *     efficiency is then undefined and only sigma and the MSE ratio to naive are scored
 * @param startPrice the price before the first return, for the bars built from the series
 */
record Series(String kind, double[] r, double[] mean, double[] sigma, int[] starts,
    boolean meanSignal, double startPrice) {

  /** The start price of the tuning kinds' bars (a 1-minute bar of a ~100 instrument). */
  static final double PRICE = 100.0;

  int length() {
    return r.length;
  }

  int regimes() {
    return starts.length - 1;
  }

  /**
   * The series after dropping the first {@code burn} bars of generated arrays; {@code starts}
   * are already relative to the first kept bar and end with the kept length.
   */
  static Series afterBurnIn(String kind, double[] r, double[] mean, double[] sig, int burn,
      int[] starts, boolean meanSignal, double startPrice) {
    int n = starts[starts.length - 1];
    double[] rr = new double[n];
    double[] mm = new double[n];
    double[] ss = new double[n];
    System.arraycopy(r, burn, rr, 0, n);
    System.arraycopy(mean, burn, mm, 0, n);
    System.arraycopy(sig, burn, ss, 0, n);
    return new Series(kind, rr, mm, ss, starts, meanSignal, startPrice);
  }
}
