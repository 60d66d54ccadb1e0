/**
 * Pure folding of ticks into OHLCV bars, shared by the Kafka Streams topology and the backtest.
 * No Kafka here: the windowing itself (event time, grace, final results) belongs to the stream.
 */
package io.tickcast.model.bars;
