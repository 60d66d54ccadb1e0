package io.tickcast.model.pipeline;

/**
 * What the forecaster predicted at bar {@code t} for bar {@code t+1}, kept until the realised
 * return arrives to be scored (the only forecast state that survives a bar).
 *
 * @param modelReturn the model's forecast of the next log return
 * @param modelSigma its standard deviation ({@code >= SIGMA_FLOOR})
 * @param ewmaReturn the EWMA baseline's forecast of the next log return
 * @param ewmaSigma the RiskMetrics standard deviation
 */
public record Prediction(double modelReturn, double modelSigma, double ewmaReturn,
    double ewmaSigma) {

  public Prediction {
    if (!(Double.isFinite(modelReturn) && Double.isFinite(modelSigma) && modelSigma > 0
        && Double.isFinite(ewmaReturn) && Double.isFinite(ewmaSigma) && ewmaSigma > 0)) {
      throw new IllegalArgumentException("prediction values must be finite, sigmas positive");
    }
  }
}
