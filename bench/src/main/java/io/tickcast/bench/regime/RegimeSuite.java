package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The regime suite, one command ({@code bench/regime.sh [options]}): every generator kind ×
 * seed × learner variant, scored against the oracle, with the naive and RLS anchors and
 * (optionally) the current {@code SymbolForecaster} measured in the same run.
 *
 * <p>Options: {@link #USAGE} (what {@code --help} prints, the one list of them).
 * Writes {@code scores.csv} (one row per variant, kind, seed, predictor), {@code table.md}
 * (aggregated over seeds, plus a one-line-per-variant summary against the targets) and one PNG
 * of rolling efficiency per variant and kind (first seed). The JVM property
 * {@code regime.firstSeed} (1) shifts the seeds to {@code firstSeed .. firstSeed+N-1}: tuning on
 * seeds 6 and up leaves the reported held-out seeds 4-5 unseen. CLI: prints to stdout; bad options
 * exit 2 with one line.
 */
public final class RegimeSuite {

  /** The options, as {@code --help} prints them. */
  static final String USAGE = String.join("\n",
      "usage: bench/regime.sh [options]   (JVM properties: see bench/README.md)",
      "  --preset default|sweep|batch|drift   which learner variants (default)",
      "  --seeds N        seeds per kind, 1..20; seed 1 nominal coefficients, the others jittered"
          + " (2); -Dregime.firstSeed=S starts at S",
      "  --bars N         bars per regime, 2500..3000 (3000)",
      "  --kinds A,B      tuning kinds " + Arrays.toString(Kind.values())
          + ", or none; or held-out kinds " + Arrays.toString(HeldOut.values())
          + " (never run by default; they add robust.csv and a robustness table)",
      "  --model          also run the production SymbolForecaster (ModelAdapter);"
          + " on for preset default",
      "  --no-model       never run it",
      "  --real DIR       also score the real data sets under DIR (see RealData)",
      "  --out DIR        output directory (bench/target/regime)",
      "  --help, -h       this text");

  private RegimeSuite() {}

  public static void main(String[] args) throws IOException {
    List<String> given = Arrays.asList(args);
    if (given.contains("--help") || given.contains("-h")) {
      System.out.println(USAGE);
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("regime suite: " + e.getMessage() + " (--help lists the options)");
      System.exit(2);
      return;
    }
    File out = new File(o.out());
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IOException("cannot create " + out);
    }
    List<LearnerConfig> variants = Presets.variants(o.preset());
    List<Scores> all = new ArrayList<>();
    List<Robustness.Row> robust = new ArrayList<>();
    long started = System.nanoTime();
    for (LearnerConfig cfg : variants) {
      for (Generator kind : o.kinds()) {
        long first = Long.getLong("regime.firstSeed", 1);
        for (long seed = first; seed < first + o.seeds(); seed++) {
          Series s = kind.generate(seed, o.bars(), seed > 1);
          // The held-out rows score the anchors and the production model, the same for every
          // learner variant: keep the first variant's only.
          all.addAll(runOne(cfg.withSeed(41 + seed), kind, s, seed, o.model(), out, seed == 1,
              cfg == variants.get(0) ? robust : new ArrayList<>()));
        }
      }
      System.out.printf(Locale.ROOT, "%-40s done at %.0f s%n", cfg.label(),
          (System.nanoTime() - started) / 1e9);
    }
    try (PrintWriter w = new PrintWriter(new File(out, "scores.csv"), StandardCharsets.UTF_8)) {
      w.println(Scores.csvHeader());
      for (Scores s : all) {
        w.println(s.csv());
      }
    }
    String table = Report.markdown(all, o);
    if (o.heldOut()) {
      try (PrintWriter w = new PrintWriter(new File(out, "robust.csv"), StandardCharsets.UTF_8)) {
        w.println(Robustness.Row.csvHeader());
        robust.forEach(r -> w.println(r.csv()));
      }
      table += "\n" + Robustness.markdown(robust);
    }
    if (o.real() != null) {
      for (LearnerConfig cfg : variants) {
        table += "\n" + RealData.report(new File(o.real()), cfg, o.model(), out);
      }
    }
    try (PrintWriter w = new PrintWriter(new File(out, "table.md"), StandardCharsets.UTF_8)) {
      w.print(table);
    }
    System.out.print(table);
  }

  private static List<Scores> runOne(LearnerConfig cfg, Generator kind, Series s, long seed,
      boolean model, File out, boolean chart, List<Robustness.Row> robust) throws IOException {
    Anchors anchors = new Anchors();
    OnlineLstm learner = new OnlineLstm(cfg);
    List<Contestant> cs = new ArrayList<>(List.of(anchors, learner));
    ModelAdapter adapter = model ? new ModelAdapter(ForecasterConfig.defaults(), s.startPrice())
        : null;
    if (model) {
      cs.add(adapter);
    }
    Run run = Run.of(s.r(), cs);
    robust.addAll(Robustness.rows(kind, s, seed, run, adapter));
    List<Scores> scores = new ArrayList<>();
    scores.add(Scores.of(cfg.label(), s, seed, "oracle", s.mean(), s.sigma(), 0));
    for (String name : run.mean.keySet()) {
      double micros = name.equals("lstm") || name.equals("published") ? learner.microsPerBar() : 0;
      scores.add(Scores.of(cfg.label(), s, seed, name, run.mean.get(name), run.sigma.get(name),
          micros));
    }
    scores.add(driftRow(cfg.label(), s, seed, "alarms_ph", learner.alarmsPh()));
    scores.add(driftRow(cfg.label(), s, seed, "alarms_noise", learner.alarmsNoise()));
    if (chart) {
      chart(cfg, s, run, out);
    }
    return scores;
  }

  /**
   * Drift-signal evaluation as a pseudo-row: recovery[i] holds the detection delay (bars from
   * the shift at the start of regime i to the first alarm in it, -1 = missed; regime 0 has no
   * shift), steady[i] the number of false alarms in regime i (alarms after the first 300 bars
   * of the regime, or any in regime 0 after bar 300).
   */
  private static Scores driftRow(String variant, Series s, long seed, String name,
      List<Integer> alarms) {
    int n = s.regimes();
    int[] delay = new int[n];
    double[] falseAlarms = new double[n];
    for (int i = 0; i < n; i++) {
      int a = s.starts()[i];
      int b = s.starts()[i + 1];
      delay[i] = -1;
      for (int t : alarms) {
        if (t >= a && t < b) {
          if (i > 0 && delay[i] < 0 && t < a + 300) {
            delay[i] = t - a;
          } else if (t >= a + 300) {
            falseAlarms[i]++;
          }
        }
      }
    }
    return new Scores(variant, s.kind(), seed, name, delay, falseAlarms, Double.NaN, 0);
  }

  private static void chart(LearnerConfig cfg, Series s, Run run, File out) throws IOException {
    Map<String, double[]> lines = new LinkedHashMap<>();
    int[] shifts = {s.starts()[1], s.starts()[2]};
    String file = cfg.label().replaceAll("[^A-Za-z0-9.=-]+", "_") + "-" + s.kind() + ".png";
    if (s.meanSignal()) {
      for (String p : List.of("rls", "lstm", "published", "model", "model_pub")) {
        if (run.mean.containsKey(p)) {
          lines.put(p, Metrics.rolling(run.mean.get(p), s.mean(), Metrics.RECOVERY_WINDOW));
        }
      }
      Charts.write(new File(out, file), s.kind() + " — " + cfg.label()
          + ": efficiency over the trailing 200 bars", "efficiency", lines, shifts, -1, 1.1);
    } else {
      for (String p : List.of("naive", "rls", "lstm", "published", "model_pub")) {
        if (run.sigma.containsKey(p)) {
          lines.put(p.equals("naive") ? "riskmetrics" : p,
              rollingQlike(run.sigma.get(p), s.sigma(), Metrics.RECOVERY_WINDOW));
        }
      }
      Charts.write(new File(out, file), s.kind() + " — " + cfg.label()
          + ": sigma QLIKE excess over the trailing 200 bars", "QLIKE excess", lines, shifts, 0,
          0.3);
    }
  }

  private static double[] rollingQlike(double[] f, double[] sigma, int window) {
    double[] out = new double[f.length];
    for (int t = 0; t < f.length; t++) {
      out[t] = t + 1 >= window ? Metrics.qlikeExcess(f, sigma, t + 1 - window, t + 1) : Double.NaN;
    }
    return out;
  }
}
