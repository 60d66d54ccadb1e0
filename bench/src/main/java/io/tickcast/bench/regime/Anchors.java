package io.tickcast.bench.regime;

import io.tickcast.model.online.RlsAr;
import java.util.List;

/**
 * The two anchors measured in every run: {@code naive} (zero return, RiskMetrics sigma with
 * λ = 0.94) and {@code rls}, the online AR(5) by recursive least squares with forgetting 0.99
 * from {@code io.tickcast.model.online.RlsAr} (its sigma is its EW residual RMS).
 */
final class Anchors implements Contestant {

  static final double RISKMETRICS_LAMBDA = 0.94;

  private final RlsAr rls = new RlsAr(5, 0.99, 10.0, 250, 100);
  private double var = Double.NaN;

  @Override
  public List<String> names() {
    return List.of("naive", "rls");
  }

  @Override
  public void forecast(double[] mean, double[] sigma, int offset) {
    double s = Double.isNaN(var) ? Kind.BASE_SIGMA : Math.sqrt(var);
    mean[offset] = 0;
    sigma[offset] = s;
    mean[offset + 1] = rls.predict();
    sigma[offset + 1] = rls.updates() < 2 ? s : rls.sigma();
  }

  @Override
  public void observe(double r) {
    var = Double.isNaN(var) ? r * r : RISKMETRICS_LAMBDA * var + (1 - RISKMETRICS_LAMBDA) * r * r;
    rls.update(r);
  }
}
