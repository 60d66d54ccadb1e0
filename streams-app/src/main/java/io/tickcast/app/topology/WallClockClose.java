package io.tickcast.app.topology;

import java.time.Duration;

/**
 * When {@link BarBuilderProcessor} closes bars on the wall clock instead of waiting for a tick to
 * move event time ({@code bar.idle.timeout}). Stream time only advances with new ticks, so when a
 * feed stops (market close, outage, a quiet partition) the last bars would otherwise stay open,
 * unforecast, until the next tick. A wall-clock punctuation closes the open bars with
 * {@code end + grace <= now} when all of these hold:
 *
 * <ol>
 *   <li>the partition is <b>quiet</b>: no tick accepted for {@code idleMs} of wall time;
 *   <li>the partition is <b>live</b>: when stream time last advanced, the tick's event time was at
 *       most {@code liveLagMs} (bar size + grace) behind the wall clock. A replay of history or a
 *       catch-up after downtime runs far behind the wall clock, so a pause in it (a rebalance, a slow
 *       broker) never closes bars early; its bars close by event time as always;
 *   <li>some open bar is due by the wall clock: {@code end + grace <= now};
 *   <li>the stream thread was <b>responsive</b>: this punctuation came at most two intervals plus
 *       200 ms after the previous one. A longer gap means the thread was blocked (GC, a long
 *       training step, a rebalance), and ticks may be waiting unread in the topic; the idle wait
 *       then restarts.
 * </ol>
 *
 * <p>What this cannot see is consumer lag on a responsive thread (a partition whose fetches stall
 * for longer than the idle timeout while its ticks are in the topic); keep the timeout well above
 * such stalls (the default is 30 s).
 *
 * <p>Closing on the wall clock raises the task's stream time to {@code now}, so a tick that
 * arrives later for a closed bar is dead-lettered as {@code late}, exactly as if event time had
 * moved; bars still inside their grace by the wall clock stay open. Closed bars carry {@code
 * wallClockClosed=true}, as do their forecasts. Immutable and thread-safe.
 *
 * @param idleMs quiet time before closing, wall-clock ms; 0 disables wall-clock closing
 * @param liveLagMs largest feed lag (wall minus event time) still considered live
 */
record WallClockClose(long idleMs, long liveLagMs) {

  boolean enabled() {
    return idleMs > 0;
  }

  /** How often to check: half the idle timeout, between 10 ms and 1 s. */
  Duration interval() {
    return Duration.ofMillis(Math.max(10, Math.min(1_000, idleMs / 2)));
  }

  /** Whether the gap between two punctuations means the stream thread was blocked. */
  boolean threadWasBlocked(long sincePreviousMs) {
    return sincePreviousMs > 2 * interval().toMillis() + 200;
  }

  /** Whether a punctuation at wall time {@code nowMs} closes bars. */
  boolean shouldClose(BarClock clock, long lastTickWallMs, long nowMs) {
    return enabled()
        && clock.hasStreamTime()
        && clock.nextCloseAt() <= nowMs
        && nowMs - lastTickWallMs >= idleMs
        && clock.lagMs() <= liveLagMs;
  }
}
