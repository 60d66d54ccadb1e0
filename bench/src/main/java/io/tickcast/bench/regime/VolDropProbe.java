package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.features.SequenceRing;
import io.tickcast.model.pipeline.BarFeatures;
import java.util.Locale;

/**
 * Diagnostic behind the volatility-drop experiment (issue 10, branch voldrop): what delays the
 * LSTM expert after the regime suite's volatility drop? Runs the production forecaster
 * ({@link ModelAdapter}, same {@code regime.model.*} knobs) on {@link Kind#VOL_JUMP} and prints,
 * per window of {@code WINDOW} bars from {@code FROM} bars before the drop (shift 2): the LSTM's
 * efficiency; its efficiency since the drop; the target normaliser's sd
 * and the first feature normaliser's sd (in units of the new regime's sigma); the RMS of the
 * LSTM's mean over the oracle's; the regression slope of the LSTM's mean on the oracle's; the
 * RMS of the replay window's labels (newest {@code model.replay.window}) and of the newest 100;
 * and whether the drop response held at the window's end. Bench only; prints to stdout.
 *
 * <p>With {@code --real DIR}: on the two real series of {@link RealData}, how many bars the drop
 * response held on and in how many separate episodes.
 *
 * <pre>java -cp benchmarks.jar io.tickcast.bench.regime.VolDropProbe SEED [WINDOW] [FROM]
 * java -cp benchmarks.jar io.tickcast.bench.regime.VolDropProbe --real DIR</pre>
 */
public final class VolDropProbe {

  private VolDropProbe() {}

  public static void main(String[] args) throws java.io.IOException {
    if (args[0].equals("--real")) {
      real(new java.io.File(args[1]));
      return;
    }
    long seed = Long.parseLong(args[0]);
    int window = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    int before = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    Series s = Kind.VOL_JUMP.generate(seed, 3000, seed > 1);
    ModelAdapter a = new ModelAdapter(ForecasterConfig.defaults(), s.startPrice());
    int shift = s.starts()[2];
    int end = Math.min(s.length(), shift + 600);
    double[] f = new double[s.length()];
    double[] sg = new double[s.length()];
    double[] mm = new double[2];
    double[] ss = new double[2];
    double[] m = s.mean();
    double newSigma = s.sigma()[shift];
    int w = a.forecaster().config().replay().window();
    System.out.printf(Locale.ROOT, "VOL_JUMP seed %d: drop at bar %d, sigma %.2e -> %.2e%n", seed,
        shift, s.sigma()[shift - 1], newSigma);
    System.out.println("  from   eff effSinceDrop  tgtSd/s  featSd/s rms(f)/rms(m) slope(f|m)"
        + " rmsLab(W) rmsLab(100) rmsX0(W) drop sigLstm/sig tgtMean/s");
    for (int t = 0; t < end; t++) {
      a.forecast(mm, ss, 0);
      f[t] = mm[0];
      sg[t] = ss[0];
      a.observe(s.r()[t]);
      int rel = t + 1 - (shift - before);
      if (rel > 0 && rel % window == 0) {
        int from = t + 1 - window;
        BarFeatures bf = a.forecaster().features();
        SequenceRing ring = bf.ring();
        System.out.printf(Locale.ROOT, "%6d %5.2f %6.2f %8.2f %9.2f %13.2f %10.2f %9.2f %11.2f"
            + " %8.2f %5s %6.2f %6.2f%n", from - shift, Metrics.efficiency(f, m, from, t + 1),
            t + 1 > shift ? Metrics.efficiency(f, m, shift, t + 1) : Double.NaN,
            bf.target().sd(0) / newSigma, bf.features().sd(0) / newSigma,
            rms(f, from, t + 1) / rms(m, from, t + 1), slope(f, m, from, t + 1),
            labelRms(ring, w), labelRms(ring, 100), inputRms(ring, w),
            labelRms(ring, 100) * labelRms(ring, 100) < 0.12,
            rms(sg, from, t + 1) / rms(s.sigma(), from, t + 1), bf.target().mean(0) / newSigma);
      }
    }
    System.out.printf(Locale.ROOT, "recovery r3 %d%n", Metrics.recovery(f, m, shift,
        Math.min(end, s.starts()[3])));
  }

  private static void real(java.io.File dir) throws java.io.IOException {
    for (String set : java.util.List.of("sp500-daily-2000-2020", "bitstamp-btcusd-trades-2013")) {
      java.io.File[] csv = new java.io.File(dir, set).listFiles((d, n) -> n.endsWith(".csv"));
      io.tickcast.model.domain.Bar[] bars = set.startsWith("sp500") ? RealData.daily(csv[0])
          : RealData.minutes(csv[0]);
      ModelAdapter a = new ModelAdapter(ForecasterConfig.defaults(), bars);
      int held = 0;
      int episodes = 0;
      boolean was = false;
      for (int i = 1; i < bars.length; i++) {
        a.observe(0);
        // After the bar the newest row is unlabelled: the test's 100 labels are ages 1..100.
        SequenceRing ring = a.forecaster().features().ring();
        boolean now = false;
        if (ring.size() > 101) {
          double q = 0;
          for (int age = 1; age <= 100; age++) {
            q += (double) ring.label(age) * ring.label(age);
          }
          now = q / 100 < 0.12;
        }
        held += now ? 1 : 0;
        episodes += now && !was ? 1 : 0;
        was = now;
      }
      System.out.printf(Locale.ROOT, "%s: %d bars, drop response held on %d bars in %d episodes%n",
          set, bars.length - 1, held, episodes);
    }
  }

  private static double rms(double[] x, int from, int to) {
    double q = 0;
    for (int t = from; t < to; t++) {
      q += x[t] * x[t];
    }
    return Math.sqrt(q / (to - from));
  }

  private static double slope(double[] f, double[] m, int from, int to) {
    double fm = 0;
    double mm = 0;
    for (int t = from; t < to; t++) {
      fm += f[t] * m[t];
      mm += m[t] * m[t];
    }
    return fm / mm;
  }

  private static double labelRms(SequenceRing ring, int n) {
    double q = 0;
    int k = 0;
    for (int age = 0; age < Math.min(n, ring.size()); age++) {
      float y = ring.label(age);
      if (!Float.isNaN(y)) {
        q += (double) y * y;
        k++;
      }
    }
    return Math.sqrt(q / Math.max(1, k));
  }

  private static double inputRms(SequenceRing ring, int n) {
    double q = 0;
    int k = Math.min(n, ring.size());
    for (int age = 0; age < k; age++) {
      double v = ring.value(age, 0);
      q += v * v;
    }
    return Math.sqrt(q / Math.max(1, k));
  }
}
