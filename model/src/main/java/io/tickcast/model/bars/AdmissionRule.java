package io.tickcast.model.bars;

import java.util.function.LongPredicate;

/**
 * The one rule for which ticks may enter a bar, shared by the stream's bar builder and the
 * backtest's {@link TickAdmission}, so the two cannot drift apart. Pure: the caller keeps the
 * stream time and the fingerprints already seen.
 *
 * <ul>
 *   <li>Bars are epoch-aligned tumbling windows {@code [start, start + barMs)} of event time.
 *   <li>A bar is closed once stream time (the largest event time accepted so far, {@link
 *       #NO_STREAM_TIME} before the first tick) reaches {@code start + barMs + graceMs}; a tick
 *       for a closed bar is late.
 *   <li>A tick is a duplicate when its dedup fingerprint was already accepted into its bar;
 *       {@link #NO_KEY} (no fingerprint, e.g. no trade id) is never a duplicate.
 * </ul>
 *
 * <p>All times are event time in epoch ms. Immutable and thread-safe.
 *
 * @param barMs bar size, at least 1 ms
 * @param graceMs how long after its end a bar still accepts ticks (stream time), at least 0
 */
public record AdmissionRule(long barMs, long graceMs) {

  /** The fingerprint of a tick that is never a duplicate. */
  public static final long NO_KEY = 0L;
  /** Stream time before the first accepted tick. */
  public static final long NO_STREAM_TIME = Long.MIN_VALUE;

  public AdmissionRule {
    if (barMs < 1 || graceMs < 0) {
      throw new IllegalArgumentException("need barMs >= 1 and graceMs >= 0, got " + barMs + "/" + graceMs);
    }
  }

  /** Start of the epoch-aligned bar containing {@code tsMs}. */
  public long windowStart(long tsMs) {
    return tsMs - Math.floorMod(tsMs, barMs);
  }

  /** Stream time at which the bar starting at {@code windowStart} closes: its end plus grace. */
  public long closeAt(long windowStart) {
    return windowStart + barMs + graceMs;
  }

  /** True when the bar starting at {@code windowStart} has closed at {@code streamTime}. */
  public boolean closed(long windowStart, long streamTime) {
    return streamTime != NO_STREAM_TIME && closeAt(windowStart) <= streamTime;
  }

  /** True when a tick with fingerprint {@code fp} is a duplicate, given what its bar has seen. */
  public boolean duplicate(long fp, LongPredicate seenInBar) {
    return fp != NO_KEY && seenInBar.test(fp);
  }

  /** Stream time after accepting a tick of event time {@code tsMs}: it never goes back. */
  public static long advance(long streamTime, long tsMs) {
    return Math.max(streamTime, tsMs);
  }
}
