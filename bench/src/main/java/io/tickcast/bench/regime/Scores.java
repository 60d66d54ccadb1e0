package io.tickcast.bench.regime;

import java.util.Locale;

/**
 * One predictor's scores on one series: per regime the recovery (regime 0: learning from a
 * cold start) and steady efficiency, and the mean steady QLIKE excess of its sigma.
 *
 * @param recovery bars to efficiency ≥ 0.5 over the next 200, per regime; -1 = never
 * @param steady efficiency over each regime's last third (NaN for volatility-only kinds)
 * @param qlike mean over the regimes of the steady QLIKE excess
 */
record Scores(String variant, String kind, long seed, String predictor, int[] recovery,
    double[] steady, double qlike, double microsPerBar) {

  static Scores of(String variant, Series s, long seed, String predictor, double[] mean,
      double[] sigma, double micros) {
    int n = s.regimes();
    int[] rec = new int[n];
    double[] st = new double[n];
    double q = 0;
    for (int i = 0; i < n; i++) {
      int a = s.starts()[i];
      int b = s.starts()[i + 1];
      rec[i] = s.meanSignal() ? Metrics.recovery(mean, s.mean(), a, b) : -1;
      st[i] = s.meanSignal() ? Metrics.steady(mean, s.mean(), a, b) : Double.NaN;
      q += Metrics.qlikeExcess(sigma, s.sigma(), b - (b - a) / 3, b) / n;
    }
    return new Scores(variant, s.kind(), seed, predictor, rec, st, q, micros);
  }

  static String csvHeader() {
    return "variant,kind,seed,predictor,learn_r1,recovery_r2,recovery_r3,steady_r1,steady_r2,"
        + "steady_r3,qlike_excess,us_per_bar";
  }

  String csv() {
    return String.format(Locale.ROOT, "\"%s\",%s,%d,%s,%d,%d,%d,%.4f,%.4f,%.4f,%.5f,%.1f",
        variant, kind, seed, predictor, recovery[0], recovery[1], recovery[2], steady[0],
        steady[1], steady[2], qlike, microsPerBar);
  }
}
