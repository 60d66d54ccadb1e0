package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each symbol's online LSTM on its bars: test-then-train, then forecast the next bar.
 *
 * <p>State lives in two changelogged stores so it survives restarts and moves with its partition:
 * {@link ForecastTopology#SEQUENCE_STORE} (the last bars' features, pending labelled examples,
 * normaliser and evaluator; rewritten on every bar, a few KB) and {@link
 * ForecastTopology#MODEL_STORE} (parameters and Adam state; rewritten only when an update
 * happened). Under exactly-once both commit in the same transaction as the forecast.
 *
 * <p>Threading: one instance per stream task, called only by the task's stream thread, so each
 * cached {@link SymbolForecaster} (and its DL4J network) has exactly one owner thread. The cache
 * is an accelerator only: before each bar the cached forecaster's last written state is compared
 * with the store's, and any difference (a restored or aborted task) reloads from the stores.
 */
final class ForecastProcessor implements FixedKeyProcessor<String, Bar, Forecast> {

  private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

  private final ForecasterConfig config;
  private final TickcastMetrics metrics;
  private final LongSupplier wallClockMs;
  private final Map<String, Cached> cache = new HashMap<>();
  private final java.util.List<Integer> shadowBatchSizes;
  private FixedKeyProcessorContext<String, Forecast> context;
  private KeyValueStore<String, byte[]> sequences;
  private KeyValueStore<String, byte[]> models;

  private static final class Cached {
    final SymbolForecaster forecaster;
    byte[] lastState;

    Cached(SymbolForecaster forecaster, byte[] lastState) {
      this.forecaster = forecaster;
      this.lastState = lastState;
    }
  }

  ForecastProcessor(ForecasterConfig config, TickcastMetrics metrics, LongSupplier wallClockMs,
      java.util.List<Integer> shadowBatchSizes) {
    this.shadowBatchSizes = shadowBatchSizes;
    this.config = config;
    this.metrics = metrics;
    this.wallClockMs = wallClockMs;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Forecast> context) {
    this.context = context;
    this.sequences = context.getStateStore(ForecastTopology.SEQUENCE_STORE);
    this.models = context.getStateStore(ForecastTopology.MODEL_STORE);
    // A (re)initialised task may have had its stores restored or rolled back: start cold.
    cache.clear();
  }

  /**
   * Store key of a symbol's forecaster: the symbol itself, or {@code symbol#B=<b>} for a shadow
   * trainer (same bars, another batch size, never published).
   */
  private static String storeKey(String symbol, int shadowBatch) {
    return shadowBatch < 0 ? symbol : symbol + "#B=" + shadowBatch;
  }

  private Cached cached(String symbol, int shadowBatch) {
    String key = storeKey(symbol, shadowBatch);
    byte[] stored = sequences.get(key);
    Cached c = cache.get(key);
    if (c == null || !Arrays.equals(c.lastState, stored)) {
      ForecasterConfig cfg = shadowBatch < 0 ? config : config.withBatchSize(shadowBatch);
      c = new Cached(restore(symbol, key, cfg, stored), stored);
      cache.put(key, c);
    }
    return c;
  }

  @Override
  public void process(FixedKeyRecord<String, Bar> record) {
    Bar bar = record.value();
    String symbol = bar.symbol();
    for (int b : shadowBatchSizes) {
      Cached s = cached(symbol, b);
      BarResult sr = s.forecaster.onBar(bar);
      if (sr.accepted()) {
        metrics.shadow(symbol, b, sr.rolledBack() ? null : sr.step(), sr.score());
        byte[] st = s.forecaster.stateBytes();
        sequences.put(storeKey(symbol, b), st);
        s.lastState = st;
        if (sr.modelChanged()) {
          models.put(storeKey(symbol, b), s.forecaster.modelBytes());
        }
      }
    }
    Cached c = cached(symbol, -1);
    long t0 = System.nanoTime();
    BarResult r = c.forecaster.onBar(bar);
    long elapsed = System.nanoTime() - t0;
    metrics.barConsumed(symbol, r.accepted());
    if (!r.accepted()) {
      return;
    }
    if (r.rolledBack()) {
      metrics.rolledBack(symbol, r.step());
    } else if (r.step() != null) {
      metrics.trained(symbol, r.step());
    }
    if (r.score() != null) {
      metrics.scored(symbol, r.score());
    }
    if (r.adaptation() != null) {
      metrics.adaptation(symbol, r.adaptation().drift(), r.adaptation().recoveredBars(),
          c.forecaster.barsSinceDrift());
    }
    byte[] state = c.forecaster.stateBytes();
    sequences.put(symbol, state);
    c.lastState = state;
    if (r.modelChanged()) {
      models.put(symbol, c.forecaster.modelBytes());
    }
    Forecast f = r.forecast();
    if (f != null) {
      long forwardNanos = Math.max(0, elapsed - (r.step() == null ? 0 : r.step().nanos()));
      context.forward(record.withValue(f).withTimestamp(bar.endMs()));
      metrics.forecastPublished(f, forwardNanos, wallClockMs.getAsLong());
    }
  }

  /**
   * Restores a symbol's forecaster from the stores. Bytes that cannot be restored (corrupt, or
   * written with an incompatible configuration such as another sequence length) would otherwise
   * fail every later bar of the symbol; the symbol restarts cold instead, loudly.
   */
  private SymbolForecaster restore(String symbol, String key, ForecasterConfig cfg, byte[] state) {
    byte[] model = models.get(key);
    try {
      return SymbolForecaster.restore(symbol, cfg, state, model);
    } catch (ModelException e) {
      LOG.error("cannot restore the model of {} ({} state bytes, {} model bytes); starting it fresh",
          key, state == null ? 0 : state.length, model == null ? 0 : model.length, e);
      metrics.modelReset(symbol);
      return SymbolForecaster.create(symbol, cfg);
    }
  }

  @Override
  public void close() {
    cache.clear();
  }
}
