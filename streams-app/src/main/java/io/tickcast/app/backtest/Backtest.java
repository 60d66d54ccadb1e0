package io.tickcast.app.backtest;

import io.tickcast.app.serde.DedupMode;
import io.tickcast.app.topology.Fingerprints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tickcast.app.export.SavedState;
import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.Score;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.TrainingStep;
import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.bars.TickAdmission;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays bars through exactly the same {@link SymbolForecaster} code the stream runs, without
 * Kafka, and writes {@code forecasts.csv}, {@code updates.csv} and {@code summary.json} to an
 * output directory, and each symbol's final state under {@code state/} (for export). Bars are
 * processed in event-time order across symbols; each symbol has its own forecaster, as in the
 * stream. Single-threaded.
 */
public final class Backtest {

  private static final Logger LOG = LoggerFactory.getLogger(Backtest.class);
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  private final ForecasterConfig config;
  private final Map<String, SymbolForecaster> forecasters = new TreeMap<>();
  private final Map<String, Forecast> pending = new TreeMap<>();
  private BufferedWriter expertsCsv; // set only while run() writes its files
  private final Map<String, BacktestStats> stats = new TreeMap<>();
  private final BacktestStats overall = new BacktestStats();
  private final Map<String, Boolean> driftSinceUpdate = new TreeMap<>();
  private final List<DriftEvent> driftEvents = new ArrayList<>();
  /** Per symbol, the drift still being recovered from (recovery completes the latest one). */
  private final Map<String, DriftEvent> openDrift = new TreeMap<>();

  /** One drift alarm; {@code recoveryBars} is -1 until its recovery completes. */
  private static final class DriftEvent {
    final long ts;
    final String symbol;
    long recoveryBars = -1;

    DriftEvent(long ts, String symbol) {
      this.ts = ts;
      this.symbol = symbol;
    }
  }
  /** (ts, loss, B_simple, B) of every accepted update, for plots. */
  private final List<double[]> updateSeries = new ArrayList<>();

  public Backtest(ForecasterConfig config) {
    this.config = config;
  }

  /**
   * Aggregates trades into per-symbol tumbling bars aligned to the epoch with the stream's rules
   * ({@link TickAdmission}: late ticks and duplicates are dropped as the stream dead-letters
   * them). Unlike the stream, the windows still open at the end of the file are emitted too: the
   * file is complete, no later tick can arrive.
   *
   * @param grace the stream's {@code bar.grace}
   * @param dedup the stream's {@code tick.dedup}, applied with the stream's fingerprints
   */
  public static List<Bar> barsFromTrades(Iterator<Tick> ticks, Duration barSize, Duration grace,
      DedupMode dedup) {
    long size = barSize.toMillis();
    TickAdmission admission = new TickAdmission(size, grace.toMillis(), t -> Fingerprints.of(dedup, t));
    Map<String, TreeMap<Long, BarAccumulator>> bySymbol = new TreeMap<>();
    long late = 0;
    long duplicates = 0;
    while (ticks.hasNext()) {
      Tick t = ticks.next();
      switch (admission.admit(t)) {
        case LATE -> late++;
        case DUPLICATE -> duplicates++;
        case ACCEPT -> bySymbol.computeIfAbsent(t.symbol(), s -> new TreeMap<>())
            .computeIfAbsent(admission.windowStart(t.tsMs()), s -> new BarAccumulator()).add(t);
        default -> throw new IllegalStateException();
      }
    }
    if (late + duplicates > 0) {
      LOG.info("dropped {} late and {} duplicate ticks, as the stream would", late, duplicates);
    }
    List<Bar> bars = new ArrayList<>();
    bySymbol.forEach((symbol, windows) -> windows.forEach((start, acc) ->
        bars.add(acc.toBar(symbol, start, start + size))));
    bars.sort(Comparator.comparingLong(Bar::endMs).thenComparing(Bar::symbol));
    return bars;
  }

  /** (ts, loss, B_simple, B) of every accepted update so far. */
  public List<double[]> updateSeries() {
    return updateSeries;
  }

  /** Event times (epoch ms) of the drift alarms so far. */
  public List<Long> driftTimes() {
    return driftEvents.stream().map(e -> e.ts).toList();
  }

  /** Summary of one run, also written to {@code summary.json}. */
  public record Summary(Map<String, BacktestStats> perSymbol, BacktestStats overall) {}

