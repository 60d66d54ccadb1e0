package io.tickcast.app.topology;

import io.tickcast.app.serde.AppSerdes;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import io.tickcast.model.domain.Tick;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The tickcast topology, as a pure function of its dependencies. Data flows one way:
 *
 * <pre>
 * ticks ─▶ validate ─┬─▶ ticks.dlq (rejects, original bytes + reason headers)
 *                    └─▶ per-symbol event-time tumbling windows (size, grace) ─▶ final bars ─▶ bars
 * bars  ─▶ validate ─┬─▶ bars.dlq
 *                    └─▶ forecaster (sequence + model stores) ─▶ forecasts
 *                                                                 └─▶ latest-forecasts store (REST)
 * </pre>
 *
 * <p>The two halves meet only through the {@code bars} topic, so users who already have bars can
 * write them there and skip the windowing. All topics are keyed by symbol, so a symbol's ticks,
 * bars, model and forecasts stay on one partition and one task.
 */
public final class ForecastTopology {

  /** Windowed OHLCV aggregates (changelogged). */
  public static final String BAR_STORE = "bar-aggregates";
  /** Per-task stream time of the tick validator (changelogged), for late-tick detection. */
  public static final String TICK_STREAM_TIME_STORE = "tick-stream-time";
  /** Fingerprints of recent ticks (changelogged window store), for duplicate detection. */
  public static final String TICK_DEDUP_STORE = "tick-dedup";
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
    StreamsBuilder builder = new StreamsBuilder();
    addBars(builder, deps);
    addForecasts(builder, deps);
    return builder.build();
  }

  private static void addBars(StreamsBuilder builder, TopologyDeps deps) {
    Topics t = deps.topics();
    TickParser parser = new TickParser(deps.tickLimits());
    long barMs = deps.barSize().toMillis();
    long graceMs = deps.barGrace().toMillis();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(TICK_STREAM_TIME_STORE), Serdes.String(), Serdes.Long()));
    // Duplicates older than bar + grace are late anyway (the late check runs first), so a longer
    // retention changes nothing but the segment size: see windowRetention.
    Duration dedupRetention = windowRetention(deps);
    builder.addStateStore(Stores.windowStoreBuilder(
        Stores.persistentWindowStore(TICK_DEDUP_STORE, dedupRetention, Duration.ofMillis(1), false),
        Serdes.String(), Serdes.Long()));
    KStream<String, Parsed<Tick>> parsed = builder
        .stream(t.ticksRaw().name(),
            Consumed.with(t.ticksRaw().keySerde(), t.ticksRaw().valueSerde()).withName("ticks-source"))
        .processValues(() -> new TickValidationProcessor(parser, deps.metrics(), deps.wallClockMs(),
            t.ticksDlq().name(), barMs, graceMs, deps.dedupTicks()), Named.as("ticks-validate"),
            TICK_STREAM_TIME_STORE, TICK_DEDUP_STORE);
    Map<String, KStream<String, Parsed<Tick>>> branches = parsed
        .split(Named.as("ticks-"))
        .branch((k, v) -> v.valid(), Branched.as("valid"))
        .defaultBranch(Branched.as("rejected"));
    branches.get("ticks-rejected")
        .mapValues(Parsed::raw, Named.as("ticks-rejected-raw"))
        .to(t.ticksDlq().name(),
            Produced.with(t.ticksDlq().keySerde(), t.ticksDlq().valueSerde()).withName("ticks-dlq-sink"));
    branches.get("ticks-valid")
        .mapValues(Parsed::value, Named.as("ticks-valid-tick"))
        .groupByKey(Grouped.with("ticks-by-symbol", t.ticks().keySerde(), t.ticks().valueSerde()))
        .windowedBy(TimeWindows.ofSizeAndGrace(deps.barSize(), deps.barGrace()))
        .aggregate(BarAccumulator::new, (symbol, tick, acc) -> acc.add(tick), Named.as("bar-aggregate"),
            Materialized.<String, BarAccumulator, WindowStore<Bytes, byte[]>>as(BAR_STORE)
                .withRetention(windowRetention(deps))
                .withKeySerde(Serdes.String())
                .withValueSerde(AppSerdes.barAccumulator()))
        .suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()).withName("bar-final"))
        .toStream(Named.as("bar-final-stream"))
        .map((window, acc) -> KeyValue.pair(window.key(),
            acc.toBar(window.key(), window.window().start(), window.window().end())), Named.as("bar-build"))
        .peek((symbol, bar) -> deps.metrics().barEmitted(symbol), Named.as("bar-count"))
        .to(t.bars().name(), Produced.with(t.bars().keySerde(), t.bars().valueSerde()).withName("bars-sink"));
  }

  /**
   * Retention of the two window stores. Kafka Streams sizes a window store's segments at half its
   * retention (at least 60 s), and every new segment opens a RocksDB instance. With the minimum
   * retention (bar + grace) a replay or catch-up opened one per event-time minute per partition and
   * spent most of its time in {@code RocksDB.open}; at least an hour (and 6 bars) keeps opens rare.
   * Correctness is unaffected: grace, not retention, decides what is late.
   */
  static Duration windowRetention(TopologyDeps deps) {
    Duration minimum = deps.barSize().plus(deps.barGrace()).plusMillis(1);
    Duration generous = deps.barSize().multipliedBy(6);
    Duration hour = Duration.ofHours(1);
    Duration r = minimum.compareTo(generous) > 0 ? minimum : generous;
    return r.compareTo(hour) > 0 ? r : hour;
  }

  private static void addForecasts(StreamsBuilder builder, TopologyDeps deps) {
    Topics t = deps.topics();
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(SEQUENCE_STORE), Serdes.String(), Serdes.ByteArray()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(MODEL_STORE), Serdes.String(), Serdes.ByteArray()));
    Map<String, KStream<String, Parsed<Bar>>> branches = builder
        .stream(t.barsRaw().name(),
            Consumed.with(t.barsRaw().keySerde(), t.barsRaw().valueSerde()).withName("bars-source"))
        .processValues(() -> new BarValidationProcessor(deps.metrics(), t.barsDlq().name()),
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
        .processValues(() -> new ForecastProcessor(deps.model(), deps.metrics(), deps.wallClockMs(),
                deps.shadowBatchSizes(), deps.modelCacheMaxSymbols()),
            Named.as("forecaster"), SEQUENCE_STORE, MODEL_STORE);
    forecasts.to(t.forecasts().name(),
        Produced.with(t.forecasts().keySerde(), t.forecasts().valueSerde()).withName("forecasts-sink"));
    forecasts.toTable(Named.as("forecasts-latest"),
        Materialized.<String, Forecast, KeyValueStore<Bytes, byte[]>>as(LATEST_FORECAST_STORE)
            .withKeySerde(t.forecasts().keySerde())
            .withValueSerde(t.forecasts().valueSerde()));
  }
}
