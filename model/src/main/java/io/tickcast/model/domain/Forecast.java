package io.tickcast.model.domain;

import java.util.Objects;

/**
 * A forecast of a symbol's next bar, made when the bar ending at {@code barEndMs} closed and
 * before the target bar was seen (test-then-train).
 *
 * <p>{@code predictedReturn} is the forecast log return {@code ln(close[t+h] / close[t])} over
 * {@code horizon} bars; {@code predictedPrice = lastPrice * exp(predictedReturn)};
 * {@code sigma} is the forecast standard deviation of that log return. {@code barEndMs} is event
 * time (epoch ms) of the last bar the forecast saw. {@code modelVersion} counts optimizer updates
 * applied so far; {@code trainedExamples} counts labelled sequences consumed by them.
 *
 * <p>{@code source} is {@link Source#MODEL} when the LSTM's own output is published and
 * {@link Source#BASELINE} when the skill gate is closed and the published numbers are the
 * baselines': the naive zero return as mean and the RiskMetrics EWMA sigma (the model's own
 * values are then still in {@code modelReturn}/{@code modelSigma}).
 *
 * <p>{@code rolledBack} flags forecasts made after the symbol's last optimizer step diverged and
 * was rolled back to the previous good snapshot, until the next accepted step; such forecasts are
 * always published from the baseline.
 *
 * <p>{@code wallClockClosed} is copied from the bar the forecast was made on: true when that bar
 * was closed by the wall clock after its partition went quiet ({@code bar.idle.timeout}).
 */
public record Forecast(
    String symbol,
    long barEndMs,
    int horizon,
    double predictedReturn,
    double predictedPrice,
    double sigma,
    double lastPrice,
    long modelVersion,
    long trainedExamples,
    Source source,
    double modelReturn,
    double modelSigma,
    boolean rolledBack,
    boolean wallClockClosed) {

  /** A forecast on a bar closed by event time. */
  public Forecast(String symbol, long barEndMs, int horizon, double predictedReturn,
      double predictedPrice, double sigma, double lastPrice, long modelVersion,
      long trainedExamples, Source source, double modelReturn, double modelSigma,
      boolean rolledBack) {
    this(symbol, barEndMs, horizon, predictedReturn, predictedPrice, sigma, lastPrice, modelVersion,
        trainedExamples, source, modelReturn, modelSigma, rolledBack, false);
  }

  /** Which predictor produced the published numbers. */
  public enum Source {
    MODEL,
    BASELINE
  }

  public Forecast {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(source, "source");
    if (horizon < 1) {
      throw new IllegalArgumentException("horizon must be >= 1, was " + horizon);
    }
    requireFinite("predictedReturn", predictedReturn);
    requireFinite("predictedPrice", predictedPrice);
    requireFinite("sigma", sigma);
    requireFinite("lastPrice", lastPrice);
    requireFinite("modelReturn", modelReturn);
    requireFinite("modelSigma", modelSigma);
    if (modelVersion < 0 || trainedExamples < 0) {
      throw new IllegalArgumentException("counters must be >= 0");
    }
  }

  /** This forecast with {@code wallClockClosed} set as given. */
  public Forecast withWallClockClosed(boolean closedByWallClock) {
    return closedByWallClock == wallClockClosed ? this
        : new Forecast(symbol, barEndMs, horizon, predictedReturn, predictedPrice, sigma, lastPrice,
            modelVersion, trainedExamples, source, modelReturn, modelSigma, rolledBack,
            closedByWallClock);
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("forecast " + field + " must be finite, was " + value);
    }
  }
}
