package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.AppSerdes;
import io.tickcast.model.ForecasterConfig;
import io.tickcast.model.domain.Bar;
import io.tickcast.model.domain.Forecast;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forecaster processor's cache: exceptions drop the symbol, eviction changes nothing, and a
 * batch-size change keeps the trained model.
 */
class ForecastProcessorTest {

  private static final ForecasterConfig CFG = new ForecasterConfig(8, 8, 4, 4, 1e-3, 5, 1.0, 2,
      200.0, 200, 0.0, 20, 0.05, 0.94, 42L);

  @TempDir Path dir;

  /** One processor on bars → forecasts, with the production stores. */
  private static final class Rig implements AutoCloseable {
    final TopologyTestDriver driver;
    final TestInputTopic<String, Bar> in;
    final TestOutputTopic<String, Forecast> out;
    final TickcastMetrics metrics = new TickcastMetrics(50);
    final io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    /** The processors the driver created (one task: one in use, others only built). */
    final List<ForecastProcessor> processors = new ArrayList<>();

    Rig(Path stateDir, ForecasterConfig cfg, int maxCached, Consumer<Bar> afterOnBar) {
      metrics.bindTo(registry);
      StreamsBuilder b = new StreamsBuilder();
      b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
          ForecastTopology.SEQUENCE_STORE), Serdes.String(), Serdes.ByteArray()));
      b.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(
          ForecastTopology.MODEL_STORE), Serdes.String(), Serdes.ByteArray()));
      b.stream("bars", Consumed.with(Serdes.String(), AppSerdes.bar()))
          .processValues(() -> {
            ForecastProcessor p = new ForecastProcessor(cfg, metrics, () -> 0L, List.of(), maxCached,
                afterOnBar);
            processors.add(p);
            return p;
          }, ForecastTopology.SEQUENCE_STORE, ForecastTopology.MODEL_STORE)
          .to("forecasts", Produced.with(Serdes.String(), AppSerdes.forecast()));
      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, "processor-test");
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
      p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG,
          LogAndContinueProcessingExceptionHandler.class.getName());
      driver = new TopologyTestDriver(b.build(), p);
      in = driver.createInputTopic("bars", Serdes.String().serializer(),
          AppSerdes.bar().serializer());
      out = driver.createOutputTopic("forecasts", Serdes.String().deserializer(),
          AppSerdes.forecast().deserializer());
    }

    /** Forecasters the processors built from the stores. */
    long restores() {
      return processors.stream().mapToLong(ForecastProcessor::restores).sum();
    }

    List<Forecast> run(List<Bar> bars) {
      bars.forEach(bar -> in.pipeInput(bar.symbol(), bar, bar.endMs()));
      return out.readValuesToList();
    }

    KeyValueStore<String, byte[]> store(String name) {
      return driver.getKeyValueStore(name);
    }

    @Override
    public void close() {
      driver.close();
    }
  }

  private static List<Bar> bars(String symbol, int n, long seed) {
    List<Bar> out = new ArrayList<>();
    Random rnd = new Random(seed);
    double close = 100;
    for (int i = 0; i < n; i++) {
      double open = close;
      close = open * Math.exp(0.002 * rnd.nextGaussian());
      double hi = Math.max(open, close) * 1.0005;
      double lo = Math.min(open, close) * 0.9995;
      out.add(new Bar(symbol, i * 60_000L, (i + 1) * 60_000L, open, hi, lo, close, 3,
          (hi + lo) / 2, 5));
    }
    return out;
  }

  /** Bars of several symbols interleaved in event-time order. */
  private static List<Bar> interleaved(int symbols, int n) {
    List<Bar> all = new ArrayList<>();
    for (int s = 0; s < symbols; s++) {
      all.addAll(bars("S" + s, n, 100 + s));
    }
    all.sort(java.util.Comparator.comparingLong(Bar::endMs).thenComparing(Bar::symbol));
    return all;
  }

  @Test
  void shouldReloadFromTheStoresAfterAnExceptionMidBar() {
    // Given 80 bars, of which bar 50 fails after the forecaster processed it in memory and
    // before the stores were written
    List<Bar> bars = bars("EXC", 80, 1);
    Bar poisoned = bars.get(50);
    List<Forecast> withException;
    try (Rig rig = new Rig(dir.resolve("a"), CFG, 10, bar -> {
      if (bar.equals(poisoned)) {
        throw new IllegalStateException("injected");
      }
    })) {
      withException = rig.run(bars);
    }
    // and a run where bar 50 was dead-lettered before the forecaster saw it
    List<Bar> without = new ArrayList<>(bars);
    without.remove(50);
    List<Forecast> deadLettered;
    try (Rig rig = new Rig(dir.resolve("b"), CFG, 10, bar -> { })) {
      deadLettered = rig.run(without);
    }

    // Then bar 51 onwards is forecast from the stored state: exactly as if bar 50 never came
    assertThat(withException).hasSameSizeAs(deadLettered).hasSizeGreaterThan(60);
    assertThat(withException).containsExactlyElementsOf(deadLettered);
    assertThat(withException).noneMatch(f -> f.barEndMs() == poisoned.endMs());
  }

  @Test
  void shouldForecastIdenticallyWithABoundedCache() {
    // Given 5 symbols interleaved, run with an unbounded cache and with caches of 2 and 5
    List<Bar> bars = interleaved(5, 60);
    List<Forecast> unlimited;
    try (Rig rig = new Rig(dir.resolve("u"), CFG, 1000, bar -> { })) {
      unlimited = rig.run(bars);
    }
    for (int max : new int[] {2, 5}) {
      try (Rig rig = new Rig(dir.resolve("c" + max), CFG, max, bar -> { })) {
        // Then the forecasts are identical: evicted symbols reload from the stores
        assertThat(rig.run(bars)).as("cache of %d", max).hasSizeGreaterThan(200)
            .containsExactlyElementsOf(unlimited);
      }
    }
  }

  @Test
  void shouldKeepMostOfACyclicUniverseCachedWhenItExceedsTheBound() {
    // Given 10 symbols whose bars come in the same order every period (as the bar builder emits
    // them), for 30 periods, and room for 8 forecasters
    List<Bar> bars = interleaved(10, 30);
    try (Rig rig = new Rig(dir.resolve("cyc"), CFG, 8, bar -> { })) {
      rig.run(bars);

      // Then after the first period (10 new symbols) at most 3 of 10 reload per period, where
      // evicting the least recently used would reload all 10 every period (300 in all)
      assertThat(rig.restores()).isBetween(10L, 10L + 29 * 3);
    }
  }

  @Test
  void shouldEvictSymbolsThatWentQuietFirst() {
    // Given 10 symbols for 20 periods, after which 5 of them go quiet and 5 new ones start, with
    // room for 8 forecasters
    List<Bar> bars = new ArrayList<>();
    for (int s = 0; s < 15; s++) {
      for (Bar b : bars("Q" + s, 40, 200 + s)) {
        boolean live = s < 5 ? b.endMs() <= 20 * 60_000L
            : s < 10 || b.endMs() > 20 * 60_000L;
        if (live) {
          bars.add(b);
        }
      }
    }
    bars.sort(java.util.Comparator.comparingLong(Bar::endMs).thenComparing(Bar::symbol));
    List<Bar> first = bars.stream().filter(b -> b.endMs() <= 30 * 60_000L).toList();
    List<Bar> last = bars.stream().filter(b -> b.endMs() > 30 * 60_000L).toList();
    try (Rig rig = new Rig(dir.resolve("quiet"), CFG, 8, bar -> { })) {
      rig.run(first);
      long before = rig.restores();
      rig.run(last);

      // Then in the last 10 periods the quiet symbols hold no slots: at most 3 of the 10 live
      // symbols reload per period
      assertThat(last).hasSize(100);
      assertThat(rig.restores() - before).isLessThanOrEqualTo(10 * 3);
    }
  }

  @Test
  void shouldKeepTheTrainedModelWhenTheBatchSizeChanges() {
    // Given a symbol trained for 100 bars with B = 4, whose stores are carried over
    List<Bar> bars = bars("BSZ", 140, 7);
    List<KeyValue<String, byte[]>> sequences = new ArrayList<>();
    List<KeyValue<String, byte[]>> models = new ArrayList<>();
    long versionBefore;
    try (Rig rig = new Rig(dir.resolve("b4"), CFG, 10, bar -> { })) {
      List<Forecast> first = rig.run(bars.subList(0, 100));
      versionBefore = first.get(first.size() - 1).modelVersion();
      copy(rig.store(ForecastTopology.SEQUENCE_STORE), sequences);
      copy(rig.store(ForecastTopology.MODEL_STORE), models);
    }
    assertThat(versionBefore).isGreaterThan(10);

    // When the application restarts with B = 8 (another ring capacity)
    try (Rig rig = new Rig(dir.resolve("b8"), CFG.withBatchSize(8), 10, bar -> { })) {
      sequences.forEach(kv -> rig.store(ForecastTopology.SEQUENCE_STORE).put(kv.key, kv.value));
      models.forEach(kv -> rig.store(ForecastTopology.MODEL_STORE).put(kv.key, kv.value));
      List<Forecast> next = rig.run(bars.subList(100, 140));

      // Then the first forecast continues the trained model, nothing was reset, training goes on
      assertThat(next).hasSize(40);
      assertThat(next.get(0).modelVersion()).isEqualTo(versionBefore);
      assertThat(next.get(next.size() - 1).modelVersion()).isGreaterThan(versionBefore);
      assertThat(next.get(0).trainedExamples()).isEqualTo(versionBefore * 4);
    }
  }

  @Test
  void shouldStopExportingASymbolsMetersWhenItsTaskCloses() {
    // Given two symbols forecast by one task, with their gauges exported
    Rig rig = new Rig(dir.resolve("g"), CFG, 10, bar -> { });
    rig.run(interleaved(2, 40));
    assertThat(rig.registry.find("tickcast.model.version").tag("symbol", "S0").gauge()).isNotNull();
    assertThat(rig.registry.find("tickcast.eval.skill").tag("symbol", "S1").gauge()).isNotNull();
    assertThat(rig.registry.get("tickcast.bars.consumed").tag("symbol", "S0").counter().count())
        .isPositive();

    // When the task is closed (as on revocation or migration to another instance)
    rig.close();

    // Then no meter of either symbol is exported any more, counters included: the instance no
    // longer owns them, and their slots among metrics.max.symbols are free for the ones it takes
    assertThat(rig.registry.find("tickcast.model.version").gauges()).isEmpty();
    assertThat(rig.registry.getMeters()).noneMatch(m -> m.getId().getTag("symbol") != null);
  }

  private static void copy(KeyValueStore<String, byte[]> store,
      List<KeyValue<String, byte[]>> into) {
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(into::add);
    }
  }

}
