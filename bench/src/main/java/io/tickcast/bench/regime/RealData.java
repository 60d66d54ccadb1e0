package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Real data, where no oracle exists: skill = 1 − MSE/MSE_naive of each prediction after a
 * warm-up, realised QLIKE of the sigmas against RiskMetrics, and the learner's expert weights
 * over time. Data: {@code sp500-daily-2000-2020/*.csv} (daily OHLCV) and
 * {@code bitstamp-btcusd-trades-2013/*.csv} (trades, folded into 1-minute bars; minutes without
 * trades are skipped, so a return may span a gap).
 */
final class RealData {

  /**
   * Decimals of the skill column ({@code -Dregime.realDecimals}, default 2): more to compare
   * two variants whose means differ by less than the rounding.
   */
  private static final int SKILL_DECIMALS = Integer.getInteger("regime.realDecimals", 2);

  static final int WARMUP = 200;

  private RealData() {}

  static String report(File dir, LearnerConfig cfg, boolean model, File out) throws IOException {
    StringBuilder sb = new StringBuilder("Learner " + cfg.label() + ". Real data (skill = 1 − MSE/MSE_naive in %, after "
        + WARMUP + " bars; QLIKE = mean realised QLIKE minus RiskMetrics', lower is better):\n\n"
        + "| data | bars | predictor | skill % | QLIKE − RM |\n|---|---|---|---|---|\n");
    StringBuilder weights = new StringBuilder("\nMean-mix weights (lstm / linear / naive / ewma / linear_slow)"
        + " per fifth of the series:\n\n");
    for (String set : List.of("sp500-daily-2000-2020", "bitstamp-btcusd-trades-2013")) {
      File[] csv = new File(dir, set).listFiles((d, n) -> n.endsWith(".csv"));
      if (csv == null || csv.length == 0) {
        sb.append("| ").append(set).append(" | missing | | | |\n");
        continue;
      }
      Bar[] bars = set.startsWith("sp500") ? daily(csv[0]) : minutes(csv[0]);
      double[] r = new double[bars.length - 1];
      for (int i = 1; i < bars.length; i++) {
        r[i - 1] = Math.log(bars[i].close() / bars[i - 1].close());
      }
      OnlineLstm learner = new OnlineLstm(cfg);
      List<Contestant> cs = new ArrayList<>(List.of(new Anchors(), learner));
      if (model) {
        cs.add(new ModelAdapter(ForecasterConfig.defaults(), bars));
      }
      Run run = Run.of(r, cs);
      double[] rm = run.sigma.get("naive");
      double qRm = qlike(r, rm);
      double mseNaive = mse(r, run.mean.get("naive"));
      for (String p : run.mean.keySet()) {
        double skill = 100 * (1 - mse(r, run.mean.get(p)) / mseNaive);
        sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %+." + SKILL_DECIMALS
            + "f | %+.4f |%n", set, r.length, p, skill, qlike(r, run.sigma.get(p)) - qRm));
      }
      weights.append(set).append(": ");
      List<double[]> trace = learner.weightTrace();
      for (int f = 0; f < 5; f++) {
        double[] avg = new double[5];
        int from = trace.size() * f / 5;
        int to = trace.size() * (f + 1) / 5;
        for (int i = from; i < to; i++) {
          for (int k = 0; k < 5; k++) {
            avg[k] += trace.get(i)[k] / (to - from);
          }
        }
        weights.append(String.format(Locale.ROOT, "%s%.2f/%.2f/%.2f/%.2f/%.2f",
            f == 0 ? "" : " → ", avg[0], avg[1], avg[2], avg[3], avg[4]));
      }
      weights.append(String.format(Locale.ROOT, " (%.0f µs/bar)%n%n", learner.microsPerBar()));
    }
    return sb.append(weights).toString();
  }

  private static double mse(double[] r, double[] f) {
    double s = 0;
    for (int t = WARMUP; t < r.length; t++) {
      s += (r[t] - f[t]) * (r[t] - f[t]);
    }
    return s / (r.length - WARMUP);
  }

  private static double qlike(double[] r, double[] s) {
    double q = 0;
    for (int t = WARMUP; t < r.length; t++) {
      double h = Math.max(s[t] * s[t], 1e-20);
      q += r[t] * r[t] / h + Math.log(h);
    }
    return q / (r.length - WARMUP);
  }

  static Bar[] daily(File csv) throws IOException {
    List<Bar> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv.toPath(), StandardCharsets.UTF_8)) {
      in.readLine();
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",");
        long start = LocalDate.parse(f[0]).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        double o = Double.parseDouble(f[1]);
        double h = Double.parseDouble(f[2]);
        double l = Double.parseDouble(f[3]);
        double c = Double.parseDouble(f[4]);
        double v = Double.parseDouble(f[6]);
        out.add(new Bar("SPX", start, start + 86_400_000L, o, Math.max(h, Math.max(o, c)),
            Math.min(l, Math.min(o, c)), c, v, (h + l + c) / 3, 1));
      }
    }
    return out.toArray(new Bar[0]);
  }

  static Bar[] minutes(File csv) throws IOException {
    List<Bar> out = new ArrayList<>();
    try (BufferedReader in = Files.newBufferedReader(csv.toPath(), StandardCharsets.UTF_8)) {
      in.readLine();
      long minute = -1;
      double o = 0;
      double h = 0;
      double l = 0;
      double c = 0;
      double vol = 0;
      double pv = 0;
      long n = 0;
      for (String line; (line = in.readLine()) != null; ) {
        String[] f = line.split(",");
        long m = Long.parseLong(f[1]) / 60;
        double p = Double.parseDouble(f[3]);
        double a = Double.parseDouble(f[4]);
        if (m != minute) {
          if (n > 0) {
            out.add(new Bar("BTCUSD", minute * 60_000L, (minute + 1) * 60_000L, o, h, l, c, vol,
                vol > 0 ? pv / vol : c, n));
          }
          minute = m;
          o = p;
          h = p;
          l = p;
          vol = 0;
          pv = 0;
          n = 0;
        }
        h = Math.max(h, p);
        l = Math.min(l, p);
        c = p;
        vol += a;
        pv += p * a;
        n++;
      }
      if (n > 0) {
        out.add(new Bar("BTCUSD", minute * 60_000L, (minute + 1) * 60_000L, o, h, l, c, vol,
            vol > 0 ? pv / vol : c, n));
      }
    }
    return out.toArray(new Bar[0]);
  }
}
