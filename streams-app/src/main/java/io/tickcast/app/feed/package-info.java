/**
 * Replay of trades CSV files into the ticks topic: {@link io.tickcast.app.feed.TradeCsv} reads
 * (plain or gzip, header-driven), {@link io.tickcast.app.feed.TickFeeder} sends with event-time
 * record timestamps, paced by a time-compression factor. Used by the demo and the {@code feed}
 * command.
 */
package io.tickcast.app.feed;
