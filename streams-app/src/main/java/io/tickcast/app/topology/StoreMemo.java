package io.tickcast.app.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The decoded content of {@link BarBuilderProcessor}'s store: every symbol's {@link OpenBars} and
 * the task's {@link BarClock}, loaded whole by {@link #load} (the store holds a few hundred bytes
 * per symbol), so a tick costs no store read and no decoding.
 *
 * <p>Changes reach the store in one of two ways. <b>Write-behind</b> (the production topology,
 * whose store is a {@link WriteBehindStore}): a change only marks the value dirty, and {@link
 * #flush} encodes and writes each dirty value once, right before the task commits, so every
 * commit's changelog holds everything the commit covers and a restore gives the same bars. Until
 * then the store lags this memo by design. When Kafka Streams throws the task's state away it
 * restores the store and the processor's {@code init} builds a new memo; when it recycles the
 * task into a standby, {@link #discard} empties this one and {@link #loaded} turns false, so
 * nothing stale survives either way.
 * <b>Write-through</b> (a store without the hook): every change is written at once.
 *
 * <p>Every change to an object returned by {@link #bars} must be followed by {@link #putBars}
 * before anything that can throw (the memo is what the next commit writes).
 * Not thread-safe; one per processor, called by the task's stream thread.
 */
final class StoreMemo implements WriteBehindStore.Writer {

  /** The clock's key: never a symbol (symbols are not blank). */
  static final String CLOCK_KEY = "";

  private final boolean writeBehind;
  private final Map<String, OpenBars> bars = new HashMap<>();
  /** Symbols changed since the last flush (may repeat; flush writes each once). */
  private final List<String> dirtyKeys = new ArrayList<>();
  private BarClock clock = BarClock.INITIAL;
  private boolean clockDirty;
  private boolean loaded;
  private KeyValueStore<String, byte[]> store;

  StoreMemo(boolean writeBehind) {
    this.writeBehind = writeBehind;
  }

  boolean writeBehind() {
    return writeBehind;
  }

  /** Replaces the memo by the content of {@code s}; returns false if the store had no clock. */
  boolean load(KeyValueStore<String, byte[]> s) {
    store = s;
    bars.clear();
    dirtyKeys.clear();
    clockDirty = false;
    clock = BarClock.INITIAL;
    boolean hadClock = false;
    try (KeyValueIterator<String, byte[]> it = s.all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        if (kv.value == null) {
          continue;
        }
        if (kv.key.equals(CLOCK_KEY)) {
          clock = BarClock.fromBytes(kv.value);
          hadClock = true;
        } else {
          OpenBars b = OpenBars.fromBytes(kv.value);
          if (!b.isEmpty()) {
            bars.put(kv.key, b);
          }
        }
      }
    }
    loaded = true;
    return hadClock;
  }

  /** False before {@link #load} and after {@link #discard}: the memo must be reloaded. */
  boolean loaded() {
    return loaded;
  }

  BarClock clock() {
    return clock;
  }

  void putClock(BarClock c) {
    clock = c;
    if (writeBehind) {
      clockDirty = true;
    } else {
      store.put(CLOCK_KEY, c.toBytes());
    }
  }

  /** The symbol's open bars (mutable; every change must be recorded with putBars). */
  OpenBars bars(String symbol) {
    OpenBars known = bars.get(symbol);
    return known != null ? known : OpenBars.empty();
  }

  /** Every symbol with open or unemitted bars (live view; do not add or remove while iterating). */
  Map<String, OpenBars> all() {
    return bars;
  }

  void putBars(String symbol, OpenBars value) {
    bars.put(symbol, value);
    if (!writeBehind) {
      store.put(symbol, value.toBytes());
    } else if (!value.dirty) {
      value.dirty = true;
      dirtyKeys.add(symbol);
    }
  }

  void delete(String symbol) {
    OpenBars removed = bars.remove(symbol);
    if (removed != null) {
      removed.dirty = false;
    }
    if (writeBehind) {
      dirtyKeys.add(symbol);
    } else {
      store.delete(symbol);
    }
  }

  @Override
  public void flush(KeyValueStore<String, byte[]> target) {
    for (String symbol : dirtyKeys) {
      OpenBars b = bars.get(symbol);
      if (b == null) {
        target.delete(symbol);
      } else if (b.dirty) {
        target.put(symbol, b.toBytes());
        b.dirty = false;
      }
    }
    dirtyKeys.clear();
    if (clockDirty) {
      target.put(CLOCK_KEY, clock.toBytes());
      clockDirty = false;
    }
  }

  @Override
  public void discard() {
    bars.clear();
    dirtyKeys.clear();
    clock = BarClock.INITIAL;
    clockDirty = false;
    loaded = false;
  }
}
