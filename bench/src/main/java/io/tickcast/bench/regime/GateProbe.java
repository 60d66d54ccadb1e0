package io.tickcast.bench.regime;

import io.tickcast.model.ForecasterConfig;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Quick look behind the catch-up's gates (issue 10, branch gate3): the production forecaster
 * ({@link ModelAdapter}, with the same {@code regime.model.*} knobs) and the anchors only (no
 * bench learner, so about half the suite's time) on some kinds and seeds, written as the suite's
 * {@code scores.csv} (rows oracle, naive, rls, model, model_pub) so that
 * {@code bench/regime-targets.py} scores it, plus an empty {@code table.md}. Seeds as in the
 * suite: {@code FIRST .. FIRST+N-1}, jittered from seed 2 on. With
 * {@code -Dlogback.configurationFile} setting {@code io.tickcast.model.pipeline.CatchUp} to DEBUG
 * the catch-up logs every check of its error gate with the numbers it compared. Bench only.
 *
 * <pre>java -cp benchmarks.jar io.tickcast.bench.regime.GateProbe KINDS FIRST N OUT</pre>
 */
public final class GateProbe {

  private GateProbe() {}

  public static void main(String[] args) throws IOException {
    String[] kinds = args[0].split(",");
    long first = Long.parseLong(args[1]);
    int n = Integer.parseInt(args[2]);
    File out = new File(args[3]);
    if (!out.isDirectory() && !out.mkdirs()) {
      throw new IOException("cannot create " + out);
    }
    List<Scores> all = new ArrayList<>();
    for (String k : kinds) {
      Kind kind = Kind.valueOf(k.trim());
      for (long seed = first; seed < first + n; seed++) {
        Series s = kind.generate(seed, 3000, seed > 1);
        ModelAdapter a = new ModelAdapter(ForecasterConfig.defaults(), s.startPrice());
        Run run = Run.of(s.r(), List.of(new Anchors(), a));
        all.add(Scores.of("probe", s, seed, "oracle", s.mean(), s.sigma(), 0));
        for (String name : run.mean.keySet()) {
          all.add(Scores.of("probe", s, seed, name, run.mean.get(name), run.sigma.get(name), 0));
        }
        System.out.printf(Locale.ROOT, "%s s%d done (alarms %d, rollbacks %d)%n", kind, seed,
            a.alarms(), a.rolledBack());
      }
    }
    try (PrintWriter w = new PrintWriter(new File(out, "scores.csv"), StandardCharsets.UTF_8)) {
      w.println(Scores.csvHeader());
      for (Scores s : all) {
        w.println(s.csv());
      }
    }
    try (PrintWriter w = new PrintWriter(new File(out, "table.md"), StandardCharsets.UTF_8)) {
      w.println("(GateProbe: no table)");
    }
  }
}
