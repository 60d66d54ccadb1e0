package io.tickcast.app.api;

import java.util.Map;

/** The JSON bodies of the REST API (serialised by Jackson; field names are the JSON names). */
public final class ApiViews {

  private ApiViews() {}

  /**
   * One row of {@code GET /api/symbols}.
   *
   * @param skill windowed skill {@code 1 - MSE_model / MSE_naive} over the last {@code scored}
   *     bars (at most model.eval.window)
   * @param source {@code model} or {@code baseline}: who produced the latest published forecast
   * @param lastBarEnd event time (epoch ms) of the last bar the latest forecast saw
   */
  public record SymbolSummary(String symbol, long modelVersion, long barsSeen, double skill, int scored,
      String source, long lastBarEnd) {}

  /**
   * {@code GET /api/models/{symbol}}.
   *
   * @param updates optimizer updates applied (the model version)
   * @param lastLoss smoothed training loss (EMA of the accepted updates' Gaussian NLL)
   * @param noiseScale gradient noise scale B_simple = tr(Sigma) / |G|^2 from the trainer's EMAs
   *     (NaN before the first estimate)
   * @param batchSize batch size of the next update
   */
  public record ModelView(String symbol, Map<String, Object> hyperParameters, long updates,
      long trainedExamples, long skippedSteps, long rollbacks, double lastLoss, double noiseScale,
      int batchSize, long drifts, long barsSeen, double skill) {}

  /**
   * One point of {@code GET /api/history/{symbol}}: sampled from the owner's stores (see {@link
   * SymbolHistory}); prices in the quote currency, {@code t} event time (epoch ms). {@code
   * forecastPrice} is the published forecast for the next bar (the naive price while the skill
   * gate is closed), {@code modelPrice} the model's own, {@code lower}/{@code upper} the published
   * one-sigma band.
   */
  public record HistoryPoint(long t, double lastPrice, double forecastPrice, double modelPrice,
      double lower, double upper,
      String source, double skill, double skillEwma, double lastLoss, double noiseScale, int batchSize,
      long drifts, long modelVersion) {}

  /** Body of every error response. */
  public record Error(int status, String error) {}
}
