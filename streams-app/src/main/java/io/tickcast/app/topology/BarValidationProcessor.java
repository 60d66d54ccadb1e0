package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.app.serde.RejectReason;
import io.tickcast.app.serde.SymbolRules;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.domain.Bar;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates records of the {@code bars} topic, which users may also write directly.
 * Invalid bars (malformed JSON, non-finite or non-positive prices, broken OHLC order, key not the
 * symbol) are forwarded with dead-letter headers, so the forecaster only ever sees valid bars.
 * The symbol and time rules of ticks apply too ({@code tick.max.symbol.length}, {@link
 * SymbolRules}, {@code tick.max.future.skew}): a bar ending years ahead would make every later
 * bar of its symbol stale, for good.
 */
final class BarValidationProcessor implements FixedKeyProcessor<String, byte[], Parsed<Bar>> {

  private static final Logger LOG = LoggerFactory.getLogger(BarValidationProcessor.class);
  /** The longest bar a user publishes at its close, a month (ms): its end may be this far ahead. */
  private static final long MAX_BAR_LENGTH_MS = 31L * 86_400_000L;

  private final TickcastMetrics metrics;
  private final String dlqTopic;
  private final TickParser.Limits limits;
  /** Wall clock, epoch ms: only for the future-skew check. */
  private final LongSupplier wallClockMs;
  private FixedKeyProcessorContext<String, Parsed<Bar>> context;

  BarValidationProcessor(TickcastMetrics metrics, String dlqTopic, TickParser.Limits limits,
      LongSupplier wallClockMs) {
    this.metrics = metrics;
    this.dlqTopic = dlqTopic;
    this.limits = limits;
    this.wallClockMs = wallClockMs;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Parsed<Bar>> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    String reason;
    String detail;
    if (record.value() == null || record.value().length == 0) {
      reason = RejectReason.EMPTY_VALUE.code();
      detail = "record value is empty";
    } else {
      try {
        Bar bar = JsonCodecs.barFromJson(record.value());
        SymbolRules.Problem symbolProblem = SymbolRules.check(bar.symbol(), limits.maxSymbolLength());
        if (symbolProblem != null) {
          reason = symbolProblem.reason().code();
          detail = symbolProblem.detail();
        } else if (!TickParser.inRange(bar.low(), bar.volume()) || !TickParser.priceInRange(bar.high())
            || !TickParser.priceInRange(bar.vwap())) {
          reason = RejectReason.VALUE_OUT_OF_RANGE.code();
          detail = "prices must be in [1e-30, 1e30] and volume <= 1e30, was low=" + bar.low() + " high="
              + bar.high() + " vwap=" + bar.vwap() + " volume=" + bar.volume();
        } else if (inFuture(bar.startMs(), bar.endMs(), wallClockMs.getAsLong())) {
          reason = RejectReason.TIMESTAMP_OUT_OF_RANGE.code();
          detail = "bar [" + bar.startMs() + ", " + bar.endMs() + ") starts more than "
              + limits.maxFutureSkewMs() + " ms or ends more than that plus 31 days in the future";
        } else if (bar.symbol().equals(record.key())) {
          context.forward(record.withValue(Parsed.ok(bar, record.value())));
          return;
        } else {
          reason = RejectReason.KEY_MISMATCH.code();
          detail = "record key '" + record.key() + "' differs from symbol '" + bar.symbol() + "'";
        }
      } catch (IllegalArgumentException e) {
        reason = RejectReason.INVALID_BAR.code();
        detail = e.getMessage();
      }
    }
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    LOG.debug("bar rejected ({}: {}) at {}-{}@{}", reason, detail, topic, partition, offset);
    metrics.deadLettered(dlqTopic, reason);
    context.forward(record
        .withValue(Parsed.<Bar>rejected(reason, record.value()))
        .withHeaders(DeadLetters.headers(record.headers(), reason, detail, topic, partition, offset)));
  }

  /**
   * Whether a bar is in the future: it starts more than the skew ahead of {@code nowMs}, or ends more
   * than the skew plus 31 days ahead. Not the end alone against the skew: a daily bar published at the
   * US close ends at the next 00:00Z, hours ahead (a monthly bar, weeks). Only the future is refused:
   * daily bars from before 1970 are real history. Differences, never {@code end - skew > now}: with a
   * huge skew that overflows for a negative end and refuses a 1950 bar.
   */
  private boolean inFuture(long startMs, long endMs, long nowMs) {
    long skew = limits.maxFutureSkewMs();
    boolean startAhead = startMs > nowMs && startMs - nowMs > skew;
    // end > now > 0 and skew >= 0: end - now - skew cannot overflow, unlike skew + 31 days
    boolean endAhead = endMs > nowMs && endMs - nowMs - skew > MAX_BAR_LENGTH_MS;
    return startAhead || endAhead;
  }
}
