package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;

/**
 * Diagnostic behind the head-gain experiment (issue 10, branch gain): is the LSTM's weak AR(5)
 * forecast correlated with the oracle's but mis-signed or mis-scaled, or uncorrelated? Runs the
 * production forecaster ({@link ModelAdapter}, with the same {@code regime.model.*} knobs) on
 * one kind and seed and prints, per window of {@code --window} bars: the LSTM's efficiency; the
 * efficiency of the in-hindsight best {@code α·ŷ + β} on that window (least squares on the
 * oracle mean, the best any calibration could do, and on the returns, what a fit on the labels
 * finds); a causal calibration fitted on the previous {@code N} bars' returns (shrunk toward
 * α=1, β=0); and the correlation of ŷ with the oracle mean. Bench only; prints to stdout.
 *
 * <pre>java -cp benchmarks.jar io.tickcast.bench.regime.GainProbe KIND SEED [WINDOW] [N]</pre>
 */
public final class GainProbe {

  private GainProbe() {}

  public static void main(String[] args) {
    Kind kind = Kind.valueOf(args[0]);
    long seed = Long.parseLong(args[1]);
    int window = args.length > 2 ? Integer.parseInt(args[2]) : 250;
    int n = args.length > 3 ? Integer.parseInt(args[3]) : 128;
    Series s = kind.generate(seed, 3000, seed > 1);
    ModelAdapter a = new ModelAdapter(ForecasterConfig.defaults(), s.startPrice());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpu0 = mx.getCurrentThreadCpuTime();
    Run run = Run.of(s.r(), List.of(a, new Anchors()));
    double cpuPerBar = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / s.length();
    double[] rls = run.mean.get("rls");
    double[] f = run.mean.get("model");
    double[] m = s.mean();
    double[] r = s.r();
    double[] causal = causal(f, r, n, 1.0);
    String dump = System.getProperty("probe.csv");
    if (dump != null) {
      try (java.io.PrintWriter w = new java.io.PrintWriter(dump, "UTF-8")) {
        w.println("f,m,r");
        for (int t = 0; t < f.length; t++) {
          w.println(f[t] + "," + m[t] + "," + r[t]);
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    System.out.printf(Locale.ROOT, "%s seed %d: rollbacks %d alarms %d, thread CPU %.1f µs/bar"
        + " (forecaster and anchors)%n", kind, seed, a.rolledBack(), a.alarms(), cpuPerBar);
    System.out.println("from   to   eff_lstm eff_hind_m eff_hind_r  alpha_m  beta_m/sd "
        + "alpha_r eff_causal corr(f,m) sd(f)/sd(m) eff_rls corr(f,rls) skip");
    List<Double> skips = a.skipTrace();
    for (int from = 0; from + window <= f.length; from += window) {
      int to = from + window;
      double[] am = ols(f, m, from, to);
      double[] ar = ols(f, r, from, to);
      double[] hm = apply(f, am, from, to);
      double[] hr = apply(f, ar, from, to);
      int si = Math.min(skips.size() - 1, to / ModelAdapter.SKIP_TRACE_EVERY - 1);
      System.out.printf(Locale.ROOT, "%5d %5d %8.2f %10.2f %10.2f %8.2f %9.2f %8.2f %10.2f %9.2f"
          + " %10.2f %7.2f %11.2f %5.2f%n", from, to, Metrics.efficiency(f, m, from, to),
          Metrics.efficiency(hm, m, from, to), Metrics.efficiency(hr, m, from, to), am[0],
          am[1] / sd(m, from, to), ar[0], Metrics.efficiency(causal, m, from, to),
          corr(f, m, from, to), sd(f, from, to) / sd(m, from, to),
          Metrics.efficiency(rls, m, from, to), corr(f, rls, from, to),
          si < 0 ? Double.NaN : skips.get(si));
    }
  }

  /** Least squares of y on [f, 1] over [from, to): {α, β}. */
  static double[] ols(double[] f, double[] y, int from, int to) {
    double sf = 0;
    double sy = 0;
    double sff = 0;
    double sfy = 0;
    int k = to - from;
    for (int t = from; t < to; t++) {
      sf += f[t];
      sy += y[t];
      sff += f[t] * f[t];
      sfy += f[t] * y[t];
    }
    double vf = sff - sf * sf / k;
    double alpha = vf > 0 ? (sfy - sf * sy / k) / vf : 0;
    return new double[] {alpha, (sy - alpha * sf) / k};
  }

  /**
   * At each bar, α·f + β fitted on the previous {@code n} bars' returns by ridge shrunk toward
   * (1, 0) with weight {@code ridge}·Σf² (1 = as much as the data's own).
   */
  static double[] causal(double[] f, double[] r, int n, double ridge) {
    double[] out = new double[f.length];
    for (int t = 0; t < f.length; t++) {
      if (t < n) {
        out[t] = f[t];
        continue;
      }
      double sff = 0;
      double sf = 0;
      double sfy = 0;
      double sy = 0;
      for (int i = t - n; i < t; i++) {
        sff += f[i] * f[i];
        sf += f[i];
        sfy += f[i] * r[i];
        sy += r[i];
      }
      double lam = ridge * sff;
      double lamB = ridge * sff / n;
      // [sff+lam, sf; sf, n+lamB] [α; β] = [sfy + lam; sy]
      double a11 = sff + lam;
      double a12 = sf;
      double a22 = n + lamB;
      double b1 = sfy + lam;
      double b2 = sy;
      double det = a11 * a22 - a12 * a12;
      double alpha = det > 0 ? (b1 * a22 - a12 * b2) / det : 1;
      double beta = det > 0 ? (a11 * b2 - a12 * b1) / det : 0;
      out[t] = alpha * f[t] + beta;
    }
    return out;
  }

  private static double[] apply(double[] f, double[] ab, int from, int to) {
    double[] out = f.clone();
    for (int t = from; t < to; t++) {
      out[t] = ab[0] * f[t] + ab[1];
    }
    return out;
  }

  private static double sd(double[] x, int from, int to) {
    double s = 0;
    double ss = 0;
    for (int t = from; t < to; t++) {
      s += x[t];
      ss += x[t] * x[t];
    }
    int k = to - from;
    return Math.sqrt(Math.max(0, ss / k - (s / k) * (s / k)));
  }

  private static double corr(double[] x, double[] y, int from, int to) {
    double sx = 0;
    double sy = 0;
    double sxx = 0;
    double syy = 0;
    double sxy = 0;
    int k = to - from;
    for (int t = from; t < to; t++) {
      sx += x[t];
      sy += y[t];
      sxx += x[t] * x[t];
      syy += y[t] * y[t];
      sxy += x[t] * y[t];
    }
    double cov = sxy / k - sx / k * sy / k;
    double vx = sxx / k - sx / k * sx / k;
    double vy = syy / k - sy / k * sy / k;
    return vx > 0 && vy > 0 ? cov / Math.sqrt(vx * vy) : Double.NaN;
  }
}
