package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Forecast;
import java.util.Locale;

/** Scratch: per-25-bar LSTM/published efficiency, θ and g around the shifts. */
public final class ThrProbe {
  public static void main(String[] a) {
    Kind kind = Kind.valueOf(a[0]);
    long seed = Long.parseLong(a[1]);
    int shift = Integer.parseInt(a[2]);
    Series s = kind.generate(seed, 3000, seed > 1);
    ForecasterConfig cfg = ForecasterConfig.defaults();
    if (System.getProperty("hl") != null) {
      cfg = cfg.withFastSkip(cfg.fastSkip().withGainHalfLife(Double.parseDouble(System.getProperty("hl"))));
    }
    if (System.getProperty("mu") != null) {
      cfg = cfg.withFastSkip(cfg.fastSkip().withGainForgetting(Double.parseDouble(System.getProperty("mu"))));
    }
    SymbolForecaster f = SymbolForecaster.create("SYN", cfg);
    SyntheticBars bars = new SyntheticBars();
    f.onBar(bars.first());
    double[] r = s.r();
    double[] m = s.mean();
    int n = r.length;
    double[] lstm = new double[n];
    double[] pub = new double[n];
    double[] theta = new double[n];
    double[] gain = new double[n];
    Forecast last = null;
    for (int t = 0; t < n; t++) {
      lstm[t] = last == null ? 0 : last.modelReturn();
      pub[t] = last == null ? 0 : last.predictedReturn();
      var res = f.onBar(bars.next(r[t]));
      if (res.forecast() != null) {
        last = res.forecast();
      }
      theta[t] = f.fastSkip();
      gain[t] = f.networkGain();
    }
    int c = shift * 3000;
    System.out.println(" from   to  eff_lstm eff_pub theta  gain");
    for (int from = c - 100; from < c + 300; from += 25) {
      System.out.printf(Locale.ROOT, "%5d %5d %8.2f %7.2f %6.2f %5.2f%n", from, from + 25,
          Metrics.efficiency(lstm, m, from, from + 25), Metrics.efficiency(pub, m, from, from + 25),
          theta[from + 24], gain[from + 24]);
    }
  }
}
