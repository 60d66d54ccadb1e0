package io.tickcast.bench.regime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Markdown tables of the batch study: per predictor ({@code model} = LSTM expert alone,
 * {@code model_pub} = published mix) one row per variant with, per kind, the worst recovery over
 * the seeds after the two shifts (in bars and in optimizer steps) and the steady efficiency (mean
 * over seeds, worst regime); the RLS anchor on top for scale; then every row in detail.
 */
final class BatchReport {

  private BatchReport() {}

  static String markdown(List<BatchRow> rows, BatchStudy.Options o) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "Batch-size study on the production SymbolForecaster: "
        + "%d seed(s) per kind (seed 1 nominal, others jittered), %d bars per regime, kinds %s."
        + "%n%n", o.seeds(), o.bars(), o.kinds()));
    sb.append("Recovery: bars after the shift until the next 200 forecasts reach efficiency "
        + "≥ 0.5, worst over seeds, after shift 1 / shift 2 ('never' = not within the regime); "
        + "in brackets the same in optimizer steps (bars / k). Steady: efficiency over each "
        + "regime's last third, mean over seeds, worst of the three regimes. steps/1k = applied "
        + "steps per 1,000 bars; seqs/bar = sequences trained on per bar (Σ B / bars).\n\n");
    for (String p : List.of("model", "model_pub")) {
      sb.append(p.equals("model") ? "### LSTM expert alone (`model`)\n\n"
          : "### Published mix (`model_pub`)\n\n");
      sb.append("| variant | steps/1k | seqs/bar | mean B |");
      for (Kind k : o.kinds()) {
        sb.append(' ').append(k).append(" rec | steady |");
      }
      sb.append(" µs/bar |\n|---|---|---|---|");
      sb.append("---|---|".repeat(o.kinds().size())).append("---|\n");
      sb.append(summary("RLS anchor", select(rows, null, "rls"), o.kinds(), 0));
      for (BatchVariant v : variants(rows)) {
        sb.append(summary(v.label(), select(rows, v, p), o.kinds(), v.every()));
      }
      sb.append('\n');
    }
    sb.append("### Details (mean over seeds; recovery: worst over seeds; R1 = learning from a "
        + "cold start)\n\n| variant | kind | predictor | learn R1 | rec R2 | rec R3 | steady R1 "
        + "| R2 | R3 | steps | rolled back | mean B | µs/bar |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    Map<String, List<BatchRow>> groups = new LinkedHashMap<>();
    for (BatchRow r : rows) {
      groups.computeIfAbsent(r.scores().variant() + "|" + r.scores().kind() + "|"
          + r.scores().predictor(), x -> new ArrayList<>()).add(r);
    }
    for (List<BatchRow> g : groups.values()) {
      Scores f = g.get(0).scores();
      sb.append("| ").append(f.variant()).append(" | ").append(f.kind()).append(" | ")
          .append(f.predictor());
      for (int i = 0; i < 3; i++) {
        sb.append(" | ").append(rec(worst(g, i)));
      }
      for (int i = 0; i < 3; i++) {
        sb.append(" | ").append(fmt(meanSteady(g, i)));
      }
      sb.append(String.format(Locale.ROOT, " | %.0f | %.0f | %.1f | %.0f |%n",
          mean(g, r -> r.steps()), mean(g, r -> r.rolledBack()), mean(g, BatchRow::meanBatch),
          mean(g, BatchRow::microsPerBar)));
    }
    return sb.toString();
  }

  private static String summary(String label, List<BatchRow> rows, List<Kind> kinds, int every) {
    StringBuilder sb = new StringBuilder("| ").append(label).append(" | ");
    if (every == 0) {
      sb.append("— | — | — |");
    } else {
      double bars = mean(rows, BatchRow::bars);
      sb.append(String.format(Locale.ROOT, "%.0f | %.2f | %.1f |",
          1000 * mean(rows, r -> r.steps()) / bars, mean(rows, r -> r.examples()) / bars,
          mean(rows, BatchRow::meanBatch)));
    }
    for (Kind k : kinds) {
      List<BatchRow> g = rows.stream().filter(r -> r.scores().kind().equals(k.name())).toList();
      int r2 = worst(g, 1);
      int r3 = worst(g, 2);
      sb.append(' ').append(rec(r2)).append('/').append(rec(r3));
      if (every > 0) {
        sb.append(" (").append(steps(r2, every)).append('/').append(steps(r3, every)).append(')');
      }
      double steady = Double.POSITIVE_INFINITY;
      for (int i = 0; i < 3; i++) {
        steady = Math.min(steady, meanSteady(g, i));
      }
      sb.append(" | ").append(fmt(steady)).append(" |");
    }
    double micros = mean(rows, BatchRow::microsPerBar);
    sb.append(micros > 0 ? String.format(Locale.ROOT, " %.0f |%n", micros) : " — |\n");
    return sb.toString();
  }

  private static List<BatchVariant> variants(List<BatchRow> rows) {
    List<BatchVariant> out = new ArrayList<>();
    for (BatchRow r : rows) {
      if (r.variant() != null && !out.contains(r.variant())) {
        out.add(r.variant());
      }
    }
    return out;
  }

  private static List<BatchRow> select(List<BatchRow> rows, BatchVariant v, String predictor) {
    return rows.stream().filter(r -> java.util.Objects.equals(r.variant(), v)
        && r.scores().predictor().equals(predictor)).toList();
  }

  /** Worst recovery over the rows in regime i; -1 if any never recovered. */
  private static int worst(List<BatchRow> g, int i) {
    int w = 0;
    for (BatchRow r : g) {
      int x = r.scores().recovery()[i];
      w = x < 0 || w < 0 ? -1 : Math.max(w, x);
    }
    return g.isEmpty() ? -1 : w;
  }

  private static double meanSteady(List<BatchRow> g, int i) {
    return mean(g, r -> r.scores().steady()[i]);
  }

  private static double mean(List<BatchRow> g, java.util.function.ToDoubleFunction<BatchRow> f) {
    return g.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  private static String rec(int r) {
    return r < 0 ? "never" : Integer.toString(r);
  }

  private static String steps(int bars, int every) {
    return bars < 0 ? "—" : Integer.toString((bars + every - 1) / every);
  }

  private static String fmt(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? "—" : String.format(Locale.ROOT, "%.2f", v);
  }
}
