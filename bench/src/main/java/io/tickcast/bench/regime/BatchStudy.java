package io.tickcast.bench.regime;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The batch-size study of issue 10 (item 6) on the PRODUCTION forecaster, one command
 * ({@code bench/batch-study.sh [options]}): for every {@link BatchVariant} × kind × seed, the
 * {@link io.tickcast.model.SymbolForecaster} runs test-then-train over the suite's generated
 * series ({@link Kind}) and is scored against the oracle with the suite's recovery and steady
 * efficiency ({@link Metrics}, {@link Scores}); the naive and RLS anchors are scored once per
 * series. Predictors: {@code model} (the LSTM expert alone) and {@code model_pub} (the
 * published mix).
 *
 * <pre>
 *   --seeds N      seeds per kind; seed 1 nominal coefficients, the others jittered (2)
 *   --bars N       bars per regime, 2500..3000 (3000)
 *   --kinds A,B    kinds (AR1_FLIP,AR5_MOMREV,THRESHOLD_FLIP)
 *   --arms A,B     of a (equal examples), once (a, each example once), b (equal frequency),
 *                  c (adaptive B) (a,once,b,c)
 *   --batches N,M  batch sizes of the fixed-B arms (1,4,16,64,256)
 *   --out DIR      output directory (bench/target/batch-study)
 * </pre>
 * Writes {@code scores.csv} (one row per variant, kind, seed, predictor), {@code table.md} and,
 * per arm and kind, a PNG of the LSTM expert's rolling efficiency (trailing 200 bars, seed 1) for
 * every B, with the RLS anchor (arm c is drawn with b: both step every 4 bars).
 * CLI: prints progress to stdout; a bad option exits 2 with one line.
 */
public final class BatchStudy {

  private BatchStudy() {}

  /** Validated options. */
  record Options(int seeds, int bars, List<Kind> kinds, List<BatchVariant.Arm> arms,
      List<Integer> batches, String out) {

    static Options parse(String[] args) {
      Map<String, String> v = new LinkedHashMap<>(Map.of("--seeds", "2", "--bars", "3000",
          "--kinds", "AR1_FLIP,AR5_MOMREV,THRESHOLD_FLIP", "--arms", "a,once,b,c",
          "--batches", "1,4,16,64,256", "--out", "bench/target/batch-study"));
      for (int i = 0; i < args.length; i += 2) {
        if (!v.containsKey(args[i])) {
          throw new IllegalArgumentException("unknown option '" + args[i] + "'");
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(args[i] + " needs a value");
        }
        v.put(args[i], args[i + 1]);
      }
      int seeds = bounded("--seeds", v.get("--seeds"), 1, 20);
      int bars = bounded("--bars", v.get("--bars"), 2500, 3000);
      List<Kind> kinds = new ArrayList<>();
      for (String k : v.get("--kinds").split(",")) {
        try {
          kinds.add(Kind.valueOf(k.trim()));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--kinds: unknown kind '" + k + "'");
        }
        if (kinds.get(kinds.size() - 1) == Kind.GARCH) {
          throw new IllegalArgumentException("--kinds: GARCH has no mean signal to recover");
        }
      }
      List<BatchVariant.Arm> arms = new ArrayList<>();
      for (String a : v.get("--arms").split(",")) {
        arms.add(switch (a.trim()) {
          case "a" -> BatchVariant.Arm.EXAMPLES;
          case "once" -> BatchVariant.Arm.ONCE;
          case "b" -> BatchVariant.Arm.FREQUENCY;
          case "c" -> BatchVariant.Arm.ADAPTIVE;
          default -> throw new IllegalArgumentException("--arms: unknown arm '" + a
              + "' (a, once, b, c)");
        });
      }
      List<Integer> batches = new ArrayList<>();
      for (String b : v.get("--batches").split(",")) {
        batches.add(bounded("--batches", b.trim(), 1, 256));
      }
      return new Options(seeds, bars, List.copyOf(kinds), List.copyOf(arms),
          List.copyOf(batches), v.get("--out"));
    }

    private static int bounded(String opt, String text, int min, int max) {
      int n;
      try {
        n = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(opt + " must be an integer, was '" + text + "'");
      }
      if (n < min || n > max) {
        throw new IllegalArgumentException(opt + " must be in [" + min + ", " + max + "], was "
            + n);
      }
      return n;
    }
  }

