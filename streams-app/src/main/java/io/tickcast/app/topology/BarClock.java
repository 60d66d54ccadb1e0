package io.tickcast.app.topology;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The per-task clock of {@link BarBuilderProcessor}, stored under the empty key of its store.
 * Times are event time in epoch ms, except {@code lagMs}, a wall-clock difference.
 *
 * @param streamTime largest event time of an accepted tick, raised to the wall clock by a
 *     wall-clock close; {@link Long#MIN_VALUE} before the first tick
 * @param nextCloseAt smallest {@code end + grace} of an open bar ({@link Long#MAX_VALUE}: none)
 * @param lagMs wall time minus event time of the tick that last advanced stream time: how far the
 *     feed was behind the wall clock ({@link Long#MAX_VALUE}: unknown, treated as a replay)
 */
record BarClock(long streamTime, long nextCloseAt, long lagMs) {

  static final BarClock INITIAL = new BarClock(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
  private static final byte V1 = 1;
  private static final int BYTES = 1 + 3 * Long.BYTES;

  boolean hasStreamTime() {
    return streamTime != Long.MIN_VALUE;
  }

  /** After folding a tick of event time {@code ts} into a bar that closes at {@code closeAt}. */
  BarClock accepted(long ts, long closeAt, long wallNowMs) {
    boolean advances = ts > streamTime;
    return new BarClock(advances ? ts : streamTime, Math.min(nextCloseAt, closeAt),
        advances ? wallNowMs - ts : lagMs);
  }

  /** Stream time raised to the wall clock by a wall-clock close (never lowered). */
  BarClock advancedByWallClock(long wallNowMs) {
    return new BarClock(Math.max(streamTime, wallNowMs), nextCloseAt, lagMs);
  }

  BarClock withNextCloseAt(long next) {
    return new BarClock(streamTime, next, lagMs);
  }

  byte[] toBytes() {
    return ByteBuffer.allocate(BYTES).put(V1).putLong(streamTime).putLong(nextCloseAt)
        .putLong(lagMs).array();
  }

  static BarClock fromBytes(byte[] bytes) {
    if (bytes.length != BYTES || bytes[0] != V1) {
      throw new SerializationException("bar clock: corrupt value of " + bytes.length + " bytes");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes, 1, BYTES - 1);
    return new BarClock(b.getLong(), b.getLong(), b.getLong());
  }
}
