package io.tickcast.bench.regime;

import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.ExpertPanel;
import io.tickcast.model.pipeline.Prediction;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * Diagnostic behind branch remix (issue 10): why the published forecast follows a failed LSTM for
 * up to ~100 bars after a shift. Runs the production forecaster (same {@code regime.model.*}
 * knobs as {@link ModelAdapter}, e.g. {@code -Dregime.model.seed}) on one kind and seed and, for
 * the bars {@code [shift − 20, shift + span)} around one shift, prints the mix's weights, every
 * mean expert's forecast and its loss as the mix scores it ({@code (r − f)²/v}, v the mix's EW
 * variance of the return), the oracle error {@code (f − m)²} in units of the oracle signal's
 * mean square, drift alarms and catch-up refits, and the 200-bar forward efficiency (the recovery
 * criterion) of the published forecast, the LSTM and the linear expert. The experts' forecasts
 * come from a shadow {@link ExpertPanel} fed the same returns and LSTM outputs; the probe checks
 * that its mix equals the published mean. Bench only; prints a summary to stdout and the per-bar
 * rows to {@code -Dprobe.csv=FILE} if given.
 *
 * <pre>java -cp benchmarks.jar io.tickcast.bench.regime.MixProbe KIND SEED [SHIFT] [SPAN]</pre>
 */
public final class MixProbe {

  private static final String[] E = {"lstm", "lin", "naive", "mom", "slow"};

  private MixProbe() {}

  public static void main(String[] args) {
    Kind kind = Kind.valueOf(args[0]);
    long seed = Long.parseLong(args[1]);
    int which = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    int span = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    Series s = kind.generate(seed, 3000, seed > 1);
    int shift = s.starts()[which];
    int from = shift - 20;
    int to = Math.min(shift + span, s.length());
    ForecasterConfig cfg = ModelAdapter.experiment(ForecasterConfig.defaults());
    SymbolForecaster fc = SymbolForecaster.create("SYN", cfg);
    ExpertPanel shadow = ExpertPanel.fresh();
    double[] r = s.r();
    double[] m = s.mean();
    int n = r.length;
    double[] pub = new double[n];
    double[] lstm = new double[n];
    double[][] ex = new double[5][n];
    double[][] w = new double[5][n];
    double[] v = new double[n];
    boolean[] alarm = new boolean[n];
    int[] refit = new int[n];
    double close = s.startPrice();
    // As ModelAdapter: the first bar (ending a minute after the epoch below) seeds the close.
    long end = 1_700_000_000_000L + 60_000L;
    fc.onBar(bar(close, end, 0.0));
    Forecast last = null;
    Prediction prev = null;
    double scale = Double.NaN;
    double maxDiff = 0;
    for (int t = 0; t < n; t++) {
      double[] means = shadowMeans(shadow, last);
      if (last != null) {
        pub[t] = last.predictedReturn();
        lstm[t] = last.modelReturn();
        int k = 0;
        for (Map.Entry<String, Double> e : last.weights().entrySet()) {
          w[k++][t] = e.getValue();
        }
        double mix = 0;
        for (k = 0; k < 5; k++) {
          ex[k][t] = means[k];
          mix += w[k][t] * means[k];
        }
        if (!last.rolledBack()) {
          maxDiff = Math.max(maxDiff, Math.abs(mix - pub[t]) / 1e-3);
        }
      }
      v[t] = scale;
      end += 60_000L;
      BarResult res = fc.onBar(bar(close, end, r[t]));
      close *= Math.exp(r[t]);
      alarm[t] = res.adaptation() != null && res.adaptation().drift();
      refit[t] = res.extra().refits() + res.extra().applied();
      shadow.observe(r[t], prev);
      // The mix's scale, as ExpertMix keeps it (discount 0.98, seeded with the first y²).
      if (prev != null) {
        scale = Double.isNaN(scale) ? r[t] * r[t] : 0.98 * scale + 0.02 * r[t] * r[t];
      }
      if (res.forecast() != null) {
        last = res.forecast();
        prev = new Prediction(last.modelReturn(), last.modelSigma(), 0.0, 1e-3);
      }
    }
    summary(kind, seed, which, shift, s, pub, ex, w, v, alarm, refit, maxDiff);
    String variants = System.getProperty("probe.variants");
    if (variants != null) {
      replay(s, ex, pub, variants.split(";"));
    }
    String csv = System.getProperty("probe.csv");
    if (csv != null) {
      dump(csv, from, to, m, r, pub, ex, w, v, alarm, refit);
    }
  }

