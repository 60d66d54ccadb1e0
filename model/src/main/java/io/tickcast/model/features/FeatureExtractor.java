package io.tickcast.model.features;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;

/**
 * Features of bar {@code b(t+1)} given the previous close, in this order:
 * <ol start="0">
 *   <li>{@link #LOG_RETURN}: {@code ln(close / prevClose)}, also the forecast target;</li>
 *   <li>{@link #LOG_RANGE}: {@code ln(high / low)}, a volatility proxy;</li>
 *   <li>{@link #LOG_VOLUME}: {@code ln(1 + volume)};</li>
 *   <li>{@link #LOG_TICKS}: {@code ln(1 + ticks)}, trade intensity;</li>
 *   <li>{@link #LOG_CLOSE_VWAP}: {@code ln(close / vwap)}, where the bar closed within its
 *       traded distribution.</li>
 * </ol>
 * Logs make the features scale-free across symbols and price levels. A validated {@link Bar}
 * always yields finite features. Stateless and thread-safe.
 */
public final class FeatureExtractor {

  public static final int LOG_RETURN = 0;
  public static final int LOG_RANGE = 1;
  public static final int LOG_VOLUME = 2;
  public static final int LOG_TICKS = 3;
  public static final int LOG_CLOSE_VWAP = 4;

  private FeatureExtractor() {}

  /**
   * Computes the features of {@code bar}.
   *
   * @param prevClose close of the previous accepted bar, finite and {@code > 0}
   * @return {@link ForecasterConfig#FEATURES} finite values
   */
  public static double[] features(Bar bar, double prevClose) {
    if (!Double.isFinite(prevClose) || prevClose <= 0) {
      throw new IllegalArgumentException("prevClose must be finite and > 0, was " + prevClose);
    }
    double[] f = new double[ForecasterConfig.FEATURES];
    f[LOG_RETURN] = Math.log(bar.close() / prevClose);
    // Bar tolerates a 1e-9 relative OHLC slack, so high/low may be a hair below 1.
    f[LOG_RANGE] = Math.max(0.0, Math.log(bar.high() / bar.low()));
    f[LOG_VOLUME] = Math.log1p(bar.volume());
    f[LOG_TICKS] = Math.log1p(bar.ticks());
    f[LOG_CLOSE_VWAP] = Math.log(bar.close() / bar.vwap());
    return f;
  }
}
