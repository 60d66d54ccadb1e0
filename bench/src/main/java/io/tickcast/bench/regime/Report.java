package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Markdown tables of the suite's scores: per-variant summary against the targets, details. */
final class Report {

  /** RLS recoveries below this count as this many bars in the ratio (a ratio to ~0 is noise). */
  static final int RATIO_FLOOR = 25;

  private Report() {}

  static String markdown(List<Scores> all, Options o) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Regime suite: preset %s, %d seed(s) (seed 1 nominal, "
        + "others jittered), %d bars per regime, kinds %s.%n%n", o.preset(), o.seeds(), o.bars(),
        o.kinds()));
    sb.append("Summary against the targets (worst over kinds, seeds and the two shifts; "
        + "recovery in bars, 'never' = not within the regime; ratio = recovery / max(RLS "
        + "recovery, " + RATIO_FLOOR + ")):\n\n");
    sb.append("| variant | pub rec | pub/RLS | pub steady min | thr pub−RLS | lstm rec | lstm/RLS "
        + "| lstm steady min | GARCH QLIKE pub / RM | µs/bar |\n");
    sb.append("|---|---|---|---|---|---|---|---|---|---|\n");
    Set<String> variants = new LinkedHashSet<>();
    for (Scores s : all) {
      variants.add(s.variant());
    }
    for (String v : variants) {
      List<Scores> rows = all.stream().filter(s -> s.variant().equals(v)).toList();
      sb.append(summary(v, rows));
    }
    sb.append("\nDetails (mean over seeds; recovery: worst over seeds; R1 = learning from a "
        + "cold start):\n\n");
    sb.append("| variant | kind | predictor | learn R1 | rec R2 | rec R3 | steady R1 | R2 | R3 "
        + "| QLIKE excess |\n|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<Scores>> groups = new LinkedHashMap<>();
    for (Scores s : all) {
      groups.computeIfAbsent(s.variant() + "|" + s.kind() + "|" + s.predictor(),
          k -> new ArrayList<>()).add(s);
    }
    for (List<Scores> g : groups.values()) {
      Scores f = g.get(0);
      boolean drift = f.predictor().startsWith("alarms");
      sb.append("| ").append(f.variant()).append(" | ").append(f.kind()).append(" | ")
          .append(drift ? f.predictor() + " (delay; false alarms)" : f.predictor());
      for (int i = 0; i < 3; i++) {
        sb.append(" | ").append(worstRec(g, i));
      }
      for (int i = 0; i < 3; i++) {
        double m = 0;
        for (Scores s : g) {
          m += s.steady()[i] / g.size();
        }
        sb.append(" | ").append(Double.isNaN(m) ? "—" : fmt(m));
      }
      double q = 0;
      for (Scores s : g) {
        q += s.qlike() / g.size();
      }
      sb.append(" | ").append(Double.isNaN(q) ? "—" : String.format(Locale.ROOT, "%.4f", q))
          .append(" |\n");
    }
    return sb.toString();
  }

  private static String summary(String v, List<Scores> rows) {
    int pubRec = 0;
    double pubRatio = 0;
    double pubSteady = Double.POSITIVE_INFINITY;
    double thr = Double.NaN;
    int lstmRec = 0;
    double lstmRatio = 0;
    double lstmSteady = Double.POSITIVE_INFINITY;
    double qPub = 0;
    double qRm = 0;
    double micros = 0;
    for (Scores s : rows) {
      if (s.predictor().equals("published") && s.kind().equals("GARCH")) {
        qPub += s.qlike();
      }
      if (s.predictor().equals("naive") && s.kind().equals("GARCH")) {
        qRm += s.qlike();
      }
      if (s.predictor().equals("published")) {
        micros = Math.max(micros, s.microsPerBar());
      }
      if (s.kind().equals("GARCH") || !(s.predictor().equals("published")
          || s.predictor().equals("lstm"))) {
        continue;
      }
      Scores rls = find(rows, s.kind(), s.seed(), "rls");
      boolean pub = s.predictor().equals("published");
      for (int i = 1; i < 3; i++) {
        int rec = s.recovery()[i] < 0 ? Integer.MAX_VALUE : s.recovery()[i];
        double ratio = rec == Integer.MAX_VALUE ? Double.POSITIVE_INFINITY
            : rec / (double) Math.max(RATIO_FLOOR, Math.max(0, rls.recovery()[i]));
        if (pub) {
          pubRec = Math.max(pubRec, rec);
          pubRatio = Math.max(pubRatio, ratio);
        } else {
          lstmRec = Math.max(lstmRec, rec);
          lstmRatio = Math.max(lstmRatio, ratio);
        }
      }
      for (int i = 0; i < 3; i++) {
        if (pub) {
          pubSteady = Math.min(pubSteady, s.steady()[i]);
        } else {
          lstmSteady = Math.min(lstmSteady, s.steady()[i]);
        }
        if (pub && s.kind().equals("THRESHOLD_FLIP")) {
          double d = s.steady()[i] - rls.steady()[i];
          thr = Double.isNaN(thr) ? d : Math.min(thr, d);
        }
      }
    }
    return String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f |%n",
        v, rec(pubRec), ratio(pubRatio), fmt(pubSteady), fmt(thr), rec(lstmRec), ratio(lstmRatio),
        fmt(lstmSteady), qRm > 0 ? String.format(Locale.ROOT, "%.3f", qPub / qRm) : "—", micros);
  }

  private static Scores find(List<Scores> rows, String kind, long seed, String predictor) {
    for (Scores s : rows) {
      if (s.kind().equals(kind) && s.seed() == seed && s.predictor().equals(predictor)) {
        return s;
      }
    }
    throw new IllegalStateException("no " + predictor + " row for " + kind + " seed " + seed);
  }

  private static String worstRec(List<Scores> g, int i) {
    int worst = 0;
    for (Scores s : g) {
      int r = s.recovery()[i];
      worst = r < 0 || worst < 0 ? -1 : Math.max(worst, r);
    }
    return worst < 0 ? (g.get(0).predictor().startsWith("alarms") && i == 0 ? "—" : "never")
        : Integer.toString(worst);
  }

  private static String rec(int r) {
    return r == Integer.MAX_VALUE ? "never" : Integer.toString(r);
  }

  private static String ratio(double r) {
    return Double.isInfinite(r) ? "∞" : String.format(Locale.ROOT, "%.1f", r);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }
}
