package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.SymbolRules;
import io.tickcast.model.BarResult;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.ModelException;
import io.tickcast.model.SymbolForecaster;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.pipeline.StateStore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
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
 * {@link ForecastTopology#SEQUENCE_STORE} (each symbol's main per-bar record under the symbol,
 * its sequence rows under {@code symbol|r<slot>}; a few hundred bytes per bar) and {@link
 * ForecastTopology#MODEL_STORE} (parameters and Adam state; written only when a step ran). Under
 * exactly-once both commit in the same transaction as the forecast.
 *
 * <p>Threading: one instance per stream task, called only by the task's stream thread, so each
 * cached {@link SymbolForecaster} has exactly one owner thread. The cache is an accelerator only:
 * <ul>
 *   <li>before each bar the cached forecaster's state version ({@code barsSeen, lastEndMs}) is
 *       compared with the stored record's header, and any difference reloads from the stores;
 *   <li>any exception while a symbol's bar is processed drops that symbol's forecaster, so the
 *       next bar starts from what the stores hold, never from a half-updated heap copy;
 *   <li>at most {@code maxCached} forecasters are live (see {@link #evictOne} for which one goes;
 *       an evicted symbol reloads from the stores, with identical results);
 *   <li>the model and the per-bar state restore separately: a configuration change that breaks
 *       one (another sequence length, another recovery window) cold-starts only that half, loudly.
 * </ul>
 * Shadow trainers (other batch sizes, never published) run after the main forecaster, each in its
 * own error handling: a failing shadow is logged and dropped (it reloads from the stores), and the
 * main bar is not dead-lettered.
 */
final class ForecastProcessor implements FixedKeyProcessor<String, Bar, Forecast> {

  private static final Logger LOG = LoggerFactory.getLogger(ForecastProcessor.class);

  private final ForecasterConfig config;
  private final TickcastMetrics metrics;
  private final LongSupplier wallClockMs;
  private final List<Integer> shadowBatchSizes;
  private final int maxCached;
  /** Access order: least recently used first. */
  private final Map<String, Cached> cache = new LinkedHashMap<>(16, 0.75f, true);
  /**
   * The key of the last {@link #cached} access: while it is in {@link #cache} it is the newest
   * entry (only {@code cached} reorders), so eviction finds both ends without walking the map.
   */
  private String newestKey;
  /** Forecasters built from the stores (cache misses), for tests. */
  private long restores;
  /** Symbols this task forecast: their meters are removed when the task closes. */
  private final java.util.Set<String> symbols = new java.util.HashSet<>();
  /** Test seam: runs after a bar changed the heap forecaster and before the stores are written. */
  private final java.util.function.Consumer<Bar> afterOnBar;
  private FixedKeyProcessorContext<String, Forecast> context;
  private KeyValueStore<String, byte[]> sequences;
  private KeyValueStore<String, byte[]> models;

  private static final class Cached {
    final SymbolForecaster forecaster;
    long[] version;
    /** End of the last bar this forecaster took (event time, epoch ms). */
    long lastBarEndMs;

    Cached(SymbolForecaster forecaster, long[] version) {
      this.forecaster = forecaster;
      this.version = version;
    }
  }

  ForecastProcessor(ForecasterConfig config, TickcastMetrics metrics, LongSupplier wallClockMs,
      List<Integer> shadowBatchSizes, int maxCached) {
    this(config, metrics, wallClockMs, shadowBatchSizes, maxCached, bar -> { });
  }

  ForecastProcessor(ForecasterConfig config, TickcastMetrics metrics, LongSupplier wallClockMs,
      List<Integer> shadowBatchSizes, int maxCached, java.util.function.Consumer<Bar> afterOnBar) {
    this.afterOnBar = afterOnBar;
    if (maxCached < 1) {
      throw new IllegalArgumentException("maxCached must be >= 1, was " + maxCached);
    }
    this.shadowBatchSizes = List.copyOf(shadowBatchSizes);
    this.config = config;
    this.metrics = metrics;
    this.wallClockMs = wallClockMs;
    this.maxCached = maxCached;
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
    return shadowBatch < 0 ? symbol : symbol + SymbolRules.SHADOW_MARK + shadowBatch;
  }

  /** The forecaster's view of the sequence store: its main record and {@code key|part}. */
  private StateStore view(String key) {
    return new StateStore() {
      @Override
      public byte[] get(String part) {
        return sequences.get(part.isEmpty() ? key : key + SymbolRules.ROW_MARK + part);
      }

      @Override
      public void put(String part, byte[] value) {
        sequences.put(part.isEmpty() ? key : key + SymbolRules.ROW_MARK + part, value);
      }
    };
  }

  private Cached cached(String symbol, int shadowBatch, Bar bar) {
    String key = storeKey(symbol, shadowBatch);
    long[] stored = SymbolForecaster.storedVersion(sequences.get(key));
    Cached c = cache.get(key);
    if (c == null || !Arrays.equals(c.version, stored)) {
      if (c == null && cache.size() >= maxCached) {
        evictOne(bar);
      }
      ForecasterConfig cfg = shadowBatch < 0 ? config : config.withBatchSize(shadowBatch);
      c = new Cached(restore(symbol, key, cfg), stored);
      restores++;
      cache.put(key, c);
    }
    c.lastBarEndMs = bar.endMs();
    newestKey = key;
    return c;
  }

  /**
   * Makes room for one more forecaster. Bars close period by period, and the bar builder emits a
   * period's bars in symbol order, so with more live symbols than {@code maxCached} the accesses
   * are a cycle longer than the cache: evicting the least recently used would evict exactly the
   * symbol needed next, and every bar would restore its forecaster from the stores (measured:
   * stream thread +20 % at 1,000 trained symbols, pipe4 notes). So the least recently used goes
   * only if it missed the previous bar period (a symbol gone quiet, or one of another bar size);
   * otherwise the most recently used goes, which keeps a stable {@code maxCached - 1} of the
   * cycle cached (hit rate ≈ (maxCached - 1) / live symbols instead of 0). Eviction never
   * changes results (the stores are the source of truth).
   */
  private void evictOne(Bar bar) {
    Map.Entry<String, Cached> eldest = cache.entrySet().iterator().next();
    long period = bar.endMs() - bar.startMs();
    if (eldest.getValue().lastBarEndMs < bar.endMs() - period) {
      cache.remove(eldest.getKey());
    } else if (newestKey != null && cache.containsKey(newestKey)) {
      cache.remove(newestKey);
    } else {
      // The newest entry was dropped after an error: find the newest that is left.
      String newest = null;
      for (String k : cache.keySet()) {
        newest = k;
      }
      cache.remove(newest);
    }
  }

  /** Forecasters built from the stores so far (cache misses and reloads). */
  long restores() {
    return restores;
  }

  @Override
  public void process(FixedKeyRecord<String, Bar> record) {
    Bar bar = record.value();
    String symbol = bar.symbol();
    symbols.add(symbol);
    try {
      processMain(record, bar, symbol);
    } catch (RuntimeException e) {
      // The heap copy may be half-updated; the stores hold the last committed state.
      cache.remove(symbol);
      throw e;
    }
    for (int b : shadowBatchSizes) {
      String key = storeKey(symbol, b);
      try {
        Cached s = cached(symbol, b, bar);
        BarResult sr = s.forecaster.onBar(bar);
        if (sr.accepted()) {
          metrics.shadow(symbol, b, sr.rolledBack() ? null : sr.step(), sr.score(),
              sr.extra().applied());
          save(key, s, sr);
        }
      } catch (RuntimeException e) {
        cache.remove(key);
        LOG.warn("shadow trainer {} failed on the bar ending {}; it reloads on the next bar", key,
            bar.endMs(), e);
      }
    }
  }

  private void processMain(FixedKeyRecord<String, Bar> record, Bar bar, String symbol) {
    Cached c = cached(symbol, -1, bar);
    long t0 = System.nanoTime();
    BarResult r = c.forecaster.onBar(bar);
    long elapsed = System.nanoTime() - t0;
    afterOnBar.accept(bar);
    metrics.barConsumed(symbol, r.accepted());
    if (!r.accepted()) {
      return;
    }
    if (r.rolledBack()) {
      metrics.rolledBack(symbol, r.step());
    } else if (r.step() != null) {
      metrics.trained(symbol, r.step());
    }
    if (r.extra().tried()) {
      metrics.extraSteps(symbol, r.extra());
    }
    if (r.modelChanged()) {
      // θ and g move only when a step commits, so a bar without a step has nothing new to show.
      metrics.fastSkip(symbol, c.forecaster.fastSkip(), c.forecaster.networkGain());
    }
    if (r.score() != null) {
      metrics.scored(symbol, r.score());
    }
    if (r.adaptation() != null) {
      metrics.adaptation(symbol, r.adaptation().drift(), r.adaptation().recoveredBars(),
          c.forecaster.barsSinceDrift());
    }
    save(symbol, c, r);
    Forecast f = r.forecast();
    if (f != null) {
      long forwardNanos = Math.max(0,
          elapsed - (r.step() == null ? 0 : r.step().nanos()) - r.extra().nanos());
      context.forward(record.withValue(f).withTimestamp(bar.endMs()));
      metrics.forecastPublished(f, forwardNanos, wallClockMs.getAsLong());
    }
  }

  private void save(String key, Cached c, BarResult r) {
    c.forecaster.writeState(view(key));
    c.version = c.forecaster.stateVersion();
    if (r.modelChanged()) {
      models.put(key, c.forecaster.modelBytes());
    }
  }

  /**
   * Restores a forecaster from the stores. A half that cannot be restored (corrupt, or written
   * with an incompatible configuration such as another sequence length) would otherwise fail
   * every later bar of the symbol; that half restarts cold instead, loudly, and the other is kept.
   */
  private SymbolForecaster restore(String symbol, String key, ForecasterConfig cfg) {
    byte[] model = models.get(key);
    return SymbolForecaster.restore(symbol, cfg, view(key), model,
        (String what, ModelException e) -> {
          LOG.error("cannot restore the {} of {}; starting the {} fresh", what, key, what, e);
          metrics.modelReset(symbol);
        });
  }

  /**
   * The task is closed (revoked, migrated or shut down): its symbols' meters and their slots among
   * the tagged symbols go with it (the bar builder of the same task counts the same symbols).
   */
  @Override
  public void close() {
    cache.clear();
    symbols.forEach(metrics::releaseSymbol);
    symbols.clear();
  }
}
