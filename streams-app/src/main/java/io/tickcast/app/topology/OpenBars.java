package io.tickcast.app.topology;

import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.persistence.Varint;
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
 * <p>A bar's fingerprints are kept sorted (binary search for the duplicate check). Every cached
 * write of the symbol carries them all, so their size drives the changelog bytes per bar; sorted,
 * the fingerprints of numeric trade ids ({@link Fingerprints}) differ by small amounts and are
 * written as varint deltas, about 2 bytes each instead of 8.
 *
 * <p>Binary format, version 2: {@code [2][n:int]} then per bar {@code [flags][start:long]
 * [count:varint][openTs - start:zigzag varint][closeTs - start:zigzag varint]
 * [open][close][high][low][volume][notional] (doubles)[fingerprints:varint]} and, if there are
 * any, {@code [encoding:byte]} followed by either
 * ({@code 0}) {@code [fp:long]*} or ({@code 1}) {@code [first fp:long]} and unsigned LEB128
 * varints of the differences to the previous fingerprint (64-bit wrap-around), whichever is
 * shorter (varints: unsigned LEB128). Version 1 still decodes: {@code [1][n:int]} then per bar
 * {@code [flags][start:long][count:long][openTs:long][closeTs:long]} the six doubles
 * {@code [fingerprints:int][fp:long]*} (unsorted).
 * Not thread-safe; owned by one processor.
 */
final class OpenBars {

  static final byte V1 = 1;
  static final byte V2 = 2;
  private static final byte FIXED = 0;
  private static final byte DELTAS = 1;
  /** Slot flag: the bar is final (closed), waiting to be emitted. */
  static final byte CLOSED = 1;
  /** Slot flag: it was closed by the wall clock. */
  static final byte WALL_CLOCK = 2;

  /** One open bar. */
  static final class Slot {
    final long startMs;
    final BarAccumulator acc;
    byte flags;
    long[] fps;
    int fpCount;
    /**
     * The varints of {@code fps[i] - fps[i-1]} for {@code i in [1, fpCount)}, in order (the
     * {@link #DELTAS} body after the first fingerprint), or null when not known. Every accepted
     * tick re-encodes its symbol's value; numeric trade ids arrive ascending, so their
     * fingerprints are appended and this grows by one varint per tick instead of being
     * re-encoded whole (which made the value's encoding quadratic in the ticks of a bar).
     */
    private byte[] deltaCache;
    private int deltaLen;

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
      deltaCache = null;
    }

    /** True if {@code fp} was already added to this bar. */
    boolean seen(long fp) {
      // Ascending trade ids (the common case) are above the last one: no search.
      return fpCount > 0 && fp <= fps[fpCount - 1]
          && Arrays.binarySearch(fps, 0, fpCount, fp) >= 0;
    }

    /** Adds {@code fp} (not {@link #seen} yet), keeping the fingerprints sorted. */
    void remember(long fp) {
      if (fpCount == fps.length) {
        fps = Arrays.copyOf(fps, Math.max(8, fpCount * 2));
      }
      int at = fpCount == 0 || fp > fps[fpCount - 1] ? fpCount
          : Arrays.binarySearch(fps, 0, fpCount, fp);
      at = at >= 0 ? at : -at - 1;
      System.arraycopy(fps, at, fps, at + 1, fpCount - at);
      fps[at] = fp;
      fpCount++;
      if (at == fpCount - 1 && at > 0 && deltaCache != null) {
        appendDelta(fp - fps[at - 1]);
      } else {
        deltaCache = null;
      }
    }

    /** Bytes of the fingerprints as varint deltas (after the first), or -1 if longs are shorter. */
    int deltaBytes() {
      if (fpCount < 2) {
        return -1;
      }
      if (deltaCache == null) {
        deltaCache = new byte[Math.max(16, 2 * fpCount)];
        deltaLen = 0;
        for (int i = 1; i < fpCount; i++) {
          appendDelta(fps[i] - fps[i - 1]);
        }
      }
      int n = Long.BYTES + deltaLen;
      return n < fpCount * Long.BYTES ? n : -1;
    }

    /** Writes the {@link #DELTAS} body after the first fingerprint; {@link #deltaBytes} first. */
    void putDeltas(ByteBuffer b) {
      b.put(deltaCache, 0, deltaLen);
    }

