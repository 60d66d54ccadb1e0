package io.tickcast.bench.regime;

import java.util.Locale;

/**
 * One predictor's scores on one series in the batch study, with the training effort behind them.
 *
 * @param variant the study's configuration, or null for an anchor (naive, RLS)
 * @param steps optimizer steps applied over the series
 * @param rolledBack steps the divergence guard refused
 * @param examples sequences trained on (Σ B over applied steps)
 * @param meanBatch mean B of an applied step
 * @param microsPerBar thread-CPU µs per bar of {@code onBar} (0 for the anchors)
 */
record BatchRow(BatchVariant variant, Scores scores, int bars, long steps, long rolledBack,
    long examples, double meanBatch, double microsPerBar) {

  static String csvHeader() {
    return "variant,arm,batch,every,lr,kind,seed,predictor,learn_r1,recovery_r2,recovery_r3,"
        + "steady_r1,steady_r2,steady_r3,qlike_excess,bars,steps,rolled_back,examples,mean_batch,"
        + "us_per_bar";
  }

  String csv() {
    Scores s = scores;
    boolean anchor = variant == null;
    return String.format(Locale.ROOT,
        "\"%s\",%s,%d,%d,%.3e,%s,%d,%s,%d,%d,%d,%.4f,%.4f,%.4f,%.5f,%d,%d,%d,%d,%.2f,%.1f",
        anchor ? "anchor" : variant.label(), anchor ? "ANCHOR" : variant.arm(),
        anchor ? 0 : variant.batch(), anchor ? 0 : variant.every(), anchor ? 0 : variant.lr(),
        s.kind(),
        s.seed(), s.predictor(), s.recovery()[0], s.recovery()[1], s.recovery()[2], s.steady()[0],
        s.steady()[1], s.steady()[2], s.qlike(), bars, steps, rolledBack, examples, meanBatch,
        microsPerBar);
  }
}
