package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.RejectReason;
import io.tickcast.model.bars.BarAccumulator;
import io.tickcast.model.domain.Bar;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-lettering of a closed bar that cannot be built (its fold holds values no {@link Bar}
 * accepts, or building it failed otherwise). The bar has no source record of its own, so its
 * dead-letter record carries the fold's fields as JSON, keyed by the symbol, with reason {@code
 * processing_error}, the exception as detail and the ticks topic and the task's partition as
 * source (offset -1). One ERROR line names the symbol and the window.
 */
final class UnbuildableBars {

  private static final Logger LOG = LoggerFactory.getLogger(UnbuildableBars.class);

  private UnbuildableBars() {}

  /** Logs, counts and returns the dead-letter record of the bar {@code [slot.startMs, endMs)}. */
  static Record<String, Parsed<Bar>> deadLetter(String symbol, OpenBars.Slot slot, long endMs,
      RuntimeException error, String ticksTopic, int partition, String dlqTopic,
      TickcastMetrics metrics) {
    String reason = RejectReason.PROCESSING_ERROR.code();
    LOG.error("bar of {} over [{}, {}) cannot be built, dropped to {} ({} ticks lost): {}", symbol,
        Instant.ofEpochMilli(slot.startMs), Instant.ofEpochMilli(endMs), dlqTopic,
        slot.acc.count(), error.toString());
    metrics.deadLettered(dlqTopic, reason);
    byte[] value = json(symbol, slot.startMs, endMs, slot.acc).getBytes(StandardCharsets.UTF_8);
    return new Record<>(symbol, Parsed.<Bar>rejected(reason, value), endMs - 1,
        DeadLetters.headers(new RecordHeaders(), reason, "unbuildable bar: " + error,
            ticksTopic, partition, -1));
  }

  /** The fold as JSON; non-finite numbers (the usual cause) as strings, so it stays valid JSON. */
  static String json(String symbol, long startMs, long endMs, BarAccumulator a) {
    return String.format(Locale.ROOT, "{\"symbol\":\"%s\",\"start\":%d,\"end\":%d,\"ticks\":%d,"
            + "\"open\":%s,\"high\":%s,\"low\":%s,\"close\":%s,\"volume\":%s,\"notional\":%s}",
        symbol.replace("\\", "\\\\").replace("\"", "\\\""), startMs, endMs, a.count(),
        num(a.open()), num(a.high()), num(a.low()), num(a.close()), num(a.volume()),
        num(a.notional()));
  }

  private static String num(double d) {
    return Double.isFinite(d) ? Double.toString(d) : "\"" + d + "\"";
  }
}
