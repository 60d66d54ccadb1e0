package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.TickParser;
import io.tickcast.model.domain.Tick;
import java.util.function.LongSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses and validates raw tick records. A valid tick is forwarded with its record timestamp set
 * to the tick's event time ({@code ts}), which is what the bar windows use; a rejected record is
 * forwarded unchanged (original bytes, original timestamp) with dead-letter headers added.
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
  private FixedKeyProcessorContext<String, Parsed<Tick>> context;

  TickValidationProcessor(TickParser parser, TickcastMetrics metrics, LongSupplier wallClockMs,
      String dlqTopic) {
    this.parser = parser;
    this.metrics = metrics;
    this.wallClockMs = wallClockMs;
    this.dlqTopic = dlqTopic;
  }

  @Override
  public void init(FixedKeyProcessorContext<String, Parsed<Tick>> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<String, byte[]> record) {
    metrics.tickReceived();
    TickParser.Result r = parser.parse(record.key(), record.value(), wallClockMs.getAsLong());
    if (r.isValid()) {
      metrics.tickAccepted();
      context.forward(record.withValue(Parsed.ok(r.tick(), record.value()))
          .withTimestamp(r.tick().tsMs()));
      return;
    }
    String reason = r.reason().code();
    RecordMetadata meta = context.recordMetadata().orElse(null);
    String topic = meta == null ? null : meta.topic();
    int partition = meta == null ? -1 : meta.partition();
    long offset = meta == null ? -1 : meta.offset();
    LOG.debug("tick rejected ({}: {}) at {}-{}@{}", reason, r.detail(), topic, partition, offset);
    metrics.deadLettered(dlqTopic, reason);
    context.forward(record
        .withValue(Parsed.<Tick>rejected(reason, record.value()))
        .withHeaders(DeadLetters.headers(record.headers(), reason, r.detail(), topic, partition, offset)));
  }
}
