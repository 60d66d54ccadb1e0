package io.tickcast.app.topology;

import io.tickcast.app.serde.AppSerdes;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.bars.BarAccumulator;
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
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The bars half of tickcast's topology as it was before {@link BarBuilderProcessor}: a validator
 * with stream-time and dedup stores, the DSL windowed aggregate and suppress. Kept as the reference
 * the new builder must equal ({@link BarBuilderEquivalenceTest}).
 */
final class DslBars {

  static final String BAR_STORE = "bar-aggregates";
  static final String TICK_STREAM_TIME_STORE = "tick-stream-time";
  static final String TICK_DEDUP_STORE = "tick-dedup";

  private DslBars() {}

  /** A topology of only the bars half, DSL version. */
  static Topology build(TopologyDeps deps) {
    StreamsBuilder builder = new StreamsBuilder();
    addBars(builder, deps);
    return builder.build();
  }

  static void addBars(StreamsBuilder builder, TopologyDeps deps) {
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
}
