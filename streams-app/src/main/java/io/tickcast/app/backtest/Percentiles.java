package io.tickcast.app.backtest;

import java.util.List;

/** Order statistics of the backtest's small samples (step times, recovery lengths). Stateless. */
final class Percentiles {

  private Percentiles() {}

  /** The median, or -1 for an empty sample. */
  static double median(List<Long> xs) {
    if (xs.isEmpty()) {
      return -1;
    }
    long[] s = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
  }

  /** The nearest-rank {@code p}-quantile, or 0 for an empty sample. */
  static double of(List<Long> xs, double p) {
    if (xs.isEmpty()) {
      return 0;
    }
    long[] sorted = xs.stream().mapToLong(Long::longValue).sorted().toArray();
    int idx = (int) Math.min(sorted.length - 1, Math.round(p * (sorted.length - 1)));
    return sorted[idx];
  }
}
