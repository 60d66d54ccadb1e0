package io.tickcast.bench.regime;

import io.tickcast.model.domain.Bar;

/**
 * An endless chain of synthetic 1-minute bars of one symbol built from log returns, for the
 * batch study and the per-bar JMH (the same bar shape as {@link ModelAdapter}'s): close =
 * previous close·e^r, open = previous close, high/low widened by a quarter of |r| on each side,
 * volume and ticks constant, vwap the mid of open and close. Event time advances one minute per
 * bar, so the chain never goes stale however long it runs. Not thread-safe.
 */
public final class SyntheticBars {

  public static final String SYMBOL = "SYN";
  private static final long BAR_MS = 60_000L;

  private double close = 100.0;
  private long endMs = 1_700_000_000_000L;

  /** The bar that only seeds the previous close (return 0). */
  public Bar first() {
    return next(0.0);
  }

  /** The next bar, whose log return from the previous close is {@code r}. */
  public Bar next(double r) {
    double open = close;
    close = open * Math.exp(r);
    double widen = Math.exp(0.25 * Math.abs(r));
    long start = endMs;
    endMs += BAR_MS;
    return new Bar(SYMBOL, start, endMs, open, Math.max(open, close) * widen,
        Math.min(open, close) / widen, close, 10.0, (open + close) / 2, 10);
  }
}
