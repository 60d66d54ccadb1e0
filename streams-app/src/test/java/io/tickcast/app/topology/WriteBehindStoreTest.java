package io.tickcast.app.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tickcast.app.fixtures.Ticks;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bar builder's write-behind: what a commit covers is in the store (and so in its changelog)
 * when the task commits, and the hook Kafka Streams calls before each commit reaches the writer.
 */
class WriteBehindStoreTest {

  private static final long T0 = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();

  @TempDir Path dir;

  /** Records what the store asked the writer to do. */
  private static final class RecordingWriter implements WriteBehindStore.Writer {
    final List<String> calls = new ArrayList<>();

    @Override
    public void flush(KeyValueStore<String, byte[]> store) {
      calls.add("flush");
      store.put("k", new byte[] {42});
    }

    @Override
    public void discard() {
      calls.add("discard");
    }
  }

  private static WriteBehindStore initialisedStore() {
    WriteBehindStore store = (WriteBehindStore) WriteBehindStore.builder(
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore("wb"), Serdes.String(),
            Serdes.ByteArray()).withCachingDisabled().withLoggingDisabled()).build();
    MockProcessorContext<String, byte[]> ctx = new MockProcessorContext<>();
    store.init(ctx.getStateStoreContext(), store);
    return store;
  }

  @Test
  void shouldWriteThePendingChangesWhenTheCacheIsFlushedAndDiscardThemWhenItIsCleared() {
    // Given a write-behind store with a writer that has one pending change
    WriteBehindStore store = initialisedStore();
    RecordingWriter writer = new RecordingWriter();
    store.writer(writer);
    assertThat(store.get("k")).isNull();

    // When Kafka Streams flushes the store's cache (prepareCommit), then clears it
    store.flushCache();
    byte[] afterFlush = store.get("k");
    store.clearCache();

    // Then the change was written first, and the writer was told to discard on clear
    assertThat(afterFlush).containsExactly(42);
    assertThat(writer.calls).containsExactly("flush", "discard");
    assertThat(WriteBehindStore.find(store)).isSameAs(store);
    store.close();
  }

  @Test
  void shouldHaveEveryAcceptedTickOfTheBarBuilderInItsStoreAtEachCommit() {
    // Given the production topology (the test driver commits after every input record)
    try (TopologyFixture fx = new TopologyFixture(dir, Map.of("bar.size", "60s",
        "bar.grace", "10s"), T0)) {
      TestInputTopic<String, byte[]> ticks = fx.driver.createInputTopic("ticks",
          Serdes.String().serializer(), Serdes.ByteArray().serializer());
      KeyValueStore<String, byte[]> store =
          fx.driver.getKeyValueStore(ForecastTopology.BAR_BUILDER_STORE);
      for (int i = 0; i < 5; i++) {
        // When one more tick of BTC is accepted
        ticks.pipeInput("BTC", Ticks.json("BTC", T0 + 1_000L * i, 100 + i, 1, "t" + i), T0);

        // Then the store holds its bar with every tick so far and the task's stream time
        OpenBars stored = OpenBars.fromBytes(store.get("BTC"));
        assertThat(stored.slots()).hasSize(1);
        assertThat(stored.slots().get(0).acc.count()).isEqualTo(i + 1);
        assertThat(stored.slots().get(0).fpCount).isEqualTo(i + 1);
        assertThat(BarClock.fromBytes(store.get(StoreMemo.CLOCK_KEY)).streamTime())
            .isEqualTo(T0 + 1_000L * i);
      }

      // When stream time passes end + grace, the emitted bar leaves the store
      ticks.pipeInput("ETH", Ticks.json("ETH", T0 + 70_000, 10, 1, "e1"), T0);
      assertThat(store.get("BTC")).isNull();
      assertThat(OpenBars.fromBytes(store.get("ETH")).slots().get(0).acc.count()).isEqualTo(1);
    }
  }
}
