package io.tickcast.app.topology;

import io.tickcast.app.serde.TickParser;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The tickcast topology, as a pure function of its dependencies. Data flows one way:
 *
 * <pre>
 * ticks ─▶ bar builder ─┬─▶ ticks.dlq (rejects, late, duplicates: original bytes + reason headers)
 *                       └─▶ final bars ─┬─▶ bars (for users; marked with their origin)
 *                                       │
 * bars ─▶ skip own ─▶ validate ─┬─▶ bars.dlq
 *                               └─▶ merge ◀┘ ─▶ forecaster (sequence + model stores) ─▶ forecasts
 *                                                        latest-forecasts store (REST) ◀─┘
 * </pre>
 *
 * <p>The bar builder ({@link BarBuilderProcessor}) closes event-time tumbling bars after grace, or
 * on the wall clock when a live partition goes quiet. The forecaster takes the bars built here
 * directly (same task, same transaction, no {@code bars} round trip) and also reads the {@code
 * bars} topic, so users who already have bars can write them there and skip the windowing; bars
 * built here and read back from {@code bars} are skipped ({@link BarHeaders}). All topics are
 * keyed by symbol, so a symbol's ticks, bars, model and forecasts stay on one partition and one
 * task; {@code ticks} and {@code bars} need the same partition count.
 */
public final class ForecastTopology {

  /**
   * The bar builder's only store: each symbol's open bars with their dedup fingerprints, and the
   * task's stream time (in-memory, cached, changelogged).
   */
  public static final String BAR_BUILDER_STORE = "bar-builder";
  /** Per-symbol per-bar state: main record under the symbol, rows under {@code symbol|r<slot>} (changelogged). */
  public static final String SEQUENCE_STORE = "symbol-sequences";
  /** Per-symbol model parameters and optimizer state (changelogged; written on update). */
  public static final String MODEL_STORE = "symbol-models";
  /**
   * The latest published forecast per symbol, as in the forecasts topic (changelogged, about 300
   * bytes per symbol), for the read-only REST queries.
   */
  public static final String LATEST_FORECAST_STORE = "latest-forecasts";

  private ForecastTopology() {}

  /** Builds the topology; calls nothing outside {@code deps}. */
  public static Topology build(TopologyDeps deps) {
    return build(deps, BarBuilderProcessor.FROM_SLOT);
  }

  /** The topology with the bar builder building its bars with {@code bars} (tests fail it). */
  static Topology build(TopologyDeps deps, BarBuilderProcessor.BarFactory bars) {
    StreamsBuilder builder = new StreamsBuilder();
    addForecasts(builder, deps, addBars(builder, deps, bars));
    return builder.build();
  }

  /**
   * Ticks to final bars: {@link BarBuilderProcessor} (parse, validate, late/duplicate checks,
   * open bars in {@link #BAR_BUILDER_STORE}, emission once final), rejects to the tick DLQ, bars to
   * the {@code bars} topic.
   *
   * <p>The store is in-memory with caching and a changelog: its state is a few hundred bytes per
   * symbol, so restoring it whole is cheap. The processor writes a changed symbol once per commit
   * ({@link WriteBehindStore}); caching keeps it one changelog record per commit.
   *
   * @return the final bars, for the forecaster
   */
  static KStream<String, Bar> addBars(StreamsBuilder builder, TopologyDeps deps) {
    return addBars(builder, deps, BarBuilderProcessor.FROM_SLOT);
  }

  private static KStream<String, Bar> addBars(StreamsBuilder builder, TopologyDeps deps,
      BarBuilderProcessor.BarFactory barFactory) {
    Topics t = deps.topics();
    TickParser parser = new TickParser(deps.tickLimits());
    builder.addStateStore(WriteBehindStore.builder(Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(BAR_BUILDER_STORE), Serdes.String(), Serdes.ByteArray())
        .withCachingEnabled()));
    Map<String, KStream<String, Parsed<Bar>>> branches = builder
        .stream(t.ticksRaw().name(),
            Consumed.with(t.ticksRaw().keySerde(), t.ticksRaw().valueSerde()).withName("ticks-source"))
        .process(() -> new BarBuilderProcessor(parser, deps, barFactory),
            Named.as("bar-builder"), BAR_BUILDER_STORE)
        .split(Named.as("ticks-"))
        .branch((k, v) -> v.valid(), Branched.as("bars"))
        .defaultBranch(Branched.as("rejected"));
    branches.get("ticks-rejected")
        .mapValues(Parsed::raw, Named.as("ticks-rejected-raw"))
        .to(t.ticksDlq().name(),
            Produced.with(t.ticksDlq().keySerde(), t.ticksDlq().valueSerde()).withName("ticks-dlq-sink"));
    KStream<String, Bar> bars = branches.get("ticks-bars").mapValues(Parsed::value, Named.as("bar-final"));
    bars.to(t.bars().name(), Produced.with(t.bars().keySerde(), t.bars().valueSerde()).withName("bars-sink"));
    return bars;
  }

  /**
   * Bars to forecasts. The forecaster takes the bars this pipeline builds directly ({@code
   * ownBars}, same task, no {@code bars} topic round trip) and the bars users write to {@code
   * bars}; own bars read back from {@code bars} are skipped (see {@link BarHeaders}).
   */
  private static void addForecasts(StreamsBuilder builder, TopologyDeps deps,
      KStream<String, Bar> ownBars) {
    Topics t = deps.topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SEQUENCE_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.ByteArray()));
    Map<String, KStream<String, Parsed<Bar>>> branches = builder
        .stream(t.barsRaw().name(),
            Consumed.with(t.barsRaw().keySerde(), t.barsRaw().valueSerde()).withName("bars-source"))
        .processValues(() -> BarHeaders.skipOwnBars(t.ticks().name()), Named.as("bars-skip-own"))
        .processValues(() -> new BarValidationProcessor(deps.metrics(), t.barsDlq().name(),
                deps.tickLimits(), deps.wallClockMs()),
            Named.as("bars-validate"))
        .split(Named.as("bars-"))
        .branch((k, v) -> v.valid(), Branched.as("valid"))
        .defaultBranch(Branched.as("rejected"));
    branches.get("bars-rejected")
        .mapValues(Parsed::raw, Named.as("bars-rejected-raw"))
        .to(t.barsDlq().name(),
            Produced.with(t.barsDlq().keySerde(), t.barsDlq().valueSerde()).withName("bars-dlq-sink"));
    KStream<String, Forecast> forecasts = branches.get("bars-valid")
        .mapValues(Parsed::value, Named.as("bars-valid-bar"))
        .merge(ownBars, Named.as("bars-to-forecast"))
        .processValues(BarHeaders::markWallClock, Named.as("bars-mark-wall-clock"))
        .processValues(() -> new ForecastProcessor(deps.model(), deps.metrics(), deps.wallClockMs(),
                deps.shadowBatchSizes(), deps.modelCacheMaxSymbols()),
            Named.as("forecaster"), SEQUENCE_STORE, MODEL_STORE)
        .processValues(BarHeaders::flagForecast, Named.as("forecasts-flag-wall-clock"));
    forecasts.to(t.forecasts().name(),
        Produced.with(t.forecasts().keySerde(), t.forecasts().valueSerde()).withName("forecasts-sink"));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(LATEST_FORECAST_STORE), t.forecasts().keySerde(),
        t.forecasts().valueSerde()));
    forecasts.processValues(LatestForecastWriter::new, Named.as("forecasts-latest"),
        LATEST_FORECAST_STORE);
  }
}
