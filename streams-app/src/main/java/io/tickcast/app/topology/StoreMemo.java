package io.tickcast.app.topology;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Decoded copies of the values {@link BarBuilderProcessor} last wrote to its store, so a tick
 * costs no decoding. A copy is used only while the store still returns the very array it was
 * written as (identity, not equality): after a restore or an aborted transaction the store holds
 * other arrays and the value is decoded afresh. The store stays the only source of truth.
 * Not thread-safe; one per processor.
 */
final class StoreMemo {

  private record Entry(byte[] bytes, OpenBars bars) {}

  private final Map<String, Entry> bars = new HashMap<>();
  private byte[] clockBytes;
  private BarClock clock;

  void clear() {
    bars.clear();
    clockBytes = null;
    clock = null;
  }

  BarClock clock(KeyValueStore<String, byte[]> store) {
    byte[] b = store.get("");
    if (b == null) {
      return BarClock.INITIAL;
    }
    if (b != clockBytes) {
      clock = BarClock.fromBytes(b);
      clockBytes = b;
    }
    return clock;
  }

  void putClock(KeyValueStore<String, byte[]> store, BarClock c) {
    byte[] b = c.toBytes();
    store.put("", b);
    clockBytes = b;
    clock = c;
  }

  /** The symbol's open bars (mutable; every change must be written back with putBars). */
  OpenBars bars(KeyValueStore<String, byte[]> store, String symbol) {
    byte[] b = store.get(symbol);
    if (b == null) {
      bars.remove(symbol);
      return OpenBars.empty();
    }
    return decode(symbol, b);
  }

  OpenBars decode(String symbol, byte[] b) {
    Entry e = bars.get(symbol);
    if (e != null && e.bytes == b) {
      return e.bars;
    }
    OpenBars decoded = OpenBars.fromBytes(b);
    bars.put(symbol, new Entry(b, decoded));
    return decoded;
  }

  void putBars(KeyValueStore<String, byte[]> store, String symbol, OpenBars value) {
    byte[] b = value.toBytes();
    store.put(symbol, b);
    bars.put(symbol, new Entry(b, value));
  }

  void delete(KeyValueStore<String, byte[]> store, String symbol) {
    store.delete(symbol);
    bars.remove(symbol);
  }
}