    private void appendDelta(long v) {
      if (deltaLen + Varint.MAX_BYTES > deltaCache.length) {
        deltaCache = Arrays.copyOf(deltaCache, 2 * deltaCache.length + Varint.MAX_BYTES);
      }
      deltaLen = Varint.put(deltaCache, deltaLen, v);
    }
  }

  private final List<Slot> slots;
  /** Changed since {@link StoreMemo} last wrote it to the store (write-behind only). */
  boolean dirty;

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
    int[] deltas = new int[slots.size()];
    for (int k = 0; k < slots.size(); k++) {
      Slot s = slots.get(k);
      deltas[k] = s.deltaBytes();
      BarAccumulator a = s.acc;
      size += 1 + Long.BYTES + Varint.bytes(a.count())
          + Varint.bytes(Varint.zigZag(a.openTs() - s.startMs))
          + Varint.bytes(Varint.zigZag(a.closeTs() - s.startMs)) + 6 * Double.BYTES
          + Varint.bytes(s.fpCount)
          + (s.fpCount == 0 ? 0 : 1 + (deltas[k] >= 0 ? deltas[k] : s.fpCount * Long.BYTES));
    }
    ByteBuffer b = ByteBuffer.allocate(size).put(V2).putInt(slots.size());
    for (int k = 0; k < slots.size(); k++) {
      Slot s = slots.get(k);
      BarAccumulator a = s.acc;
      b.put(s.flags).putLong(s.startMs);
      Varint.put(b, a.count());
      Varint.put(b, Varint.zigZag(a.openTs() - s.startMs));
      Varint.put(b, Varint.zigZag(a.closeTs() - s.startMs));
      b.putDouble(a.open()).putDouble(a.close()).putDouble(a.high()).putDouble(a.low())
          .putDouble(a.volume()).putDouble(a.notional());
      Varint.put(b, s.fpCount);
      if (s.fpCount == 0) {
        continue;
      }
      if (deltas[k] >= 0) {
        b.put(DELTAS).putLong(s.fps[0]);
        s.putDeltas(b);
      } else {
        b.put(FIXED);
        for (int i = 0; i < s.fpCount; i++) {
          b.putLong(s.fps[i]);
        }
      }
    }
    return b.array();
  }

  /** @throws SerializationException on bytes of another version or a truncated value */
  static OpenBars fromBytes(byte[] bytes) {
    try {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      byte version = b.get();
      if (version != V1 && version != V2) {
        throw new SerializationException("open bars: unknown format version " + version);
      }
      int n = b.getInt();
      List<Slot> slots = new ArrayList<>(Math.max(2, n));
      for (int k = 0; k < n; k++) {
        byte flags = b.get();
        long start = b.getLong();
        BarAccumulator acc = version == V1
            ? BarAccumulator.of(b.getLong(), b.getLong(), b.getLong(), b.getDouble(),
                b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble())
            : BarAccumulator.of(Varint.get(b), start + Varint.unZigZag(Varint.get(b)),
                start + Varint.unZigZag(Varint.get(b)), b.getDouble(), b.getDouble(),
                b.getDouble(), b.getDouble(), b.getDouble(), b.getDouble());
        long fpLong = version == V1 ? b.getInt() : Varint.get(b);
        if (fpLong < 0 || fpLong > b.remaining()) {
          throw new SerializationException("open bars: corrupt value of " + bytes.length + " bytes");
        }
        int fpCount = (int) fpLong;
        long[] fps = new long[fpCount];
        byte encoding = version == V1 || fpCount == 0 ? FIXED : b.get();
        if (encoding == DELTAS) {
          fps[0] = b.getLong();
          for (int i = 1; i < fpCount; i++) {
            fps[i] = fps[i - 1] + Varint.get(b);
          }
        } else if (encoding == FIXED) {
          for (int i = 0; i < fpCount; i++) {
            fps[i] = b.getLong();
          }
          if (version == V1) {
            Arrays.sort(fps);
          }
        } else {
          throw new SerializationException("open bars: unknown fingerprint encoding " + encoding);
        }
        slots.add(new Slot(start, flags, acc, fps, fpCount));
      }
      if (b.hasRemaining()) {
        throw new SerializationException("open bars: " + b.remaining() + " trailing bytes");
      }
      return new OpenBars(slots);
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new SerializationException("open bars: corrupt value of " + bytes.length + " bytes", e);
    }
  }
}
