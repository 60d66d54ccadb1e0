package io.tickcast.app.cli;

import io.tickcast.app.backtest.BarCsv;
import io.tickcast.app.backtest.Backtest;
import io.tickcast.app.config.AppConfig;
import io.tickcast.app.config.AppConfigLoader;
import io.tickcast.app.feed.TradeCsv;
import io.tickcast.model.domain.Bar;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Input options of {@code backtest} and {@code study} and the reading of the bars they name. The
 * symbol of a file without a symbol column is {@code --symbol}, else the file name; the bar length
 * of a bars file is inferred from its timestamps unless {@code --bar-size} is given.
 */
public final class BacktestInput {

  private static final Logger LOG = LoggerFactory.getLogger(BacktestInput.class);

  /** Format of the input file. */
  enum Format { TRADES, BARS }

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "Input CSV (plain or gzip).")
  Path csv;

  @Option(names = "--format", paramLabel = "trades|bars", defaultValue = "bars",
      description = "bars: OHLC rows (timestamp/date, open, high, low, close[, volume]); "
          + "trades: trade prints, aggregated to bars of --bar-size.")
  Format format;

  @Option(names = "--symbol", paramLabel = "S",
      description = "Symbol of rows without a symbol column; default: the file name (e.g. SP500_DAILY).")
  String symbol;

  @Option(names = "--symbol-column", paramLabel = "NAME", defaultValue = "symbol",
      description = "Column holding the symbol in a bars file, if any.")
  String symbolColumn;

  @Option(names = "--bar-size", descriptionKey = "bar.size", paramLabel = "DURATION", showDefaultValue = Visibility.NEVER,
      description = "Bar length, e.g. 1m, 1h, 1d. Bars files: inferred from the timestamps unless given. "
          + "Trades: the aggregation length (default ${DEFAULT-VALUE}, config bar.size).")
  String barSize;

  @Option(names = "--batch-size", descriptionKey = "model.batch.size", paramLabel = "B",
      description = "Mini-batch size of the trainer (model.batch.size).")
  Integer batchSize;

  @Option(names = "--adaptive", negatable = true, descriptionKey = "model.adaptive.batch",
      description = "Adapt the batch size to the gradient noise scale (model.adaptive.batch).")
  boolean adaptive;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created).")
  Path out;

  /** The symbol bars without one get. */
  String symbol() {
    return symbol != null ? symbol : InputFiles.symbolOf(csv);
  }

  /** Reads the input into bars sorted by end time. */
  List<Bar> read(CommandSpec spec, AppConfig config) {
    InputFiles.requireFile("--csv", csv);
    boolean barSizeGiven = spec.commandLine().getParseResult().hasMatchedOption("--bar-size");
    try {
      if (format == Format.TRADES) {
        Duration size = config.barSize();
        try (TradeCsv trades = InputFiles.openTrades("--csv", csv, symbol())) {
          List<Bar> bars = Backtest.barsFromTrades(trades, size, config.barGrace(), config.dedupTicks());
          LOG.info("{} trades ({} bad rows) -> {} bars of {}", trades.ticksRead(), trades.badRows(),
              bars.size(), size);
          return nonEmpty(bars, trades.ticksRead() + " trades read, " + trades.badRows()
              + " bad rows");
        }
      }
      Duration provisional = barSizeGiven ? parse(barSize) : Duration.ofMillis(1);
      BarCsv.Result r = BarCsv.read(csv, symbolColumn, symbol(), provisional);
      List<Bar> bars = r.bars();
      if (!barSizeGiven) {
        Duration inferred = inferBarLength(bars);
        LOG.info("bar length inferred from the timestamps: {} (give --bar-size to override)", inferred);
        bars = withLength(bars, inferred);
      }
      LOG.info("{} bars read ({} bad rows skipped{})", bars.size(), r.badRows(),
          r.badRows() > 0 ? ", first at lines " + r.firstBadLines() : "");
      return nonEmpty(bars, r.badRows() + " bad rows");
    } catch (IOException | UncheckedIOException e) {
      throw InputFiles.unreadable("--csv", csv, e);
    }
  }

  /** {@code bars}, unless there are none: a run over nothing is the input's fault (exit 2). */
  private List<Bar> nonEmpty(List<Bar> bars, String detail) {
    if (bars.isEmpty()) {
      throw new UserException("--csv " + csv + ": no bars to run on (" + detail + ")");
    }
    return bars;
  }

  private static Duration parse(String text) {
    try {
      Duration d = AppConfigLoader.parseDuration(text);
      if (d.isZero() || d.isNegative()) {
        throw new UserException("--bar-size: must be > 0, was " + text);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new UserException("--bar-size: expected a duration like 1m, 1h, 1d, was '" + text + "'", e);
    }
  }

  /**
   * The median gap between consecutive bar starts of a symbol, the smallest over symbols. The
   * median ignores weekend and holiday gaps of daily data and the odd missing bar.
   */
  static Duration inferBarLength(List<Bar> bars) {
    Map<String, List<Long>> starts = new TreeMap<>();
    bars.forEach(b -> starts.computeIfAbsent(b.symbol(), s -> new ArrayList<>()).add(b.startMs()));
    long best = Long.MAX_VALUE;
    for (List<Long> ts : starts.values()) {
      long[] sorted = ts.stream().mapToLong(Long::longValue).sorted().toArray();
      long[] gaps = new long[Math.max(0, sorted.length - 1)];
      int n = 0;
      for (int i = 1; i < sorted.length; i++) {
        if (sorted[i] > sorted[i - 1]) {
          gaps[n++] = sorted[i] - sorted[i - 1];
        }
      }
      if (n > 0) {
        long[] g = Arrays.copyOf(gaps, n);
        Arrays.sort(g);
        best = Math.min(best, g[n / 2]);
      }
    }
    if (best == Long.MAX_VALUE) {
      throw new UserException("cannot infer the bar length from fewer than two distinct timestamps; "
          + "give --bar-size");
    }
    return Duration.ofMillis(best);
  }

  private static List<Bar> withLength(List<Bar> bars, Duration length) {
    long ms = length.toMillis();
    return bars.stream().map(b -> new Bar(b.symbol(), b.startMs(), b.startMs() + ms, b.open(), b.high(),
        b.low(), b.close(), b.volume(), b.vwap(), b.ticks())).toList();
  }
}
