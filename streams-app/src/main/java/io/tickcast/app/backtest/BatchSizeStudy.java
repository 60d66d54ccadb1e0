package io.tickcast.app.backtest;

import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Runs the same bars through one {@link Backtest} per batch size (fixed B with the linear scaling
 * rule, or adaptive), each in {@code out/B=<b>/}, then writes {@code study.csv} (one row per
 * variant; the charts are drawn by {@code io.tickcast.app.report.StudyReport}). Full-batch-like
 * (B=256), mini-batch and stochastic (B=1) training seen on the same data.
 */
public final class BatchSizeStudy {

  private BatchSizeStudy() {}

  /** One variant's result. */
  public record Row(String variant, BacktestStats stats, List<double[]> series, List<Long> drifts) {}

  /**
   * @param variants e.g. {@code ["1","4","16","64","256","adaptive"]}
   */
  public static List<Row> run(ForecasterConfig base, List<String> variants, List<Bar> bars, Path out,
      Consumer<String> progress) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String v : variants) {
      ForecasterConfig cfg = v.equals("adaptive")
          ? base.withAdapt(base.adapt().withAdaptiveBatch(true))
          : base.withBatchSize(Integer.parseInt(v));
      progress.accept("study: variant B=" + v);
      Backtest bt = new Backtest(cfg);
      Backtest.Summary s = bt.run(bars, out.resolve("B=" + v), progress);
      rows.add(new Row(v, s.overall(), bt.updateSeries(), bt.driftTimes()));
    }
    writeCsv(rows, out.resolve("study.csv"));
    return rows;
  }

  private static void writeCsv(List<Row> rows, Path file) throws IOException {
    StringBuilder sb = new StringBuilder("batch_size,n,skill,skill_published,qlike_model,mean_loss,"
        + "mean_b_simple,updates,train_ms_p50,drifts,recovery_bars\n");
    for (Row r : rows) {
      BacktestStats s = r.stats();
      sb.append(String.format(Locale.ROOT, "%s,%d,%.5f,%.5f,%.4f,%.4f,%.2f,%d,%.2f,%d,%s%n",
          r.variant(), s.n(), s.skill(), s.skillPublished(), s.qlikeModel(), s.meanLoss(),
          s.meanNoiseScale(), s.updates(), s.trainMsP50(), s.drifts(),
          s.recoveries().toString().replace(", ", ";").replace("[", "").replace("]", "")));
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }
}
