package io.tickcast.app.topology;

import io.tickcast.app.metrics.TickcastMetrics;
import io.tickcast.app.serde.JsonCodecs;
import io.tickcast.app.serde.RejectReason;
import io.tickcast.model.domain.Bar;
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
 */
final class BarValidationProcessor implements FixedKeyProcessor<String, byte[], Parsed<Bar>> {

  private static final Logger LOG = LoggerFactory.getLogger(BarValidationProcessor.class);

  private final TickcastMetrics metrics;
  private final String dlqTopic;
  private FixedKeyProcessorContext<String, Parsed<Bar>> context;

  BarValidationProcessor(TickcastMetrics metrics, String dlqTopic) {
    this.metrics = metrics;
    this.dlqTopic = dlqTopic;
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
        if (bar.symbol().equals(record.key())) {
          context.forward(record.withValue(Parsed.ok(bar, record.value())));
          return;
        }
        reason = RejectReason.KEY_MISMATCH.code();
        detail = "record key '" + record.key() + "' differs from symbol '" + bar.symbol() + "'";
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
}
