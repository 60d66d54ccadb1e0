package io.tickcast.app.topology;

import io.tickcast.model.bars.BarAccumulator;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The open (not yet final) bars of one symbol, each with the dedup fingerprints of the ticks folded
 * into it: the whole per-symbol state of {@link BarBuilderProcessor}, stored as one value.
 *
 * <p>Bars are kept in start order; with {@code grace < bar size} at most two are open at a time.
 * Fingerprints are 64-bit hashes ({@link Fingerprints}); a bar's list is dropped with the bar,
 * so the dedup horizon is the bar a tick falls in (a re-sent trade keeps its event time).
 *
 * <p>Closed bars stay at the head until {@link BarBuilderProcessor} has emitted them (flag
 * {@link #CLOSED}; their fingerprints are dropped at close).
 *
 * <p>Binary format, version 1: {@code [1][n:int]} then per bar {@code [flags][start:long][count:long]
 * [openTs:long][closeTs:long][open][close][high][low][volume][notional] (doubles)
 * [fingerprints:int][fp:long]*}. Not thread-safe; owned by one processor.
 */
final class OpenBars {

  static final byte V1 = 1;
  /** Slot flag: the bar is final (closed), waiting to be emitted. */
  static final byte CLOSED = 1;
  /** Slot flag: it was closed by the wall clock. */
  static final byte WALL_CLOCK = 2;
  private static final int BAR_BYTES = 1 + 4 * Long.BYTES + 6 * Double.BYTES + Integer.BYTES;

  /** One open bar. */
  static final class Slot {
    final long startMs;
    final BarAccumulator acc;
    byte flags;
    long[] fps;
    int fpCount;

    Slot(long startMs, byte flags, BarAccumulator acc, long[] fps, int fpCount) {
      this.startMs = startMs;
      this.flags = flags;
      this.acc = acc;
      this.fps = fps;
      this.fpCount = fpCount;
    }

    boolean closed() {
      return (flags & CLOSED) != 0;
    }

    /** Marks the bar final; its fingerprints are no longer needed. */
    void close(boolean byWallClock) {
      flags = (byte) (CLOSED | (byWallClock ? WALL_CLOCK : 0));
      fps = new long[0];
      fpCount = 0;
    }

    /** True if {@code fp} was already added to this bar. */
    boolean seen(long fp) {
      for (int i = 0; i < fpCount; i++) {
        if (fps[i] == fp) {
          return true;
        }
      }
      return false;
    }

    void remember(long fp) {
      if (fpCount == fps.length) {
        fps = Arrays.copyOf(fps, Math.max(8, fpCount * 2));
      }
      fps[fpCount++] = fp;
    }
  }

  private final List<Slot> slots;

  private OpenBars(List<Slot> slots) {
    this.slots = slots;
  }

  static OpenBars empty() {
    return new OpenBars(new ArrayList<>(2));
  }

  boolean isEmpty() {
    return slots.isEmpty();
  }

  /** The open bars, in start order (live view). */
  List<Slot> slots() {
    return slots;
  }

  /** The bar starting at {@code startMs}, opened if needed. */
  Slot slot(long startMs) {
    int i = 0;
    while (i < slots.size() && slots.get(i).startMs < startMs) {
      i++;
    }
    if (i < slots.size() && slots.get(i).startMs == startMs) {
      return slots.get(i);
    }
    Slot s = new Slot(startMs, (byte) 0, new BarAccumulator(), new long[0], 0);
    slots.add(i, s);
    return s;
  }

  /** Earliest start of a bar not yet closed, or {@link Long#MAX_VALUE} if none. */
  long firstOpenStart() {
    for (Slot s : slots) {
      if (!s.closed()) {
        return s.startMs;
      }
    }
    return Long.MAX_VALUE;
  }

  byte[] toBytes() {
    int size = 1 + Integer.BYTES;
    for (Slot s : slots) {
      size += BAR_BYTES + s.fpCount * Long.BYTES;
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(V1).putInt(slots.size());
    for (Slot s : slots) {
      BarAccumulator a = s.acc;
      b.put(s.flags).putLong(s.startMs).putLong(a.count()).putLong(a.openTs()).putLong(a.closeTs())
          .putDouble(a.open()).putDouble(a.close()).putDouble(a.high()).putDouble(a.low())
          .putDouble(a.volume()).putDouble(a.notional()).putInt(s.fpCount);
      for (int i = 0; i < s.fpCount; i++) {
        b.putLong(s.fps[i]);
      }
    }
    return b.array();
  }

  /** @throws SerializationException on bytes of another version or a truncated value */
  static OpenBars fromBytes(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte version = b.get();
      if (version != V1) {
        throw new SerializationException("open bars: unknown format version " + version);
      }
      int n = b.getInt();
      List<Slot> slots = new ArrayList<>(Math.max(2, n));
      for (int k = 0; k < n; k++) {
        byte flags = b.get();
        long start = b.getLong();
        BarAccumulator acc = BarAccumulator.of(b.getLong(), b.getLong(), b.getLong(), b.getDouble(),
            b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
        int fpCount = b.getInt();
        long[] fps = new long[fpCount];
        for (int i = 0; i < fpCount; i++) {
          fps[i] = b.getLong();
        }
        slots.add(new Slot(start, flags, acc, fps, fpCount));
      }
      return new OpenBars(slots);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new SerializationException("open bars: corrupt value of " + bytes.length + " bytes", e);
    }
  }
}