  /** The lines of one chart; arm c shares arm b's chart (both step every 4 bars). */
  private static Map<String, double[]> chartLines(Map<String, Map<String, double[]>> charts,
      BatchVariant.Arm arm, String kind) {
    String name = switch (arm) {
      case EXAMPLES -> "a";
      case ONCE -> "a-once";
      case FREQUENCY, ADAPTIVE -> "b-c";
    };
    return charts.computeIfAbsent(name + "|" + kind, k -> new LinkedHashMap<>());
  }

  public static void main(String[] args) throws IOException {
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("batch study: " + e.getMessage());
      System.exit(2);
      return;
    }
    File out = new File(o.out());
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IOException("cannot create " + out);
    }
    long started = System.nanoTime();
    List<BatchRow> rows = new ArrayList<>();
    Map<String, Series> series = new LinkedHashMap<>();
    // Per chart (arm|kind): the lines of seed 1, in drawing order.
    Map<String, Map<String, double[]>> charts = new LinkedHashMap<>();
    for (Kind kind : o.kinds()) {
      for (long seed = 1; seed <= o.seeds(); seed++) {
        Series s = kind.generate(seed, o.bars(), seed > 1);
        series.put(kind + "|" + seed, s);
        Run run = Run.of(s.r(), List.of(new Anchors()));
        if (seed == 1) {
          for (BatchVariant.Arm arm : o.arms()) {
            chartLines(charts, arm, kind.name()).put("RLS anchor",
                Metrics.rolling(run.mean.get("rls"), s.mean(), Metrics.RECOVERY_WINDOW));
          }
        }
        for (String name : run.mean.keySet()) {
          rows.add(new BatchRow(null, Scores.of("anchor", s, seed, name, run.mean.get(name),
              run.sigma.get(name), 0), s.length(), 0, 0, 0, 0, 0));
        }
      }
    }
    for (BatchVariant v : BatchVariant.all(o.arms(), o.batches())) {
      for (Map.Entry<String, Series> e : series.entrySet()) {
        Series s = e.getValue();
        long seed = Long.parseLong(e.getKey().substring(e.getKey().indexOf('|') + 1));
        ForecasterProbe probe = new ForecasterProbe(v.config(seed));
        Run run = Run.of(s.r(), List.of(probe));
        if (seed == 1) {
          chartLines(charts, v.arm(), s.kind()).put(v.label(),
              Metrics.rolling(run.mean.get("model"), s.mean(), Metrics.RECOVERY_WINDOW));
        }
        for (String name : run.mean.keySet()) {
          rows.add(new BatchRow(v, Scores.of(v.label(), s, seed, name, run.mean.get(name),
              run.sigma.get(name), probe.microsPerBar()), s.length(), probe.steps(),
              probe.rolledBack(), probe.examples(), probe.meanBatch(), probe.microsPerBar()));
        }
      }
      System.out.printf(Locale.ROOT, "%-32s done at %.0f s%n", v.label(),
          (System.nanoTime() - started) / 1e9);
    }
    try (PrintWriter w = new PrintWriter(new File(out, "scores.csv"), StandardCharsets.UTF_8)) {
      w.println(BatchRow.csvHeader());
      for (BatchRow r : rows) {
        w.println(r.csv());
      }
    }
    for (Map.Entry<String, Map<String, double[]>> c : charts.entrySet()) {
      String[] armKind = c.getKey().split("\\|");
      Series s = series.get(armKind[1] + "|1");
      Charts.write(new File(out, "lstm-" + armKind[0] + "-" + armKind[1] + ".png"),
          armKind[1] + ", arm " + armKind[0]
              + ": LSTM expert's efficiency over the trailing 200 bars",
          "efficiency", c.getValue(), new int[] {s.starts()[1], s.starts()[2]}, -1, 1.1);
    }
    String table = BatchReport.markdown(rows, o);
    try (PrintWriter w = new PrintWriter(new File(out, "table.md"), StandardCharsets.UTF_8)) {
      w.print(table);
    }
    System.out.print(table);
  }
}
