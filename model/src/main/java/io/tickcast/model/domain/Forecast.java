package io.tickcast.model.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A forecast of a symbol's next bar, made when the bar ending at {@code barEndMs} closed and
 * before the target bar was seen (test-then-train).
 *
 * <p>{@code predictedReturn} is the forecast log return {@code ln(close[t+h] / close[t])} over
 * {@code horizon} bars; {@code predictedPrice = lastPrice * exp(predictedReturn)};
 * {@code sigma} is the forecast standard deviation of that log return. {@code barEndMs} is event
 * time (epoch ms) of the last bar the forecast saw. {@code modelVersion} counts parameter updates
 * (optimizer steps and head refits) applied so far; {@code trainedExamples} counts labelled
 * sequences the optimizer steps consumed.
 *
 * <p>The published mean and sigma are an online mix of experts (LSTM, online linear, naive,
 * momentum, slow linear, sign split; see {@code io.tickcast.model.pipeline.ExpertPanel});
 * {@code weights} maps each mean expert's name to its weight (sum 1; empty for forecasts not
 * made by the mix) and {@code source} names the dominant one's kind. {@code publishedSkill} is
 * the discounted skill of the published mean against the naive zero return over the recent
 * horizon (about 50 bars): negative means the published forecast has recently been worse than
 * naive. The LSTM's own values are always in {@code modelReturn}/{@code modelSigma}.
 *
 * <p>{@code rolledBack} flags forecasts made after the symbol's last optimizer step diverged and
 * was rolled back to the previous good snapshot, until the next accepted step; the LSTM's weight
 * in such forecasts is given to the naive expert.
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
    boolean wallClockClosed,
    Map<String, Double> weights,
    double publishedSkill) {

  /** A forecast on a bar closed by event time, without expert weights (skill 0). */
  public Forecast(String symbol, long barEndMs, int horizon, double predictedReturn,
      double predictedPrice, double sigma, double lastPrice, long modelVersion,
      long trainedExamples, Source source, double modelReturn, double modelSigma,
      boolean rolledBack) {
    this(symbol, barEndMs, horizon, predictedReturn, predictedPrice, sigma, lastPrice, modelVersion,
        trainedExamples, source, modelReturn, modelSigma, rolledBack, false, Map.of(), 0.0);
  }

  /** A forecast without expert weights (skill 0). */
  public Forecast(String symbol, long barEndMs, int horizon, double predictedReturn,
      double predictedPrice, double sigma, double lastPrice, long modelVersion,
      long trainedExamples, Source source, double modelReturn, double modelSigma,
      boolean rolledBack, boolean wallClockClosed) {
    this(symbol, barEndMs, horizon, predictedReturn, predictedPrice, sigma, lastPrice, modelVersion,
        trainedExamples, source, modelReturn, modelSigma, rolledBack, wallClockClosed, Map.of(),
        0.0);
  }

  /** Which predictor dominates the published numbers (the expert with the largest weight). */
  public enum Source {
    /** The LSTM. */
    MODEL,
    /** The naive zero return. */
    BASELINE,
    /** An online linear expert: the RLS AR experts or the momentum expert. */
    LINEAR
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
    Objects.requireNonNull(weights, "weights");
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    for (Map.Entry<String, Double> e : weights.entrySet()) {
      requireFinite("weight of " + e.getKey(), e.getValue());
    }
    requireFinite("publishedSkill", publishedSkill);
    if (modelVersion < 0 || trainedExamples < 0) {
      throw new IllegalArgumentException("counters must be >= 0");
    }
  }

  /** This forecast with {@code wallClockClosed} set as given. */
  public Forecast withWallClockClosed(boolean closedByWallClock) {
    return closedByWallClock == wallClockClosed ? this
        : new Forecast(symbol, barEndMs, horizon, predictedReturn, predictedPrice, sigma, lastPrice,
            modelVersion, trainedExamples, source, modelReturn, modelSigma, rolledBack,
            closedByWallClock, weights, publishedSkill);
  }

  private static void requireFinite(String field, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("forecast " + field + " must be finite, was " + value);
    }
  }
}
