package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.DedupMode;
import io.tickcast.app.serde.RejectReason;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.domain.Tick;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The validator of the former DSL bar topology ({@link DslBars}), kept as test reference.
 * Parses and validates raw tick records. A valid tick is forwarded with its record timestamp set
 * to the tick's event time ({@code ts}), which is what the bar windows use; a rejected record is
 * forwarded unchanged (original bytes, original timestamp) with dead-letter headers added.
 *
 * <p>Two checks need state, kept in changelogged stores so they survive restarts: a tick whose
 * bar has already closed ({@code windowEnd <= streamTime - grace}, the same rule the window
 * aggregate applies) is dead-lettered as {@code late} instead of being dropped silently, and a
 * tick identical to one seen within the bar-plus-grace horizon (same symbol, ts, price, size) is
 * dead-lettered as {@code duplicate} (when deduplication is on).
 *
 * <p>Event time is assigned here rather than in a {@code TimestampExtractor} on purpose: an
 * extractor cannot route a record whose timestamp is unusable to the dead-letter topic (Kafka
 * Streams would drop it), and the JSON would be parsed twice.
 */
final class TickValidationProcessor implements FixedKeyProcessor<String, byte[], Parsed<Tick>> {

  private static final Logger LOG = LoggerFactory.getLogger(TickValidationProcessor.class);

  private final TickParser parser;
  private final TickcastMetrics metrics;
  private final LongSupplier wallClockMs;
  private final String dlqTopic;
  private final long barSizeMs;
  private final long graceMs;
  private final DedupMode dedup;
  private FixedKeyProcessorContext<String, Parsed<Tick>> context;
  private KeyValueStore<String, Long> streamTimes;
  private WindowStore<String, Long> seen;

  /** Key of this task's stream time in the stream-time store. */
  private static final String STREAM_TIME = "stream-time";

  TickValidationProcessor(TickParser parser, TickcastMetrics metrics, LongSupplier wallClockMs,
      String dlqTopic, long barSizeMs, long graceMs, DedupMode dedup) {
    this.parser = parser;
    this.metrics = metrics;
    this.wallClockMs = wallClockMs;
    this.dlqTopic = dlqTopic;
    this.barSizeMs = barSizeMs;
    this.graceMs = graceMs;
    this.dedup = dedup;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Parsed<Tick>> context) {
    this.context = context;
    this.streamTimes = context.getStateStore(DslBars.TICK_STREAM_TIME_STORE);
    this.seen = context.getStateStore(DslBars.TICK_DEDUP_STORE);
  }

  /** Null when the tick may enter its window, else the reason it may not. */
  private RejectReason stateCheck(Tick tick) {
    Long streamTime = streamTimes.get(STREAM_TIME);
    long windowEnd = tick.tsMs() - Math.floorMod(tick.tsMs(), barSizeMs) + barSizeMs;
    if (streamTime != null && windowEnd <= streamTime - graceMs) {
      return RejectReason.LATE;
    }
    String fp = fingerprint(tick);
    if (fp != null) {
      // The builder's rule: a repeated id within the same bar.
      long barStart = tick.tsMs() - Math.floorMod(tick.tsMs(), barSizeMs);
      long from = dedup == DedupMode.ID ? barStart : tick.tsMs();
      long to = dedup == DedupMode.ID ? barStart + barSizeMs - 1 : tick.tsMs();
      try (WindowStoreIterator<Long> it = seen.fetch(fp, from, to)) {
        if (it.hasNext()) {
          return RejectReason.DUPLICATE;
        }
      }
      seen.put(fp, tick.tsMs(), tick.tsMs());
    }
    if (streamTime == null || tick.tsMs() > streamTime) {
      streamTimes.put(STREAM_TIME, tick.tsMs());
    }
    return null;
  }

  /** Dedup key of a tick under the configured mode, or null when it cannot be a duplicate. */
  private String fingerprint(Tick tick) {
    return switch (dedup) {
      case OFF -> null;
      case ID -> tick.hasId() ? tick.symbol() + '\u0000' + tick.id() : null;
      case CONTENT -> tick.symbol() + '|' + tick.tsMs() + '|' + Double.doubleToLongBits(tick.price())
          + '|' + Double.doubleToLongBits(tick.size());
    };
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    metrics.tickReceived();
    TickParser.Result r = parser.parse(record.key(), record.value(), wallClockMs.getAsLong());
    if (r.isValid()) {
      RejectReason stateful = stateCheck(r.tick());
      if (stateful != null) {
        reject(record, stateful.code(), stateful == RejectReason.LATE
            ? "bar of ts " + r.tick().tsMs() + " closed (stream time " + streamTimes.get(STREAM_TIME)
                + ", grace " + graceMs + " ms)"
            : dedup == DedupMode.ID ? "trade id " + r.tick().id() + " already seen for this symbol"
                : "same symbol, ts, price and size as an earlier tick");
        return;
      }
      metrics.tickAccepted();
      context.forward(record.withValue(Parsed.ok(r.tick(), record.value()))
          .withTimestamp(r.tick().tsMs()));
      return;
    }
    reject(record, r.reason().code(), r.detail());
  }

  private void reject(FixedKeyRecord<String, byte[]> record, String reason, String detail) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    LOG.debug("tick rejected ({}: {}) at {}-{}@{}", reason, detail, topic, partition, offset);
    metrics.deadLettered(dlqTopic, reason);
    context.forward(record
        .withValue(Parsed.<Tick>rejected(reason, record.value()))
        .withHeaders(DeadLetters.headers(record.headers(), reason, detail, topic, partition, offset)));
  }
}
