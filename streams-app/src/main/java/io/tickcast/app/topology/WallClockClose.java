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
 *   <li>some open bar is due by the wall clock: {@code end + grace <= now}.
 * </ol>
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

  /** Whether a punctuation at wall time {@code nowMs} closes bars. */
  boolean shouldClose(BarClock clock, long lastTickWallMs, long nowMs) {
    return enabled()
        && clock.hasStreamTime()
        && clock.nextCloseAt() <= nowMs
        && nowMs - lastTickWallMs >= idleMs
        && clock.lagMs() <= liveLagMs;
  }
}
