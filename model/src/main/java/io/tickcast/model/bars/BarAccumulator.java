package io.tickcast.model.bars;

import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Tick;

/**
 * Mutable OHLCV fold of the ticks of one symbol within one bar interval.
 *
 * <p>Ticks may arrive out of event-time order inside the interval (late ticks within grace):
 * open and close are therefore taken from the ticks with the smallest and largest event time,
 * ties broken by arrival order (first arrival keeps open, last arrival takes close), so the result
 * does not depend on arrival order except for exact timestamp ties. Not thread-safe; the Kafka
 * Streams aggregate and the backtest each own their accumulators.
 */
public final class BarAccumulator {

  private long count;
  private long openTs = Long.MAX_VALUE;
  private long closeTs = Long.MIN_VALUE;
  private double open;
  private double close;
  private double high = Double.NEGATIVE_INFINITY;
  private double low = Double.POSITIVE_INFINITY;
  private double volume;
  private double notional;

  /** Creates an empty accumulator. */
  public BarAccumulator() {
    // empty: fields start at their neutral elements
  }

  /** Restores an accumulator from its fields (used by the serde of the windowed aggregate). */
  public static BarAccumulator of(
      long count,
      long openTs,
      long closeTs,
      double open,
      double close,
      double high,
      double low,
      double volume,
      double notional) {
    BarAccumulator acc = new BarAccumulator();
    acc.count = count;
    acc.openTs = openTs;
    acc.closeTs = closeTs;
    acc.open = open;
    acc.close = close;
    acc.high = high;
    acc.low = low;
    acc.volume = volume;
    acc.notional = notional;
    return acc;
  }

  /** Folds one tick in and returns this accumulator. */
  public BarAccumulator add(Tick tick) {
    double p = tick.price();
    if (tick.tsMs() < openTs) {
      openTs = tick.tsMs();
      open = p;
    }
    if (tick.tsMs() >= closeTs) {
      closeTs = tick.tsMs();
      close = p;
    }
    high = Math.max(high, p);
    low = Math.min(low, p);
    volume += tick.size();
    notional += p * tick.size();
    count++;
    return this;
  }

  /** True when no tick has been added. */
  public boolean isEmpty() {
    return count == 0;
  }

  /**
   * The bar over {@code [startMs, endMs)}.
   *
   * @throws IllegalStateException if no tick was added
   */
  public Bar toBar(String symbol, long startMs, long endMs) {
    if (count == 0) {
      throw new IllegalStateException("no ticks in bar " + symbol + "@" + startMs);
    }
    double vwap = volume > 0 ? notional / volume : close;
    // Rounding of p*size sums can put VWAP a hair outside [low, high]; clamp it back.
    vwap = Math.min(high, Math.max(low, vwap));
    return new Bar(symbol, startMs, endMs, open, high, low, close, volume, vwap, count);
  }

  public long count() {
    return count;
  }

  public long openTs() {
    return openTs;
  }

  public long closeTs() {
    return closeTs;
  }

  public double open() {
    return open;
  }

  public double close() {
    return close;
  }

  public double high() {
    return high;
  }

  public double low() {
    return low;
  }

  public double volume() {
    return volume;
  }

  public double notional() {
    return notional;
  }
}
