package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores for the held-out kinds, where efficiency alone says too little: a random walk has no
 * efficiency (its oracle is naive), a flat stretch has bars with no QLIKE, and a scale change
 * must not change anything. Per predictor, after a warm-up of {@value RealData#WARMUP} bars:
 *
 * <ul>
 *   <li><b>MSE ratio to naive</b> (expected, noise-free): {@code (Σ(f − m)² + Σσ²) / (Σm² +
 *       Σσ²)}, the ratio of the expectations of {@code Σ(r − f)²} and {@code Σr²} given the oracle
 *       (not the expectation of their ratio); 1 = naive, below 1 =
 *       better than naive, the oracle's is the floor. Defined on every kind;
 *   <li>efficiency over all bars and the worst recovery after the two shifts (as
 *       {@link Metrics}; only where the kind has a mean signal and abrupt shifts);
 *   <li>sigma: QLIKE excess over the oracle ({@link Metrics#qlikeExcess}) over all uncertain
 *       bars and over the first {@value #AFTER} bars of regimes 2 and 3 (after a shift, or after
 *       a flat stretch ends), and the 1st and 99th percentiles of {@code s/σ} (a sigma that
 *       collapses or explodes shows here);
 *   <li>non-finite forecasts, and for the production forecaster rolled-back steps, drift
 *       alarms and refused bars.
 * </ul>
 */
final class Robustness {

  /** Bars after a shift over which the post-shift QLIKE is taken. */
  static final int AFTER = 100;

  /** One predictor on one series (counts -1 where not measured). */
  record Row(String kind, long seed, String predictor, double mseRatio, double efficiency,
      int worstRecovery, double qlike, double qlikeAfter, double sigmaP01, double sigmaP99,
      long nonFinite, long rolledBack, long alarms, long rejected) {

    static String csvHeader() {
      return "kind,seed,predictor,mse_ratio,efficiency,worst_recovery,qlike_excess,"
          + "qlike_after_shift,sigma_ratio_p01,sigma_ratio_p99,non_finite,rolled_back,alarms,"
          + "rejected";
    }

    String csv() {
      return String.format(Locale.ROOT, "%s,%d,%s,%.5f,%.4f,%d,%.5f,%.5f,%.4g,%.4g,%d,%d,%d,%d",
          kind, seed, predictor, mseRatio, efficiency, worstRecovery, qlike, qlikeAfter,
          sigmaP01, sigmaP99, nonFinite, rolledBack, alarms, rejected);
    }
  }

  private static final List<String> PREDICTORS =
      List.of("oracle", "naive", "rls", "model", "model_pub");

  private Robustness() {}

  /** The rows of one run: the oracle, the anchors and (if it ran) the production forecaster. */
  static List<Row> rows(Generator g, Series s, long seed, Run run, ModelAdapter model) {
    List<Row> rows = new ArrayList<>();
    for (String p : PREDICTORS) {
      boolean oracle = p.equals("oracle");
      if (!oracle && !run.mean.containsKey(p)) {
        continue;
      }
      double[] f = oracle ? s.mean() : run.mean.get(p);
      double[] sd = oracle ? s.sigma() : run.sigma.get(p);
      boolean prod = p.startsWith("model");
      rows.add(row(g, s, seed, p, f, sd, prod ? model.rolledBack() : -1,
          prod ? model.alarms() : -1, prod ? model.rejected() : -1));
    }
    return rows;
  }

  static Row row(Generator g, Series s, long seed, String predictor, double[] f, double[] sd,
      long rolledBack, long alarms, long rejected) {
    int from = RealData.WARMUP;
    int n = s.length();
    double err = 0;
    double signal = 0;
    double noise = 0;
    long nonFinite = 0;
    List<Double> ratio = new ArrayList<>();
    for (int t = 0; t < n; t++) {
      if (!Double.isFinite(f[t]) || !Double.isFinite(sd[t])) {
        nonFinite++;
      }
      if (t < from) {
        continue;
      }
      double m = s.mean()[t];
      err += (f[t] - m) * (f[t] - m);
      signal += m * m;
      noise += s.sigma()[t] * s.sigma()[t];
      if (s.sigma()[t] > 0) {
        ratio.add(sd[t] / s.sigma()[t]);
      }
    }
    double eff = s.meanSignal() ? Metrics.efficiency(f, s.mean(), from, n) : Double.NaN;
    int worst = -2;
    // Without an abrupt change there is no "after a shift": NaN, printed as a dash.
    double after = g.abrupt() ? 0 : Double.NaN;
    for (int i = 1; i < s.regimes(); i++) {
      int a = s.starts()[i];
      if (s.meanSignal() && g.abrupt()) {
        int rec = Metrics.recovery(f, s.mean(), a, s.starts()[i + 1]);
        worst = rec < 0 || worst == -1 ? -1 : Math.max(worst, rec);
      }
      after += Metrics.qlikeExcess(sd, s.sigma(), a, a + AFTER) / (s.regimes() - 1);
    }
    double[] q = ratio.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return new Row(s.kind(), seed, predictor, (err + noise) / (signal + noise), eff, worst,
        Metrics.qlikeExcess(sd, s.sigma(), from, n), after, quantile(q, 0.01),
        quantile(q, 0.99), nonFinite, rolledBack, alarms, rejected);
  }

  private static double quantile(double[] sorted, double p) {
    return sorted.length == 0 ? Double.NaN
        : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  }

  /**
   * One line per kind and predictor over the seeds: MSE ratio mean and worst (max), efficiency
   * mean, recovery worst, QLIKE means, sigma-ratio extremes, counts summed.
   */
  static String markdown(List<Row> rows) {
    StringBuilder sb = new StringBuilder("Held-out kinds (after " + RealData.WARMUP
        + " bars; MSE/naive = expected MSE ratio to the zero forecast, mean over seeds (worst);"
        + " eff = efficiency over all bars; rec = worst recovery after the two shifts, bars;"
        + " QLIKE = excess over the oracle's sigma, all bars / first " + AFTER + " after each"
        + " shift; s/σ = 1st–99th percentile of sigma over the oracle's, extremes over seeds;"
        + " counts summed over seeds):\n\n"
        + "| kind | predictor | MSE/naive | eff | rec | QLIKE | QLIKE after shift | s/σ p1–p99"
        + " | non-finite | rollbacks | alarms | refused |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Row r : rows) {
      groups.computeIfAbsent(r.kind() + "|" + r.predictor(), k -> new ArrayList<>()).add(r);
    }
    for (List<Row> g : groups.values()) {
      Row f = g.get(0);
      double[] mse = g.stream().mapToDouble(Row::mseRatio).toArray();
      int rec = -2;
      for (Row r : g) {
        rec = r.worstRecovery() == -2 ? -2
            : r.worstRecovery() < 0 || rec == -1 ? -1 : Math.max(rec, r.worstRecovery());
      }
      sb.append(String.format(Locale.ROOT,
          "| %s | %s | %.4f (%.4f) | %s | %s | %s | %s | %.3g–%.3g | %d | %s | %s | %s |%n",
          f.kind(), f.predictor(), mean(mse), Arrays.stream(mse).max().orElse(Double.NaN),
          fmt(mean(g.stream().mapToDouble(Row::efficiency).toArray()), "%.2f"),
          rec == -2 ? "—" : rec == -1 ? "never" : Integer.toString(rec),
          fmt(mean(g.stream().mapToDouble(Row::qlike).toArray()), "%.4f"),
          fmt(mean(g.stream().mapToDouble(Row::qlikeAfter).toArray()), "%.4f"),
          g.stream().mapToDouble(Row::sigmaP01).min().orElse(Double.NaN),
          g.stream().mapToDouble(Row::sigmaP99).max().orElse(Double.NaN),
          g.stream().mapToLong(Row::nonFinite).sum(), count(g, Row::rolledBack),
          count(g, Row::alarms), count(g, Row::rejected)));
    }
    return sb.toString();
  }

  private static String count(List<Row> g, java.util.function.ToLongFunction<Row> c) {
    long sum = g.stream().mapToLong(c).sum();
    return sum < 0 ? "—" : Long.toString(sum);
  }

  private static double mean(double[] v) {
    return Arrays.stream(v).average().orElse(Double.NaN);
  }

  private static String fmt(double v, String f) {
    return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, f, v);
  }
}
