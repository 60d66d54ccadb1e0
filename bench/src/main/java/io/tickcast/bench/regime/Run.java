package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs contestants over one return series, test-then-train, and keeps every prediction's mean
 * and sigma per bar.
 */
final class Run {

  final Map<String, double[]> mean = new LinkedHashMap<>();
  final Map<String, double[]> sigma = new LinkedHashMap<>();

  static Run of(double[] r, List<Contestant> contestants) {
    Run run = new Run();
    List<String> names = new ArrayList<>();
    for (Contestant c : contestants) {
      names.addAll(c.names());
    }
    int p = names.size();
    double[][] m = new double[p][r.length];
    double[][] s = new double[p][r.length];
    double[] bm = new double[p];
    double[] bs = new double[p];
    for (int t = 0; t < r.length; t++) {
      int off = 0;
      for (Contestant c : contestants) {
        c.forecast(bm, bs, off);
        off += c.names().size();
      }
      for (int i = 0; i < p; i++) {
        m[i][t] = bm[i];
        s[i][t] = bs[i];
      }
      for (Contestant c : contestants) {
        c.observe(r[t]);
      }
    }
    for (int i = 0; i < p; i++) {
      run.mean.put(names.get(i), m[i]);
      run.sigma.put(names.get(i), s[i]);
    }
    return run;
  }
}
