package io.tickcast.bench.regime;

/**
 * One generated return series with its oracle: {@code mean[t]} and {@code sigma[t]} are the true
 * conditional mean and standard deviation of {@code r[t]} given {@code r[0..t)}, so no predictor
 * can beat them in expectation. {@code starts} holds the first bar of each regime (starts[0] =
 * 0); {@code starts[n]} = length closes the last one.
 *
 * @param kind generator name
 * @param meanSignal false when the oracle mean is 0 (volatility-only kinds): efficiency is then
 *     undefined and only sigma is scored
 */
record Series(String kind, double[] r, double[] mean, double[] sigma, int[] starts,
    boolean meanSignal) {

  int length() {
    return r.length;
  }

  int regimes() {
    return starts.length - 1;
  }
}