  /**
   * Offline replay of other mean mixes over the same expert forecasts (ignores the mix's feedback
   * into the LSTM: the catch-up's weight gate and the skill test's fast mix). A variant is
   * {@code name:eta:share[:RULE]}; prints recovery per shift and steady efficiency per
   * regime of each, after the production mix re-played the same way (a check: equals published).
   */
  private static void replay(Series s, double[][] ex, double[] pub, String[] variants) {
    double[] m = s.mean();
    int[] st = s.starts();
    int n = m.length;
    System.out.println("  replay: variant | recovery per shift | steady per regime | MSE/naive");
    java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("main:0.1:0.001"));
    all.addAll(java.util.Arrays.asList(variants));
    for (String spec : all) {
      String[] p = spec.split(":");
      io.tickcast.model.online.ExpertMix mix = new io.tickcast.model.online.ExpertMix(
          io.tickcast.model.online.ExpertMix.Kind.SQUARED,
          p.length > 3 ? io.tickcast.model.online.ExpertMix.Rule.valueOf(p[3])
              : io.tickcast.model.online.ExpertMix.Rule.FIXED_SHARE, 5, 2, Double.parseDouble(p[1]),
          0.98, Double.parseDouble(p[2]));
      double[] f = new double[n];
      double[] col = new double[5];
      double diff = 0;
      double se = 0;
      double sn = 0;
      for (int t = 0; t < n; t++) {
        if (ex[0][t] == 0 && ex[1][t] == 0 && pub[t] == 0) {
          continue;
        }
        for (int k = 0; k < 5; k++) {
          col[k] = ex[k][t];
        }
        f[t] = mix.mix(col);
        diff = Math.max(diff, Math.abs(f[t] - pub[t]));
        mix.update(col, s.r()[t]);
        mix.quantise();
        se += sq(s.r()[t] - f[t]);
        sn += sq(s.r()[t]);
      }
      StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "  %-22s |", p[0]));
      for (int i = 1; i < st.length - 1; i++) {
        b.append(String.format(Locale.ROOT, " %4d", Metrics.recovery(f, m, st[i], st[i + 1])));
      }
      b.append(" |");
      for (int i = 0; i < st.length - 1; i++) {
        b.append(String.format(Locale.ROOT, " %.3f", Metrics.steady(f, m, st[i], st[i + 1])));
      }
      b.append(String.format(Locale.ROOT, " | %.4f  (max |f - pub| %.1e)", se / sn, diff));
      System.out.println(b);
    }
  }

  private static double[] shadowMeans(ExpertPanel p, Forecast last) {
    ExpertPanel.Mix mix = p.forecast(last == null ? 0 : last.modelReturn(),
        last == null ? 1e-3 : last.modelSigma());
    return mix.expertMeans();
  }

  private static Bar bar(double prevClose, long endMs, double r) {
    double open = prevClose;
    double close = open * Math.exp(r);
    double widen = Math.exp(0.25 * Math.abs(r));
    double high = Math.max(open, close) * widen;
    double low = Math.min(open, close) / widen;
    return new Bar("SYN", endMs - 60_000L, endMs, open, high, low, close, 10.0,
        (open + close) / 2, 10);
  }

  private static void summary(Kind kind, long seed, int which, int shift, Series s, double[] pub,
      double[][] ex, double[][] w, double[] v, boolean[] alarm, int[] refit, double maxDiff) {
    double[] m = s.mean();
    double[] r = s.r();
    int end = s.starts()[which + 1];
    int recPub = Metrics.recovery(pub, m, shift, end);
    int recLstm = Metrics.recovery(ex[0], m, shift, end);
    int recLin = Metrics.recovery(ex[1], m, shift, end);
    System.out.printf(Locale.ROOT, "%s seed %d shift %d (bar %d), model seed %s: recovery pub %d"
        + " lstm %d lin %d | shadow mix vs published max |diff| %.2e sd%n", kind, seed, which,
        shift, System.getProperty("regime.model.seed", "42"), recPub, recLstm, recLin, maxDiff);
    StringBuilder al = new StringBuilder();
    for (int t = shift - 50; t < shift + 300 && t < r.length; t++) {
      if (alarm[t] || refit[t] > 0) {
        al.append(' ').append(t - shift).append(alarm[t] ? "A" : "").append(refit[t] > 0 ? "R" : "");
      }
    }
    System.out.println("  alarms(A)/refits(R) at bars after shift:" + al);
    System.out.printf(Locale.ROOT, "  weights at shift: lstm %.3f lin %.3f naive %.3f mom %.3f"
        + " slow %.3f; ln(w_lstm/w_lin) %.2f%n", w[0][shift], w[1][shift], w[2][shift],
        w[3][shift], w[4][shift], Math.log(w[0][shift] / w[1][shift]));
    System.out.printf(Locale.ROOT, "  first bar w_lstm<0.5: %d, <0.25: %d; w_lin>0.5: %d%n",
        first(w[0], shift, 0.5, true), first(w[0], shift, 0.25, true),
        first(w[1], shift, 0.5, false));
    System.out.println("  window  | mean loss (r-f)^2/v: lstm lin naive mom slow pub | oracle"
        + " err/(mean m^2): lstm lin pub | cum eta*dL(lstm-lin)");
    System.out.println("  forward 200-bar efficiency from d: d | pub lstm lin naive mom slow");
    for (int d = 0; d <= 120; d += 10) {
      System.out.printf(Locale.ROOT, "  %4d | %5.2f %5.2f %5.2f %5.2f %5.2f %5.2f%n", d,
          Metrics.efficiency(pub, m, shift + d, shift + d + 200),
          Metrics.efficiency(ex[0], m, shift + d, shift + d + 200),
          Metrics.efficiency(ex[1], m, shift + d, shift + d + 200),
          Metrics.efficiency(ex[2], m, shift + d, shift + d + 200),
          Metrics.efficiency(ex[3], m, shift + d, shift + d + 200),
          Metrics.efficiency(ex[4], m, shift + d, shift + d + 200));
    }
    double cum = 0;
    for (int a = shift - 50; a < shift + 250; a += 25) {
      double[] l = new double[6];
      double[] o = new double[3];
      double gm = 0;
      for (int t = a; t < a + 25; t++) {
        for (int k = 0; k < 5; k++) {
          l[k] += sq(r[t] - ex[k][t]) / v[t] / 25;
        }
        l[5] += sq(r[t] - pub[t]) / v[t] / 25;
        o[0] += sq(ex[0][t] - m[t]);
        o[1] += sq(ex[1][t] - m[t]);
        o[2] += sq(pub[t] - m[t]);
        gm += m[t] * m[t];
        if (t >= shift) {
          cum += 0.1 * (Math.min(sq(r[t] - ex[0][t]) / v[t], 25)
              - Math.min(sq(r[t] - ex[1][t]) / v[t], 25));
        }
      }
      System.out.printf(Locale.ROOT, "  %+4d..%+4d | %5.2f %5.2f %5.2f %5.2f %5.2f %5.2f | %5.2f"
          + " %5.2f %5.2f | %6.2f%n", a - shift, a - shift + 25, l[0], l[1], l[2], l[3], l[4],
          l[5], o[0] / gm, o[1] / gm, o[2] / gm, cum);
    }
  }

  private static int first(double[] x, int shift, double level, boolean below) {
    for (int t = shift; t < x.length; t++) {
      if (below ? x[t] < level : x[t] > level) {
        return t - shift;
      }
    }
    return -1;
  }

  private static double sq(double x) {
    return x * x;
  }

  private static void dump(String file, int from, int to, double[] m, double[] r, double[] pub,
      double[][] ex, double[][] w, double[] v, boolean[] alarm, int[] refit) {
    try (PrintWriter out = new PrintWriter(file, "UTF-8")) {
      StringBuilder h = new StringBuilder("t,m,r,pub,v,alarm,refit");
      for (String e : E) {
        h.append(",f_").append(e);
      }
      for (String e : E) {
        h.append(",w_").append(e);
      }
      out.println(h);
      for (int t = from; t < to; t++) {
        StringBuilder b = new StringBuilder();
        b.append(t).append(',').append(m[t]).append(',').append(r[t]).append(',').append(pub[t])
            .append(',').append(v[t]).append(',').append(alarm[t] ? 1 : 0).append(',')
            .append(refit[t]);
        for (int k = 0; k < 5; k++) {
          b.append(',').append(ex[k][t]);
        }
        for (int k = 0; k < 5; k++) {
          b.append(',').append(w[k][t]);
        }
        out.println(b);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
