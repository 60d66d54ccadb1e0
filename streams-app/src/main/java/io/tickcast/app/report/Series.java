package io.tickcast.app.report;

import java.util.List;
import java.util.Map;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.YIntervalSeries;

/** Derived series of the reports: rolling skill, smoothing, the forecast price band. */
final class Series {

  private Series() {}

  /**
   * Rolling skill {@code 1 - SSE(model) / SSE(naive)} over the last {@code window} scored bars of
   * {@code forecasts} (rows of one symbol), for the column {@code predictionColumn}.
   */
  static XYSeries rollingSkill(String name, CsvTable forecasts, List<String[]> rows, String predictionColumn,
      int window) {
    XYSeries s = new XYSeries(name, false, true);
    double[] se = new double[rows.size()];
    double[] seNaive = new double[rows.size()];
    double sum = 0;
    double sumNaive = 0;
    for (int i = 0; i < rows.size(); i++) {
      String[] r = rows.get(i);
      double a = forecasts.num(r, "actual_return");
      double p = forecasts.num(r, predictionColumn);
      double naive = forecasts.has("naive_return") ? forecasts.num(r, "naive_return") : 0;
      se[i] = Double.isFinite(a) && Double.isFinite(p) ? (a - p) * (a - p) : 0;
      seNaive[i] = Double.isFinite(a) && Double.isFinite(naive) ? (a - naive) * (a - naive) : 0;
      sum += se[i];
      sumNaive += seNaive[i];
      if (i >= window) {
        sum -= se[i - window];
        sumNaive -= seNaive[i - window];
      }
      if (i >= window - 1 && sumNaive > 0) {
        s.add(forecasts.time(r), 1 - sum / sumNaive, false);
      }
    }
    return s;
  }

  /** Exponential moving average, {@code alpha} the weight of the new value. */
  static XYSeries ema(String name, long[] ts, double[] v, double alpha) {
    XYSeries s = new XYSeries(name, false, true);
    double e = Double.NaN;
    for (int i = 0; i < ts.length; i++) {
      if (!Double.isFinite(v[i])) {
        continue;
      }
      e = Double.isNaN(e) ? v[i] : (1 - alpha) * e + alpha * v[i];
      s.add(ts[i], e, false);
    }
    return s;
  }

  /**
   * Adds the forecast as a price with a one-sigma band, {@code prev * exp(mu +- sigma)} with
   * {@code prev = close * exp(-actual)} the close it was made on (returns are log returns), to
   * {@code band}; returns the closes. {@code closeByEnd} maps bar end (epoch ms) to close.
   */
  static XYSeries priceAndBand(CsvTable f, List<String[]> rows, Map<Long, Double> closeByEnd,
      YIntervalSeries band) {
    XYSeries actual = new XYSeries("close", false, true);
    for (String[] r : rows) {
      long t = f.time(r);
      Double close = closeByEnd.get(t);
      double a = f.num(r, "actual_return");
      double mu = f.num(r, "predicted_return");
      double sigma = f.num(r, "sigma");
      if (close == null || !(Double.isFinite(a) && Double.isFinite(mu) && Double.isFinite(sigma))) {
        continue;
      }
      double prev = close * Math.exp(-a);
      actual.add(t, close, false);
      band.add(t, prev * Math.exp(mu), prev * Math.exp(mu - sigma), prev * Math.exp(mu + sigma));
    }
    return actual;
  }
}
