package io.tickcast.model.state;

/**
 * A forecast made at bar {@code t} that waits for bar {@code t+1} to be scored.
 *
 * @param mu network mean in normalised units
 * @param logSigma network log-sigma in normalised units (clamped)
 * @param modelReturn de-normalised model forecast of the log return
 * @param modelSigma de-normalised model sigma of the log return
 * @param ewmaReturn EWMA baseline forecast of the log return
 * @param ewmaSigma RiskMetrics sigma of the log return
 */
public record PendingForecast(
    double mu,
    double logSigma,
    double modelReturn,
    double modelSigma,
    double ewmaReturn,
    double ewmaSigma) {

  public PendingForecast {
    if (!(Double.isFinite(mu) && Double.isFinite(logSigma) && Double.isFinite(modelReturn)
        && Double.isFinite(modelSigma) && Double.isFinite(ewmaReturn)
        && Double.isFinite(ewmaSigma))) {
      throw new IllegalArgumentException("pending forecast values must be finite");
    }
  }
}
