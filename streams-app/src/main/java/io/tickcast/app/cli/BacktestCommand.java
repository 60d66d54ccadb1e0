package io.tickcast.app.cli;

import io.tickcast.app.backtest.Backtest;
import io.tickcast.app.backtest.BacktestStats;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.report.BacktestReport;
import io.tickcast.model.domain.Bar;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code backtest}: the stream's model code over a file, no Kafka. */
@Command(name = "backtest", mixinStandardHelpOptions = true, showDefaultValues = true,
    description = "Replays a bars or trades file through the same forecaster code the stream runs "
        + "(no Kafka) and writes forecasts.csv, updates.csv, drifts.csv, summary.json and report.html.",
    footer = {"%nExample:%n  tickcast backtest --csv sp500_daily.csv --out target/bt-sp500"})
final class BacktestCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestCommand.class);

  @Mixin CommonOptions common;
  @Mixin BacktestInput input;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    AppConfig config = ConfigOverrides.load(spec, common);
    List<Bar> bars = input.read(spec, config);
    Backtest backtest = new Backtest(config.model());
    Backtest.Summary s = backtest.run(bars, input.out, msg -> LOG.info("{}", msg));
    BacktestStats o = s.overall();
    LOG.info("backtest done: n={} skill={} (mse model {} naive {} ewma {}), updates={}; files in {}",
        o.n(), String.format(Locale.ROOT, "%.4f", o.skill()), o.mseModel(), o.mseNaive(), o.mseEwma(),
        o.updates(), input.out);
    BacktestReport.Report report = BacktestReport.write(input.out, "tickcast backtest: " + input.csv.getFileName(),
        bars, config.model().evalWindow());
    LOG.info("report: {}", report.html().toAbsolutePath());
    return 0;
  }
}
