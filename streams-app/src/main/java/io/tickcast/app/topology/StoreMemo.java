package io.tickcast.app.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decoded copies of the values {@link BarBuilderProcessor} wrote to or read from its store, so a
 * tick costs one store write and no read or decoding. Every change is written through to the
 * store, which stays the source of truth for changelog, restore and exactly-once; the copies are
 * only valid between two {@code init} calls of the processor, which clears them. That is enough:
 * Kafka Streams re-initialises a task's processors whenever its state may have changed under them
 * (restore, revival after an aborted transaction or a corrupted task, reassignment).
 * Not thread-safe; one per processor.
 */
final class StoreMemo {

  private final Map<String, OpenBars> bars = new HashMap<>();
  private BarClock clock;

  void clear() {
    bars.clear();
    clock = null;
  }

  BarClock clock(KeyValueStore<String, byte[]> store) {
    if (clock == null) {
      byte[] b = store.get("");
      clock = b == null ? BarClock.INITIAL : BarClock.fromBytes(b);
    }
    return clock;
  }

  void putClock(KeyValueStore<String, byte[]> store, BarClock c) {
    store.put("", c.toBytes());
    clock = c;
  }

  /** The symbol's open bars (mutable; every change must be written back with putBars). */
  OpenBars bars(KeyValueStore<String, byte[]> store, String symbol) {
    OpenBars known = bars.get(symbol);
    if (known != null) {
      return known;
    }
    byte[] b = store.get(symbol);
    return b == null ? OpenBars.empty() : decode(symbol, b);
  }

  /** The decoded value of {@code symbol}, whose stored bytes are {@code b}. */
  OpenBars decode(String symbol, byte[] b) {
    OpenBars known = bars.get(symbol);
    if (known != null) {
      return known;
    }
    OpenBars decoded = OpenBars.fromBytes(b);
    bars.put(symbol, decoded);
    return decoded;
  }

  void putBars(KeyValueStore<String, byte[]> store, String symbol, OpenBars value) {
    store.put(symbol, value.toBytes());
    bars.put(symbol, value);
  }

  void delete(KeyValueStore<String, byte[]> store, String symbol) {
    store.delete(symbol);
    bars.remove(symbol);
  }
}