  /** Runs all bars (sorted by end time first) and writes the three files into {@code out}. */
  public Summary run(List<Bar> input, Path out, Consumer<String> progress) throws IOException {
    Files.createDirectories(out);
    List<Bar> bars = new ArrayList<>(input);
    bars.sort(Comparator.comparingLong(Bar::endMs).thenComparing(Bar::symbol));
    try (BufferedWriter f = Files.newBufferedWriter(out.resolve("forecasts.csv"), StandardCharsets.UTF_8);
        BufferedWriter u = Files.newBufferedWriter(out.resolve("updates.csv"), StandardCharsets.UTF_8);
        BufferedWriter x = expertsCsv = ExpertColumns.open(out)) {
      f.write("ts,symbol,actual_return,predicted_return,sigma,naive_return,ewma_return,ewma_sigma,"
          + "batch_size,lr,model_version,source" + ExpertColumns.HEADER + "\n");
      u.write("ts,symbol,loss,grad_norm,g2_est,trace_sigma_est,b_simple,batch_size,lr,drift,rolled_back,"
          + "skipped\n");
      long n = 0;
      long nextReport = System.nanoTime();
      for (Bar bar : bars) {
        process(bar, f, u);
        n++;
        if (System.nanoTime() >= nextReport) {
          progress.accept(String.format(Locale.ROOT, "backtest %d/%d bars (%.1f%%), at %s", n, bars.size(),
              100.0 * n / bars.size(), Instant.ofEpochMilli(bar.endMs())));
          nextReport = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        }
      }
    }
    expertsCsv = null;
    Summary s = new Summary(stats, overall);
    Files.writeString(out.resolve("summary.json"), toJson(s), StandardCharsets.UTF_8);
    StringBuilder drifts = new StringBuilder("ts,symbol,recovery_bars\n");
    driftEvents.forEach(e -> drifts.append(e.ts).append(',').append(e.symbol).append(',').append(e.recoveryBars).append('\n'));
    Files.writeString(out.resolve("drifts.csv"), drifts.toString(), StandardCharsets.UTF_8);
    saveState(out.resolve("state"));
    return s;
  }

  /**
   * Saves each symbol's final forecaster as {@code dir/<symbol>.zip} ({@link SavedState}): what
   * {@code ModelExport.fromSavedState} exports.
   */
  public void saveState(Path dir) throws IOException {
    for (SymbolForecaster f : forecasters.values()) {
      SavedState.write(f, dir.resolve(f.symbol() + ".zip"));
    }
  }

  /**
   * Feeds one bar and returns the forecast made on it, if any. The writers may be null (no
   * files), as in the stream/backtest parity test.
   */
  public Forecast process(Bar bar, BufferedWriter forecastsCsv, BufferedWriter updatesCsv) {
    SymbolForecaster sf = forecasters.computeIfAbsent(bar.symbol(), s -> SymbolForecaster.create(s, config));
    BarResult r = sf.onBar(bar);
    if (!r.accepted()) {
      return null;
    }
    BacktestStats st = stats.computeIfAbsent(bar.symbol(), s -> new BacktestStats());
    TrainingStep step = r.step();
    st.extra(r.extra());
    overall.extra(r.extra());
    BarResult.Adaptation ad = r.adaptation();
    if (ad != null && ad.drift()) {
      st.drifts++;
      overall.drifts++;
      driftSinceUpdate.put(bar.symbol(), true);
      DriftEvent e = new DriftEvent(bar.endMs(), bar.symbol());
      driftEvents.add(e);
      openDrift.put(bar.symbol(), e);
    }
    if (ad != null && ad.recoveredBars() >= 0) {
      st.recoveries.add(ad.recoveredBars());
      overall.recoveries.add(ad.recoveredBars());
      DriftEvent open = openDrift.remove(bar.symbol());
      if (open != null) {
        open.recoveryBars = ad.recoveredBars();
      }
    }
    try {
      if (step != null) {
        if (!r.rolledBack() && !step.skipped()) {
          updateSeries.add(new double[] {bar.endMs(), step.loss(), step.noiseScale(), step.batchSize()});
        }
        st.update(step, r.rolledBack());
        overall.update(step, r.rolledBack());
        write(updatesCsv, String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%d,%s,%d,%d,%d%n", bar.endMs(), bar.symbol(),
            num(step.loss()), num(step.gradNorm()), num(step.gradSquared()), num(step.traceSigma()),
            num(step.noiseScale()), step.batchSize(), num(step.learningRate()),
            Boolean.TRUE.equals(driftSinceUpdate.remove(bar.symbol())) ? 1 : 0, r.rolledBack() ? 1 : 0,
            step.skipped() ? 1 : 0));
      }
      Score sc = r.score();
      Forecast prev = pending.get(bar.symbol());
      if (sc != null && prev != null) {
        st.score(sc, prev);
        overall.score(sc, prev);
        write(forecastsCsv, String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%d,%s,%d,%s%s%n", bar.endMs(),
            bar.symbol(), num(sc.actualReturn()), num(sc.modelReturn()), num(sc.modelSigma()),
            num(sc.naiveReturn()), num(sc.ewmaReturn()), num(sc.ewmaSigma()), ad == null ? config.batchSize() : ad.batchSize(),
            num(step != null ? step.learningRate() : st.lastLr), prev.modelVersion(),
            prev.source().name().toLowerCase(Locale.ROOT), ExpertColumns.cells(prev)));
        ExpertColumns.writeWeights(forecastsCsv == null ? null : expertsCsv, bar.endMs(), prev);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (r.forecast() != null) {
      pending.put(bar.symbol(), r.forecast());
    }
    return r.forecast();
  }

  private static void write(BufferedWriter w, String line) throws IOException {
    if (w != null) {
      w.write(line);
    }
  }

  private static String num(double v) {
    return Double.toString(v);
  }

  private static String toJson(Summary s) throws IOException {
    Map<String, Object> symbols = new LinkedHashMap<>();
    s.perSymbol().forEach((symbol, st) -> symbols.put(symbol, st.toMap()));
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("overall", s.overall().toMap());
    root.put("symbols", symbols);
    return JSON.writeValueAsString(root) + "\n";
  }
}
