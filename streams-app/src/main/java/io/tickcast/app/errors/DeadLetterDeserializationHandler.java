package io.tickcast.app.errors;

import io.tickcast.app.serde.RejectReason;
import io.tickcast.app.topology.DeadLetters;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records whose bytes cannot be deserialised are dead-lettered with their original bytes and a
 * {@code deserialization_error} reason, counted, and skipped: the stream keeps running.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

  private FailurePolicy policy;

  @Override
  public void configure(Map<String, ?> configs) {
    policy = FailurePolicy.from(configs);
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
      Exception exception) {
    String dlq = policy.deadLetterTopicFor(record.topic());
    String reason = RejectReason.DESERIALIZATION_ERROR.code();
    LOG.warn("cannot deserialise record {}-{}@{}; dead-lettered to {}: {}", record.topic(),
        record.partition(), record.offset(), dlq, exception.toString());
    policy.metrics().deadLettered(dlq, reason);
    ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(dlq, null, record.timestamp(),
        record.key(), record.value(), DeadLetters.headers(record.headers(), reason,
            exception.toString(), record.topic(), record.partition(), record.offset()));
    return Response.resume(List.of(out));
  }
}
