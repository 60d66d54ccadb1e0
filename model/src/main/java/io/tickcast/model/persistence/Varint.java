package io.tickcast.model.persistence;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Variable-length integers of the project's compact records (unsigned LEB128: 7 bits a byte,
 * low first, the high bit set on every byte but the last; at most {@value #MAX_BYTES} bytes) and
 * the zig-zag map that gives small signed values short encodings. Used by the expert panel's
 * counters ({@code pipeline.ExpertPanel}) and the open-bar store ({@code app.topology.OpenBars}).
 * Stateless and thread-safe.
 */
public final class Varint {

  /** The longest encoding of a long. */
  public static final int MAX_BYTES = 10;

  private Varint() {}

  /** Zig-zag: 0, −1, 1, −2, … → 0, 1, 2, 3, … */
  public static long zigZag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  /** The inverse of {@link #zigZag}. */
  public static long unZigZag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Bytes of {@code v}'s encoding (as unsigned). */
  public static int bytes(long v) {
    return v == 0 ? 1 : (Long.SIZE - Long.numberOfLeadingZeros(v) + 6) / 7;
  }

  /** Writes {@code v} at {@code pos} of {@code a} (room for {@link #MAX_BYTES}); the next position. */
  public static int put(byte[] a, int pos, long v) {
    while ((v & ~0x7FL) != 0) {
      a[pos++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    a[pos++] = (byte) v;
    return pos;
  }

  /** Writes {@code v} to {@code b}. */
  public static void put(ByteBuffer b, long v) {
    while ((v & ~0x7FL) != 0) {
      b.put((byte) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    b.put((byte) v);
  }

  /**
   * Reads one value from {@code b}.
   *
   * @throws IllegalArgumentException if it runs past {@link #MAX_BYTES}
   * @throws java.nio.BufferUnderflowException if {@code b} ends first
   */
  public static long get(ByteBuffer b) {
    long v = 0;
    for (int shift = 0; shift < Long.SIZE; shift += 7) {
      byte x = b.get();
      v |= (long) (x & 0x7F) << shift;
      if (x >= 0) {
        return v;
      }
    }
    throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
  }

  /** Writes {@code v} to {@code out}. */
  public static void write(DataOutput out, long v) throws IOException {
    while ((v & ~0x7FL) != 0) {
      out.writeByte((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.writeByte((int) v);
  }

  /** Reads one value from {@code in}; an encoding past {@link #MAX_BYTES} is refused. */
  public static long read(DataInput in) throws IOException {
    long v = 0;
    for (int shift = 0; shift < Long.SIZE; shift += 7) {
      int x = in.readUnsignedByte();
      v |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
    }
    throw new IOException("varint longer than " + MAX_BYTES + " bytes");
  }
}
