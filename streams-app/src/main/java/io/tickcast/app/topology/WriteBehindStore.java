package io.tickcast.app.topology;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that lets its one writer keep changes in memory between commits and write them
 * right before each commit. Kafka Streams flushes every store's cache in the task's
 * {@code prepareCommit}, before the changelog records are produced and the offsets (and, under
 * exactly-once, the transaction) are committed; this store runs the writer's {@link Writer#flush}
 * first, so what a commit covers is always in the changelog: a restore after a crash gives the
 * state of the last commit, exactly as with a write on every update.
 *
 * <p>Why: {@link BarBuilderProcessor} updates its symbol's open bar on every tick; encoding the
 * value and going through the metered and caching layers per tick was 17 % of the stream thread
 * (JFR, S=1,000). Written behind, a symbol costs one encode and one put per commit interval.
 *
 * <p>When a task's state is thrown away (a dirty close under exactly-once, a corrupted task)
 * Kafka Streams closes the store, restores it from the changelog and runs the processor's
 * {@code init} again, which builds a fresh memo from the store; anything flushed on the way
 * out went into the aborted transaction. {@link #clearCache} (Kafka Streams 4.3 calls it only
 * when an active task is recycled into a standby) calls {@link Writer#discard} so that a
 * recycled task never keeps the memo either.
 *
 * <p>Uses Kafka Streams' internal {@link WrappedStateStore} (the only way to be called in
 * {@code prepareCommit}); {@code WriteBehindStoreTest} pins the hook on the version in use.
 * Not thread-safe: one task, one stream thread.
 */
final class WriteBehindStore extends WrappedStateStore<KeyValueStore<String, byte[]>, String, byte[]>
    implements KeyValueStore<String, byte[]> {

  /** The one processor that keeps changes for this store in memory. */
  interface Writer {
    /** Writes every pending change to {@code store}; called before each commit. */
    void flush(KeyValueStore<String, byte[]> store);

    /** Forgets the pending changes: the task's state is being thrown away. */
    void discard();
  }

  private Writer writer;

  WriteBehindStore(KeyValueStore<String, byte[]> inner) {
    super(inner);
  }

  /** The write-behind store under {@code store} (as given by the processor context), or null. */
  static WriteBehindStore find(StateStore store) {
    StateStore s = store;
    while (s instanceof WrappedStateStore<?, ?, ?> w) {
      if (w instanceof WriteBehindStore found) {
        return found;
      }
      s = w.wrapped();
    }
    return null;
  }

  /** Registers the writer (replacing the previous one, from an earlier init); null removes it. */
  void writer(Writer w) {
    this.writer = w;
  }

  /** Flushes the writer's pending changes into the store, then the store's cache. */
  @Override
  public void flushCache() {
    if (writer != null) {
      writer.flush(wrapped());
    }
    super.flushCache();
  }

  @Override
  public void clearCache() {
    if (writer != null) {
      writer.discard();
    }
    super.clearCache();
  }

  @Override
  public void close() {
    writer = null;
    super.close();
  }

  @Override
  public void put(String key, byte[] value) {
    wrapped().put(key, value);
  }

  @Override
  public byte[] putIfAbsent(String key, byte[] value) {
    return wrapped().putIfAbsent(key, value);
  }

  @Override
  public void putAll(List<KeyValue<String, byte[]>> entries) {
    wrapped().putAll(entries);
  }

  @Override
  public byte[] delete(String key) {
    return wrapped().delete(key);
  }

  @Override
  public byte[] get(String key) {
    return wrapped().get(key);
  }

  @Override
  public KeyValueIterator<String, byte[]> range(String from, String to) {
    return wrapped().range(from, to);
  }

  @Override
  public KeyValueIterator<String, byte[]> reverseRange(String from, String to) {
    return wrapped().reverseRange(from, to);
  }

  @Override
  public KeyValueIterator<String, byte[]> all() {
    return wrapped().all();
  }

  @Override
  public KeyValueIterator<String, byte[]> reverseAll() {
    return wrapped().reverseAll();
  }

  @Override
  public <S extends Serializer<P>, P> KeyValueIterator<String, byte[]> prefixScan(P prefix,
      S prefixKeySerializer) {
    return wrapped().prefixScan(prefix, prefixKeySerializer);
  }

  @Override
  public long approximateNumEntries() {
    return wrapped().approximateNumEntries();
  }

  /** Builds a {@link WriteBehindStore} around what {@code inner} builds. */
  static StoreBuilder<KeyValueStore<String, byte[]>> builder(
      StoreBuilder<KeyValueStore<String, byte[]>> inner) {
    return new StoreBuilder<>() {
      @Override
      public StoreBuilder<KeyValueStore<String, byte[]>> withCachingEnabled() {
        inner.withCachingEnabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, byte[]>> withCachingDisabled() {
        inner.withCachingDisabled();
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingEnabled(Map<String, String> config) {
        inner.withLoggingEnabled(config);
        return this;
      }

      @Override
      public StoreBuilder<KeyValueStore<String, byte[]>> withLoggingDisabled() {
        inner.withLoggingDisabled();
        return this;
      }

      @Override
      public KeyValueStore<String, byte[]> build() {
        return new WriteBehindStore(inner.build());
      }

      @Override
      public Map<String, String> logConfig() {
        return inner.logConfig();
      }

      @Override
      public boolean loggingEnabled() {
        return inner.loggingEnabled();
      }

      @Override
      public String name() {
        return inner.name();
      }
    };
  }
}
