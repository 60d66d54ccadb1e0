package io.tickcast.model.domain;

import java.util.Objects;

/**
 * One OHLCV bar of a symbol over the event-time interval {@code [startMs, endMs)}.
 *
 * <p>Times are event time in epoch milliseconds (UTC), taken from the ticks, never wall-clock
 * time. Prices are in the instrument's quote currency; {@code volume} is the summed traded size;
 * {@code vwap} is the volume-weighted average price (equal to {@code close} when volume is 0);
 * {@code ticks} is the number of trades folded into the bar.
 *
 * <p>Instances are immutable and validated on construction: every number is finite, prices are
 * positive, {@code low <= min(open, close) <= max(open, close) <= high}, volume and tick count are
 * non-negative and {@code endMs > startMs}. An invalid bar can therefore never reach the model.
 *
 * <p>{@code wallClockClosed} is true when the bar was closed by the wall clock because its
 * partition went quiet ({@code bar.idle.timeout}), rather than by a later tick moving event time
 * past its end plus grace. Its contents are final either way; the flag tells users why it came.
 */
public record Bar(
    String symbol,
    long startMs,
    long endMs,
    double open,
    double high,
    double low,
    double close,
    double volume,
    double vwap,
    long ticks,
    boolean wallClockClosed) {

  /** A bar closed by event time (the usual case). */
  public Bar(String symbol, long startMs, long endMs, double open, double high, double low,
      double close, double volume, double vwap, long ticks) {
    this(symbol, startMs, endMs, open, high, low, close, volume, vwap, ticks, false);
  }

  /** Relative slack for the OHLC ordering checks, to tolerate decimal rounding in inputs. */
  private static final double ORDER_SLACK = 1e-9;

  public Bar {
    Objects.requireNonNull(symbol, "symbol");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException("bar symbol is blank");
    }
    if (endMs <= startMs) {
      throw new IllegalArgumentException("bar endMs " + endMs + " <= startMs " + startMs);
    }
    requirePositive("open", open);
    requirePositive("high", high);
    requirePositive("low", low);
    requirePositive("close", close);
    requirePositive("vwap", vwap);
    if (!Double.isFinite(volume) || volume < 0) {
      throw new IllegalArgumentException("bar volume must be finite and >= 0, was " + volume);
    }
    if (ticks < 0) {
      throw new IllegalArgumentException("bar ticks must be >= 0, was " + ticks);
    }
    double slack = high * ORDER_SLACK;
    if (low > Math.min(open, close) + slack || high < Math.max(open, close) - slack) {
      throw new IllegalArgumentException(
          "bar violates low <= open,close <= high: o=" + open + " h=" + high + " l=" + low
              + " c=" + close);
    }
  }

  /** This bar with {@code wallClockClosed} set as given. */
  public Bar withWallClockClosed(boolean closedByWallClock) {
    return closedByWallClock == wallClockClosed ? this
        : new Bar(symbol, startMs, endMs, open, high, low, close, volume, vwap, ticks, closedByWallClock);
  }

  private static void requirePositive(String field, double value) {
    if (!Double.isFinite(value) || value <= 0) {
      throw new IllegalArgumentException("bar " + field + " must be finite and > 0, was " + value);
    }
  }
}
