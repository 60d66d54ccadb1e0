package io.tickcast.app.cli;

import io.tickcast.app.backtest.BacktestStats;
import io.tickcast.app.backtest.BatchSizeStudy;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.report.BacktestReport;
import io.tickcast.app.report.StudyReport;
import io.tickcast.model.domain.Bar;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code study}: one backtest per batch size on the same bars. */
@Command(name = "study", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Batch-size study: one backtest per batch size (fixed B with the linear scaling rule, "
        + "or adaptive) on the same bars, each in OUT/B=<b>/, plus study.csv and report.html.",
    footer = {"%nExample:%n  tickcast study --csv sp500_daily.csv --batch-sizes 4,16,adaptive --out st"})
final class StudyCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(StudyCommand.class);

  @Mixin CommonOptions common;
  @Mixin BacktestInput input;
  @Spec CommandSpec spec;

  @Option(names = "--batch-sizes", paramLabel = "B", split = ",", defaultValue = "1,4,16,64,256,adaptive",
      description = "Variants to compare: batch sizes and/or 'adaptive'.")
  List<String> variants;

  @Override
  public Integer call() throws Exception {
    for (String v : variants) {
      if (!v.equals("adaptive") && !v.matches("[1-9][0-9]{0,5}")) {
        throw new UserException("--batch-sizes: expected positive integers or 'adaptive', was '" + v + "'");
      }
    }
    AppConfig config = ConfigOverrides.load(spec, common);
    List<Bar> bars = input.read(spec, config);
    List<BatchSizeStudy.Row> rows = BatchSizeStudy.run(config.model(), variants, bars, input.out,
        msg -> LOG.info("{}", msg));
    for (BatchSizeStudy.Row row : rows) {
      BacktestStats st = row.stats();
      LOG.info("B={}: skill {} (published {}), qlike {}, mean loss {}, mean B_simple {}, updates {}, "
              + "train ms p50 {}, drifts {}, recoveries {}", row.variant(), fmt(st.skill()),
          fmt(st.skillPublished()), fmt(st.qlikeModel()), fmt(st.meanLoss()), fmt(st.meanNoiseScale()),
          st.updates(), fmt(st.trainMsP50()), st.drifts(), st.recoveries());
    }
    int window = config.model().evalWindow();
    for (BatchSizeStudy.Row row : rows) {
      BacktestReport.write(input.out.resolve("B=" + row.variant()), "tickcast backtest B=" + row.variant()
          + ": " + input.csv.getFileName(), bars, window);
    }
    BacktestReport.Report report = StudyReport.write(input.out, "tickcast batch-size study: "
        + input.csv.getFileName(), rows, window);
    LOG.info("study written to {}; report: {}", input.out, report.html().toAbsolutePath());
    return 0;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }
}
