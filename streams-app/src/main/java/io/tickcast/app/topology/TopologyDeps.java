package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.DedupMode;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.ForecasterConfig;
import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Everything {@link ForecastTopology#build} needs, and nothing else: no config loader, no HTTP,
 * no Kafka clients.
 *
 * @param barSize bar length in event time
 * @param barGrace how long after a bar's end (in event time) late ticks are still folded in
 * @param wallClockMs wall-clock time in epoch ms; only used for latency metrics and the future-skew
 *     check of tick timestamps, never for windowing
 * @param barIdleTimeout wall-clock quiet time of a live partition after which its due bars close on
 *     the wall clock; zero turns wall-clock closing off
 * @param dedupTicks which ticks are dead-lettered as duplicates
 * @param shadowBatchSizes batch sizes of opt-in shadow trainers per symbol (never published)
 * @param modelCacheMaxSymbols live forecasters per stream task (evicted ones reload from the
 *     stores with identical results; which one goes: {@link ForecastProcessor})
 */
public record TopologyDeps(
    Topics topics,
    Duration barSize,
    Duration barGrace,
    Duration barIdleTimeout,
    ForecasterConfig model,
    TickParser.Limits tickLimits,
    TickcastMetrics metrics,
    LongSupplier wallClockMs,
    DedupMode dedupTicks,
    java.util.List<Integer> shadowBatchSizes,
    int modelCacheMaxSymbols) {

  /**
   * Default of {@link #modelCacheMaxSymbols}. A live trained forecaster holds ≈70 KB of heap
   * (parameters, Adam moments, per-symbol state; the LSTM's step buffers are per thread), so
   * 1,024 per task keep all symbols of a 1,000-symbol universe live even on one partition and
   * bound a task at ≈75 MB; with more symbols per task the cyclic eviction keeps 1,023 live and
   * the others reload (≈0.1 ms each). Keeping all of 10,000 symbols live takes ≈0.75 GB of heap:
   * raise it with a heap of 2 GB or more (issue 11; a 1 GB heap was not enough).
   */
  public static final int DEFAULT_MODEL_CACHE_MAX_SYMBOLS = 1024;

  /** Dependencies with the default forecaster cache bound. */
  public TopologyDeps(Topics topics, Duration barSize, Duration barGrace, Duration barIdleTimeout,
      ForecasterConfig model, TickParser.Limits tickLimits, TickcastMetrics metrics,
      LongSupplier wallClockMs, DedupMode dedupTicks, java.util.List<Integer> shadowBatchSizes) {
    this(topics, barSize, barGrace, barIdleTimeout, model, tickLimits, metrics, wallClockMs,
        dedupTicks, shadowBatchSizes, DEFAULT_MODEL_CACHE_MAX_SYMBOLS);
  }

  public TopologyDeps {
    if (modelCacheMaxSymbols < 1) {
      throw new IllegalArgumentException(
          "modelCacheMaxSymbols must be >= 1, was " + modelCacheMaxSymbols);
    }
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(barSize, "barSize");
    Objects.requireNonNull(barGrace, "barGrace");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(tickLimits, "tickLimits");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(wallClockMs, "wallClockMs");
    Objects.requireNonNull(barIdleTimeout, "barIdleTimeout");
    Objects.requireNonNull(dedupTicks, "dedupTicks");
    shadowBatchSizes = java.util.List.copyOf(shadowBatchSizes);
  }
}
